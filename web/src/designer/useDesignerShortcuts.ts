import { useEffect, useRef } from 'react';
import type { DesignerStore } from './store';

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Ctrl/⌘+Z, Ctrl/⌘+Shift+Z (or Ctrl+Y) and Ctrl/⌘+S; text fields keep their own undo. */
export function useDesignerShortcuts(store: DesignerStore, onSave: () => void) {
  const saveRef = useRef(onSave);
  saveRef.current = onSave;

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 's') {
        event.preventDefault();
        saveRef.current();
        return;
      }
      if (isEditable(event.target)) return;
      if (key === 'z') {
        event.preventDefault();
        store.dispatch({ type: event.shiftKey ? 'redo' : 'undo' });
      } else if (key === 'y') {
        event.preventDefault();
        store.dispatch({ type: 'redo' });
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
