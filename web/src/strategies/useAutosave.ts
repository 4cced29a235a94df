import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import {
  backtestKeys,
  saveStrategy,
  validateStrategySpec,
  type SavedStrategy,
  type SpecIssue,
  type StrategyBody,
} from '../api/backtests';
import { parseJsonWithPosition } from './jsonErrors';

/** Quiet time after the last keystroke before the draft is checked and saved. */
export const AUTOSAVE_DEBOUNCE_MS = 600;

export type SaveState = 'saved' | 'unsaved' | 'saving' | 'invalid' | 'error';

export interface DraftCheck {
  /** The text this check is about; a check of an older text says nothing about the current one. */
  forText: string;
  jsonError: { message: string; line: number | null; column: number | null } | null;
  problems: SpecIssue[];
  warnings: SpecIssue[];
}

export interface Autosave {
  state: SaveState;
  check: DraftCheck | null;
  /** The last save failure, while it is the latest word on the draft. */
  error: string | null;
  checking: boolean;
}

function bodyOf(strategy: SavedStrategy, name: string, value: unknown, text: string): StrategyBody {
  return strategy.kind === 'code'
    ? { kind: 'code', name, description: strategy.description, content: { source: text } }
    : { kind: 'spec', name, description: strategy.description, content: value as Record<string, unknown> };
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/**
 * Checks the draft after each pause in typing — JSON syntax locally, the spec on the server (POST
 * /strategies/validate) — and saves it (PUT) when it is valid and differs from what was last saved. The server only
 * stores valid specs, so an invalid draft stays unsaved and says why.
 */
export function useAutosave(strategy: SavedStrategy, name: string, text: string, initialText: string): Autosave {
  const queryClient = useQueryClient();
  const saved = useRef({ name: strategy.name, text: initialText });
  // The effect below restarts on edits only; the rest of the row is read when saving.
  const row = useRef(strategy);
  row.current = strategy;
  const { id, kind } = strategy;
  const [check, setCheck] = useState<DraftCheck | null>(null);
  const [checking, setChecking] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Bumped after a save so the state below re-reads the ref.
  const [, setSavedVersion] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      let value: unknown = null;
      try {
        if (kind === 'spec') {
          const json = parseJsonWithPosition(text);
          if (!json.ok) {
            setCheck({ forText: text, jsonError: json, problems: [], warnings: [] });
            return;
          }
          value = json.value;
          setChecking(true);
          const v = await validateStrategySpec(value, controller.signal);
          setChecking(false);
          setCheck({ forText: text, jsonError: null, problems: v.errors, warnings: v.warnings });
          if (!v.ok) return;
        }
        const dirty = text !== saved.current.text || name !== saved.current.name;
        if (!dirty) return;
        if (name.trim() === '') {
          setError('the strategy needs a name');
          return;
        }
        setSaving(true);
        const stored = await saveStrategy(id, bodyOf(row.current, name.trim(), value, text), controller.signal);
        saved.current = { name, text };
        setSavedVersion((n) => n + 1);
        setError(null);
        queryClient.setQueryData(backtestKeys.strategy(id), stored);
        void queryClient.invalidateQueries({ queryKey: backtestKeys.strategies, exact: true });
      } catch (err) {
        if (isAbort(err)) return;
        setError(err instanceof Error ? err.message : String(err));
      } finally {
        if (!controller.signal.aborted) {
          setChecking(false);
          setSaving(false);
        }
      }
    }, AUTOSAVE_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
      setChecking(false);
      setSaving(false);
    };
  }, [id, kind, name, text, queryClient]);

  const dirty = text !== saved.current.text || name !== saved.current.name;
  const current = check?.forText === text ? check : null;
  const invalid = !!current && (current.jsonError !== null || current.problems.length > 0);
  let state: SaveState;
  if (saving) state = 'saving';
  else if (invalid) state = 'invalid';
  else if (dirty && error) state = 'error';
  else if (dirty) state = 'unsaved';
  else state = 'saved';
  return { state, check, error: dirty ? error : null, checking };
}
