import dagre from '@dagrejs/dagre';
import type { Graph } from '../../api/graphTypes';

export interface Size {
  width: number;
  height: number;
}

/** Left-to-right layered layout; returns top-left positions, as React Flow places nodes. */
export function layoutLeftToRight(graph: Graph, sizeOf: (nodeId: string) => Size): Record<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, sizeOf(node.id));
  for (const edge of graph.edges) {
    if (g.hasNode(edge.source) && g.hasNode(edge.target)) g.setEdge(edge.source, edge.target);
  }
  dagre.layout(g);

  const positions: Record<string, { x: number; y: number }> = {};
  for (const node of graph.nodes) {
    const laidOut = g.node(node.id);
    const { width, height } = sizeOf(node.id);
    positions[node.id] = { x: Math.round(laidOut.x - width / 2), y: Math.round(laidOut.y - height / 2) };
  }
  return positions;
}
