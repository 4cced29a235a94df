import { useEffect, useRef, useState } from 'react';
import type { Graph } from '../../api/graphTypes';
import { validateGraph } from '../../api/graphs';
import { useDesignerStore, useGraphStructure } from '../store';

export type ValidationStatus = 'pending' | 'checking' | 'done' | 'unavailable';

const DEBOUNCE_MS = 400;

/** Positions never make a graph invalid; dragging nodes around should not cost a round trip. */
function signature(graph: Graph): string {
  return JSON.stringify({ ...graph, nodes: graph.nodes.map(({ position: _position, ...rest }) => rest) });
}

/**
 * Asks the server to validate the graph 400 ms after the last edit and puts its problems in the store. Moves do not
 * count as edits: the designer page that calls this must not re-render on every frame of a drag.
 */
export function useLiveValidation(): ValidationStatus {
  const store = useDesignerStore();
  const graph = useGraphStructure();
  const [status, setStatus] = useState<ValidationStatus>('pending');
  const lastChecked = useRef<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      const sig = signature(graph);
      if (sig === lastChecked.current) return;
      setStatus('checking');
      validateGraph(graph, controller.signal).then(
        (result) => {
          lastChecked.current = sig;
          store.dispatch({ type: 'setProblems', problems: result.problems });
          setStatus('done');
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          console.warn('graph validation failed', error);
          setStatus('unavailable');
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [graph, store]);

  return status;
}
