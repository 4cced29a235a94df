import { useRef, type KeyboardEvent } from 'react';
import type { StrategyKind } from '../api/backtests';
import { DraftProblems } from './DraftProblems';
import { SaveStatus } from './SaveStatus';
import type { Autosave } from './useAutosave';

interface SpecEditorProps {
  kind: StrategyKind;
  name: string;
  onName: (name: string) => void;
  text: string;
  onText: (text: string) => void;
  undo: () => void;
  redo: () => void;
  canUndo: boolean;
  canRedo: boolean;
  autosave: Autosave;
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + column - 1);
}

/** The strategy as text (spec JSON or code), with undo/redo, its save state and what is wrong with it. */
export function SpecEditor(props: SpecEditorProps) {
  const { kind, name, onName, text, onText, undo, redo, canUndo, canRedo, autosave } = props;
  const area = useRef<HTMLTextAreaElement>(null);

  // Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y (⌘ on macOS) go to our history: the textarea's own undo stack is lost on
  // every controlled re-render.
  const onKeyDown = (event: KeyboardEvent) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === 'z' && !event.shiftKey) {
      event.preventDefault();
      undo();
    } else if ((key === 'z' && event.shiftKey) || key === 'y') {
      event.preventDefault();
      redo();
    }
  };

  const jump = (line: number, column: number) => {
    const el = area.current;
    if (!el) return;
    const at = offsetOf(text, line, column);
    el.focus();
    el.setSelectionRange(at, Math.min(text.length, at + 1));
  };

  const stale = autosave.check !== null && autosave.check.forText !== text;
  const label = kind === 'spec' ? 'Strategy spec (JSON)' : 'Strategy code (JavaScript, runs in the sandbox)';
  return (
    <section className="card spec-editor" onKeyDown={onKeyDown}>
      <div className="spec-editor__toolbar">
        <input
          type="text"
          className="spec-editor__name"
          aria-label="Strategy name"
          value={name}
          onChange={(e) => onName(e.target.value)}
          data-testid="strategy-name"
        />
        <div className="toolbar__group">
          <button type="button" className="button button--small" onClick={undo} disabled={!canUndo} data-testid="undo" title="Undo (Ctrl+Z)">
            Undo
          </button>
          <button type="button" className="button button--small" onClick={redo} disabled={!canRedo} data-testid="redo" title="Redo (Ctrl+Shift+Z or Ctrl+Y)">
            Redo
          </button>
        </div>
        <SaveStatus state={autosave.state} error={autosave.error} checking={autosave.checking} />
      </div>
      <label className="visually-hidden" htmlFor="spec-text">{label}</label>
      <textarea
        id="spec-text"
        ref={area}
        className="mono spec-editor__text"
        spellCheck={false}
        value={text}
        onChange={(e) => onText(e.target.value)}
        aria-invalid={autosave.state === 'invalid'}
        data-testid="spec-text"
        rows={28}
      />
      {kind === 'spec' ? (
        <DraftProblems check={autosave.check} stale={stale} onJump={jump} />
      ) : (
        <p className="muted small">Code is checked when it runs: errors appear on the backtest run.</p>
      )}
    </section>
  );
}
