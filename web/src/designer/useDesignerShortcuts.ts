import { useEffect, useRef } from 'react';
import { isEditable } from './keyboardFocus';
import { selectSelectedNodeId, type DesignerStore } from './store';

export interface ShortcutHandlers {
  onSave: () => void;
  /** "/" or Ctrl/⌘+K: search node types in the palette. */
  onSearch: () => void;
  /** Enter on a node (or with one node selected and nothing focused): edit it in the inspector. */
  onOpenInspector: (nodeId: string) => void;
  /** Escape inside the inspector: back to the node on the canvas. */
  onLeaveInspector: (nodeId: string) => void;
  /** "?": the list of shortcuts. */
  onToggleHelp: () => void;
}

/** A focused node on the canvas: React Flow's wrapper element carries the node id. */
function focusedNodeId(target: EventTarget | null): string | null {
  return target instanceof HTMLElement && target.classList.contains('react-flow__node') ? (target.dataset.id ?? null) : null;
}

/**
 * The designer's keyboard: Ctrl/⌘+Z, Ctrl/⌘+Shift+Z (or Ctrl+Y), Ctrl/⌘+S, "/" and Ctrl/⌘+K, Enter, Escape and "?".
 * Text fields keep their own undo and typing. React Flow itself handles Tab focus, Space/Enter selection, arrow-key
 * moves and Delete/Backspace on the canvas (deletion goes through the store, so it is undoable).
 */
export function useDesignerShortcuts(store: DesignerStore, handlers: ShortcutHandlers) {
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const h = handlersRef.current;
      const editable = isEditable(event.target);
      if ((event.ctrlKey || event.metaKey) && !event.altKey) {
        const key = event.key.toLowerCase();
        if (key === 's') {
          event.preventDefault();
          h.onSave();
        } else if (key === 'k' && !event.shiftKey) {
          event.preventDefault();
          h.onSearch();
        } else if (editable) {
          return;
        } else if (key === 'z') {
          event.preventDefault();
          store.dispatch({ type: event.shiftKey ? 'redo' : 'undo' });
        } else if (key === 'y') {
          event.preventDefault();
          store.dispatch({ type: 'redo' });
        }
        return;
      }
      if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;

      if (event.key === 'Escape' && event.target instanceof Element && event.target.closest('[data-testid="inspector"]')) {
        const nodeId = selectSelectedNodeId(store.getState());
        if (nodeId) {
          event.preventDefault();
          h.onLeaveInspector(nodeId);
        }
        return;
      }
      if (editable) return;
      if (event.key === '/') {
        event.preventDefault();
        h.onSearch();
      } else if (event.key === '?') {
        event.preventDefault();
        h.onToggleHelp();
      } else if (event.key === 'Enter') {
        // Enter keeps its meaning on buttons, links and wires; on a node, or on nothing at all, it opens the node.
        const nodeId =
          focusedNodeId(event.target) ??
          (event.target === document.body || event.target === document.documentElement ? selectSelectedNodeId(store.getState()) : null);
        if (nodeId) {
          event.preventDefault();
          h.onOpenInspector(nodeId);
        }
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
