import { useEffect, useRef } from 'react';

const SHORTCUTS: readonly [keys: string, what: string][] = [
  ['/  or  Ctrl+K', 'Search node types in the palette'],
  ['↑ ↓, Enter', 'Walk the palette list and add the node type; the new node gets focus on the canvas'],
  ['Tab, Shift+Tab', 'Move between the nodes and wires on screen'],
  ['Space', 'Select the focused node or wire (Escape unselects)'],
  ['Enter', 'Edit the focused (or selected) node in the inspector'],
  ['Escape', 'From the inspector, back to the node on the canvas'],
  ['Arrow keys', 'Move the selected node (Shift: faster)'],
  ['Delete, Backspace', 'Remove the selected nodes and wires (undoable)'],
  ['Inspector › Connections', 'Wire the node to another one, or remove a wire'],
  ['Ctrl+Z, Ctrl+Shift+Z', 'Undo, redo (Ctrl+Y also redoes)'],
  ['Ctrl+S', 'Save a new version'],
  ['?', 'Show or hide this list'],
];

/** The designer's shortcuts, toggled from the toolbar or with "?"; Escape, or focus moving elsewhere, closes it. */
export function KeyboardHelp({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  const toggleRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (open) panelRef.current?.focus();
  }, [open]);

  return (
    <span className="keyboard-help">
      <button
        ref={toggleRef}
        type="button"
        className="button button--small"
        data-testid="keyboard-help-toggle"
        aria-expanded={open}
        aria-controls="designer-keyboard-help"
        aria-keyshortcuts="?"
        title="Keyboard shortcuts (?)"
        onClick={onToggle}
      >
        ⌨ Keyboard
      </button>
      {open && (
        <div
          ref={panelRef}
          id="designer-keyboard-help"
          className="keyboard-help__panel"
          role="dialog"
          aria-label="Keyboard shortcuts"
          data-testid="keyboard-help"
          tabIndex={-1}
          onBlur={(event) => {
            // Clicking or tabbing anywhere else puts it away (the toggle button handles its own click).
            const next = event.relatedTarget;
            if (!(next instanceof Node && event.currentTarget.parentElement?.contains(next))) onToggle();
          }}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            event.preventDefault();
            event.stopPropagation();
            onToggle();
            toggleRef.current?.focus();
          }}
        >
          <dl className="keyboard-help__list">
            {SHORTCUTS.map(([keys, what]) => (
              <div key={keys} className="keyboard-help__row">
                <dt><kbd>{keys}</kbd></dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </span>
  );
}
