import { useEffect } from 'react';
import { getGraphRun, runEventsUrl } from '../../api/graphs';
import type { NodeRunState } from '../../api/graphTypes';
import type { RunSummary } from '../../api/types';
import { useDesigner, useDesignerStore } from '../store';

const POLL_MS = 1_500;

function parse<T>(event: MessageEvent): T | null {
  try {
    return JSON.parse(event.data as string) as T;
  } catch {
    return null;
  }
}

/**
 * Feeds the run overlay from the run's Server-Sent Events. If the stream cannot be opened (or drops for good),
 * falls back to polling the run, so the overlay still reaches the end state.
 */
export function useRunEvents() {
  const store = useDesignerStore();
  const workflowId = useDesigner((s) => s.run?.workflowId ?? null);

  useEffect(() => {
    if (!workflowId) return;
    let closed = false;
    let pollTimer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();

    const poll = async () => {
      if (closed) return;
      try {
        const run = await getGraphRun(workflowId, controller.signal);
        store.dispatch({ type: 'runSummary', summary: run });
        if (run.nodes) store.dispatch({ type: 'runNodes', nodes: run.nodes });
        if (run.status !== 'RUNNING') {
          store.dispatch({ type: 'runEnded' });
          return;
        }
      } catch (error) {
        if (controller.signal.aborted) return;
        console.warn('polling the run failed', error);
      }
      pollTimer = setTimeout(poll, POLL_MS);
    };

    const url = runEventsUrl(workflowId);
    const source = url ? new EventSource(url) : null;
    if (!source) void poll();
    source?.addEventListener('run', (event) => {
      const summary = parse<RunSummary>(event as MessageEvent);
      if (summary) store.dispatch({ type: 'runSummary', summary });
    });
    source?.addEventListener('nodes', (event) => {
      const nodes = parse<NodeRunState[]>(event as MessageEvent);
      if (nodes) store.dispatch({ type: 'runNodes', nodes });
    });
    source?.addEventListener('end', () => {
      source.close();
      // One last read: the stream may close before the final node states were flushed.
      void poll();
    });
    source?.addEventListener('error', () => {
      // CONNECTING means the browser is retrying by itself; CLOSED means it gave up.
      if (source.readyState === EventSource.CLOSED && !closed) void poll();
    });

    return () => {
      closed = true;
      controller.abort();
      clearTimeout(pollTimer);
      source?.close();
    };
  }, [workflowId, store]);
}
