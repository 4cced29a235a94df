import type { Edge, Node } from '@xyflow/react';
import type { GraphNode } from '../../api/graphTypes';
import type { NodeTypeInfo } from '../catalogIndex';

export interface GraphNodeData extends Record<string, unknown> {
  node: GraphNode;
  /** Resolved once when the flow node is built; undefined for a type the catalog does not know. */
  info: NodeTypeInfo | undefined;
}

export type FlowNode = Node<GraphNodeData, 'graphNode'>;
export type FlowEdge = Edge<Record<string, never>, 'graphEdge'>;

/** What a palette item puts on the drag, read back by the canvas drop handler. */
export const NODE_DRAG_MIME = 'application/x-lurus-node-type';
