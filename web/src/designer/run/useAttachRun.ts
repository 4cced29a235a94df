import { useEffect } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';
import { getGraphRun } from '../../api/graphs';
import { useDesignerStore } from '../store';

/**
 * `/graphs/:id?run=<workflowId>` opens the designer on an earlier run of this graph: the overlay follows it exactly as
 * it follows a run started here (nodes are matched by id, so a run of an older version colours the nodes it shares).
 * Every navigation to it counts (the location key changes), so picking the same run again in the runs list brings
 * back an overlay that was hidden or replaced.
 */
export function useAttachRun(graphId: string) {
  const store = useDesignerStore();
  const [params] = useSearchParams();
  const { key: navigation } = useLocation();
  const workflowId = params.get('run');
  useEffect(() => {
    if (!workflowId) return;
    const controller = new AbortController();
    getGraphRun(workflowId, controller.signal)
      .then((run) => {
        if (run.graph?.graphId !== graphId) return;
        // Already on the canvas: starting it again would blank the overlay until the next event.
        if (store.getState().run?.workflowId === run.workflowId) return;
        store.dispatch({ type: 'runStarted', run: { workflowId: run.workflowId, runId: run.runId, version: run.graph.version, temporalUiUrl: run.temporalUiUrl } });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) console.warn('could not open the run', error);
      });
    return () => controller.abort();
  }, [workflowId, graphId, store, navigation]);
}
