import type { SaveState } from './useAutosave';

const TEXT: Record<SaveState, string> = {
  saved: 'Saved',
  unsaved: 'Unsaved changes',
  saving: 'Saving…',
  invalid: 'Not saved: fix the problems below',
  error: 'Save failed',
};

export function SaveStatus({ state, error, checking }: { state: SaveState; error: string | null; checking: boolean }) {
  return (
    <span className={`save-status save-status--${state}`} data-testid="save-state" data-state={state} role="status" aria-live="polite">
      {TEXT[state]}
      {state === 'error' && error ? `: ${error}` : ''}
      {checking && state !== 'saving' ? ' · checking…' : ''}
    </span>
  );
}
