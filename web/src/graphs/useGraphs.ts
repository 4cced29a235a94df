import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { createGraph, deleteGraph, instantiateTemplate, listGraphs, listTemplates } from '../api/graphs';
import type { Graph, GraphDetail } from '../api/graphTypes';
import { queryKeys } from '../api/queryKeys';
import { EMPTY_INPUT_SCHEMA } from '../designer/graphModel';

/** A new graph starts with its trigger: every run begins there, and an empty graph has nothing to wire to. */
const STARTER_GRAPH: Graph = {
  format: 1,
  inputSchema: EMPTY_INPUT_SCHEMA,
  outputs: {},
  nodes: [{ id: 'trigger', type: 'trigger.manual', typeVersion: 1, params: {}, position: { x: 0, y: 0 }, onError: 'fail' }],
  edges: [],
};

export function useGraphsList() {
  return useQuery({ queryKey: queryKeys.graphs.list(), queryFn: ({ signal }) => listGraphs(signal) });
}

export function useTemplates() {
  return useQuery({ queryKey: queryKeys.templates, queryFn: ({ signal }) => listTemplates(signal), staleTime: 5 * 60_000 });
}

function useOpenInDesigner() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (detail: GraphDetail) => {
    queryClient.setQueryData(queryKeys.graphs.detail(detail.id), detail);
    void queryClient.invalidateQueries({ queryKey: queryKeys.graphs.list() });
    navigate(`/graphs/${encodeURIComponent(detail.id)}`);
  };
}

export function useCreateGraph() {
  const open = useOpenInDesigner();
  return useMutation({
    mutationFn: (name: string) => createGraph({ name, graph: STARTER_GRAPH }),
    onSuccess: open,
  });
}

export function useInstantiateTemplate() {
  const open = useOpenInDesigner();
  return useMutation({
    mutationFn: (templateId: string) => instantiateTemplate(templateId),
    onSuccess: open,
  });
}

export function useDeleteGraph() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteGraph(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.graphs.list() }),
  });
}
