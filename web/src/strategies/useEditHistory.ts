import { useCallback, useReducer } from 'react';

interface History {
  past: string[];
  present: string;
  future: string[];
  /** When the last edit happened, so a burst of keystrokes undoes as one step. */
  lastEditAt: number;
}

type Action =
  | { type: 'edit'; text: string; at: number }
  | { type: 'undo' }
  | { type: 'redo' };

/** Edits closer together than this merge into one undo step. */
const COALESCE_MS = 1000;
const MAX_STEPS = 200;

function reduce(h: History, action: Action): History {
  switch (action.type) {
    case 'edit': {
      if (action.text === h.present) return h;
      const coalesce = h.past.length > 0 && action.at - h.lastEditAt < COALESCE_MS;
      const past = coalesce ? h.past : [...h.past, h.present].slice(-MAX_STEPS);
      return { past, present: action.text, future: [], lastEditAt: action.at };
    }
    case 'undo': {
      const previous = h.past[h.past.length - 1];
      if (previous === undefined) return h;
      return { past: h.past.slice(0, -1), present: previous, future: [h.present, ...h.future], lastEditAt: 0 };
    }
    case 'redo': {
      const [next, ...rest] = h.future;
      if (next === undefined) return h;
      return { past: [...h.past, h.present], present: next, future: rest, lastEditAt: 0 };
    }
  }
}

/** A text with undo/redo, kept by the editor itself (the textarea's native undo does not survive re-renders). */
export function useEditHistory(initial: string) {
  const [history, dispatch] = useReducer(reduce, { past: [], present: initial, future: [], lastEditAt: 0 });
  const edit = useCallback((text: string) => dispatch({ type: 'edit', text, at: Date.now() }), []);
  const undo = useCallback(() => dispatch({ type: 'undo' }), []);
  const redo = useCallback(() => dispatch({ type: 'redo' }), []);
  return {
    text: history.present,
    edit,
    undo,
    redo,
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
  };
}
