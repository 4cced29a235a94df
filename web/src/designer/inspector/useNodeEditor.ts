import { useCallback } from 'react';
import type { GraphNode } from '../../api/graphTypes';
import { outputHandles } from '../catalogIndex';
import { useDesignerStore } from '../store';
import { useCatalog } from '../useCatalog';

type NodePatch = Partial<Omit<GraphNode, 'id'>>;

/**
 * Edits of one node through the store. Reads the node at dispatch time (not from the last render) and drops the
 * wires of output handles an edit takes away (a removed switch case, onError leaving error-branch).
 */
export function useNodeEditor(nodeId: string) {
  const store = useDesignerStore();
  const catalog = useCatalog();

  const update = useCallback(
    (patch: (node: GraphNode) => NodePatch, coalesceKey?: string) => {
      const { graph } = store.getState();
      const node = graph.nodes.find((n) => n.id === nodeId);
      if (!node) return;
      const resolved = patch(node);
      const info = catalog.get(node.type, node.typeVersion);
      const handles = info ? new Set(outputHandles(info, { ...node, ...resolved })) : null;
      const removeEdgeIds = handles
        ? graph.edges.filter((e) => e.source === nodeId && !handles.has(e.sourceHandle)).map((e) => e.id)
        : [];
      store.dispatch({ type: 'updateNode', id: nodeId, patch: resolved, coalesceKey, removeEdgeIds });
    },
    [store, catalog, nodeId],
  );

  const setParam = useCallback(
    (name: string, value: unknown) =>
      update((node) => {
        const params = { ...node.params };
        if (value === undefined) delete params[name];
        else params[name] = value;
        return { params };
      }, `${nodeId}.params.${name}`),
    [update, nodeId],
  );

  const setSetting = useCallback(
    (key: 'label' | 'timeout' | 'retry' | 'onError', patch: (node: GraphNode) => NodePatch) =>
      update(patch, `${nodeId}.${key}`),
    [update, nodeId],
  );

  return { setParam, setSetting };
}
