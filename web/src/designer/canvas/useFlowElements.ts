import type { EdgeChange, NodeChange } from '@xyflow/react';
import { useCallback, useMemo, useRef } from 'react';
import type { GraphEdge, GraphNode } from '../../api/graphTypes';
import { outputHandles, type CatalogIndex, type NodeTypeInfo } from '../catalogIndex';
import { useDesigner, useDesignerStore, type Selection } from '../store';
import type { FlowEdge, FlowNode } from './flowTypes';

type Measured = { width: number; height: number };

interface NodeCacheEntry {
  source: GraphNode;
  selected: boolean;
  measured: Measured | undefined;
  flow: FlowNode;
}

interface EdgeCacheEntry {
  source: GraphEdge;
  selected: boolean;
  flow: FlowEdge;
}

/** Matches .flow-node's width; heights follow the handle rows (header, one row per port, padding). */
export const NODE_WIDTH = 240;
const HEADER_HEIGHT = 48;
const ROW_HEIGHT = 20;

/**
 * A size for nodes React Flow has not measured yet (those outside the viewport are never rendered with
 * onlyRenderVisibleElements), so fitting the view and culling still account for them.
 */
function estimatedHeight(node: GraphNode, info: NodeTypeInfo | undefined): number {
  const inputs = 1 + (info?.fields.length ?? 0);
  const outputs = info ? outputHandles(info, node).length : 1;
  return HEADER_HEIGHT + ROW_HEIGHT * Math.max(inputs, outputs) + 8;
}

function applySelect(current: readonly string[], changes: { id: string; selected: boolean }[]): string[] {
  const next = new Set(current);
  for (const change of changes) {
    if (change.selected) next.add(change.id);
    else next.delete(change.id);
  }
  return [...next];
}

/**
 * Turns the store's graph into React Flow nodes and edges, reusing the previous object for anything unchanged:
 * React Flow skips unchanged node objects, which is what keeps a 300-node graph smooth while one node is dragged.
 */
export function useFlowElements(catalog: CatalogIndex) {
  const store = useDesignerStore();
  const graphNodes = useDesigner((s) => s.graph.nodes);
  const graphEdges = useDesigner((s) => s.graph.edges);
  const selection = useDesigner((s) => s.selection);
  const nodeCache = useRef(new Map<string, NodeCacheEntry>());
  const edgeCache = useRef(new Map<string, EdgeCacheEntry>());
  // React Flow measures nodes itself but forgets a size unless the next node object carries it again.
  const measuredRef = useRef(new Map<string, Measured>());

  const nodes = useMemo(() => {
    const selected = new Set(selection.nodeIds);
    const cache = new Map<string, NodeCacheEntry>();
    const out = graphNodes.map((node) => {
      const isSelected = selected.has(node.id);
      const measured = measuredRef.current.get(node.id);
      const previous = nodeCache.current.get(node.id);
      let entry = previous;
      if (!entry || entry.source !== node || entry.selected !== isSelected || entry.measured !== measured) {
        const info = catalog.get(node.type, node.typeVersion);
        entry = {
          source: node,
          selected: isSelected,
          measured,
          flow: {
            id: node.id,
            type: 'graphNode' as const,
            position: node.position,
            data: { node, info },
            selected: isSelected,
            measured,
            initialWidth: NODE_WIDTH,
            initialHeight: estimatedHeight(node, info),
          },
        };
      }
      cache.set(node.id, entry);
      return entry.flow;
    });
    nodeCache.current = cache;
    return out;
  }, [graphNodes, selection.nodeIds, catalog]);

  const edges = useMemo(() => {
    const selected = new Set(selection.edgeIds);
    const cache = new Map<string, EdgeCacheEntry>();
    const out = graphEdges.map((edge) => {
      const isSelected = selected.has(edge.id);
      const previous = edgeCache.current.get(edge.id);
      const entry =
        previous && previous.source === edge && previous.selected === isSelected
          ? previous
          : {
              source: edge,
              selected: isSelected,
              flow: {
                id: edge.id,
                type: 'graphEdge' as const,
                source: edge.source,
                sourceHandle: edge.sourceHandle,
                target: edge.target,
                targetHandle: edge.targetHandle,
                selected: isSelected,
              },
            };
      cache.set(edge.id, entry);
      return entry.flow;
    });
    edgeCache.current = cache;
    return out;
  }, [graphEdges, selection.edgeIds]);

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const positions: Record<string, { x: number; y: number }> = {};
      let moved = false;
      let dragging = false;
      const selects: { id: string; selected: boolean }[] = [];
      for (const change of changes) {
        if (change.type === 'position' && change.position) {
          positions[change.id] = change.position;
          moved = true;
          dragging ||= !!change.dragging;
        } else if (change.type === 'position' && change.dragging === false) {
          // Drag end without a new position still closes the drag's undo step.
          moved = true;
        } else if (change.type === 'dimensions' && change.dimensions) {
          measuredRef.current.set(change.id, change.dimensions);
        } else if (change.type === 'select') {
          selects.push({ id: change.id, selected: change.selected });
        }
        // 'remove' is handled once, for nodes and edges together, by onDelete.
      }
      if (moved) store.dispatch({ type: 'moveNodes', positions, dragging });
      if (selects.length > 0) {
        const current: Selection = store.getState().selection;
        store.dispatch({ type: 'select', selection: { nodeIds: applySelect(current.nodeIds, selects) } });
      }
    },
    [store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowEdge>[]) => {
      const selects = changes.flatMap((c) => (c.type === 'select' ? [{ id: c.id, selected: c.selected }] : []));
      if (selects.length === 0) return;
      const current = store.getState().selection;
      store.dispatch({ type: 'select', selection: { edgeIds: applySelect(current.edgeIds, selects) } });
    },
    [store],
  );

  return { nodes, edges, onNodesChange, onEdgesChange, measuredRef };
}
