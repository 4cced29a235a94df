import { useEffect } from 'react';
import { useSearchParams } from 'react-router-dom';
import { getGraphRun } from '../../api/graphs';
import { useDesignerStore } from '../store';

/**
 * `/graphs/:id?run=<workflowId>` opens the designer on an earlier run of this graph: the overlay follows it exactly as
 * it follows a run started here (nodes are matched by id, so a run of an older version colours the nodes it shares).
 */
export function useAttachRun(graphId: string) {
  const store = useDesignerStore();
  const [params] = useSearchParams();
  const workflowId = params.get('run');
  useEffect(() => {
    if (!workflowId) return;
    const controller = new AbortController();
    getGraphRun(workflowId, controller.signal)
      .then((run) => {
        if (run.graph?.graphId !== graphId) return;
        store.dispatch({ type: 'runStarted', run: { workflowId: run.workflowId, runId: run.runId, version: run.graph.version, temporalUiUrl: run.temporalUiUrl } });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) console.warn('could not open the run', error);
      });
    return () => controller.abort();
  }, [workflowId, graphId, store]);
}
