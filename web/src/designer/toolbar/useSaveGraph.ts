import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../api/client';
import { saveGraph } from '../../api/graphs';
import type { GraphDetail } from '../../api/graphTypes';
import { queryKeys } from '../../api/queryKeys';
import { useDesignerStore } from '../store';

/** PUT the store's graph; the server makes a new version only when the content changed. */
export function useSaveGraph(graphId: string) {
  const store = useDesignerStore();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, message }: { name?: string; message?: string }) => {
      const graph = store.getState().graph;
      return saveGraph(graphId, { graph, name, message }).then((detail) => ({ detail, graph }));
    },
    onSuccess: ({ detail, graph }) => {
      store.dispatch({ type: 'markSaved', graph });
      queryClient.setQueryData<GraphDetail>(queryKeys.graphs.detail(graphId), detail);
      void queryClient.invalidateQueries({ queryKey: queryKeys.graphs.versions(graphId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.graphs.list() });
    },
    onError: (error) => {
      // The server's verdict is the one that counts: show exactly what blocked the save on the canvas.
      if (isApiError(error) && error.problems.length > 0) store.dispatch({ type: 'setProblems', problems: error.problems });
    },
  });
}
