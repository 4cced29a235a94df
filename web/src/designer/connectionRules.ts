import type { Graph, GraphEdge, GraphNode } from '../api/graphTypes';
import { outputHandles, outputSchema, targetHandles, type CatalogIndex, type NodeTypeInfo } from './catalogIndex';
import { edgeId, TRIGGER_HANDLE } from './graphModel';
import { describeTypes, incompatibility, schemaTypes } from './schemaCompat';

export interface ProposedConnection {
  source: string | null;
  sourceHandle?: string | null;
  target: string | null;
  targetHandle?: string | null;
}

/**
 * Why a connection may not be made, or null when it may. Runs on every pointer move while dragging a wire, so it
 * only does map lookups and a top-level type comparison.
 */
export function connectionRefusal(graph: Graph, catalog: CatalogIndex, c: ProposedConnection): string | null {
  const { source, target } = c;
  const sourceHandle = c.sourceHandle ?? 'out';
  const targetHandle = c.targetHandle ?? TRIGGER_HANDLE;
  if (!source || !target) return 'Connect an output to an input.';
  if (source === target) return 'A node cannot feed itself.';
  const from = graph.nodes.find((n) => n.id === source);
  const to = graph.nodes.find((n) => n.id === target);
  if (!from || !to) return 'Both ends must be nodes of this graph.';
  const fromInfo = catalog.get(from.type, from.typeVersion);
  const toInfo = catalog.get(to.type, to.typeVersion);
  if (!fromInfo || !toInfo) return `Unknown node type ${!fromInfo ? from.type : to.type}.`;
  if (!outputHandles(fromInfo, from).includes(sourceHandle)) return `${source} has no output "${sourceHandle}".`;

  if (graph.edges.some((e) => e.source === source && e.sourceHandle === sourceHandle && e.target === target && e.targetHandle === targetHandle)) {
    return 'These handles are already connected.';
  }
  if (targetHandle === TRIGGER_HANDLE) return null;

  const field = toInfo.fieldByName.get(targetHandle);
  if (!field) return `${target} has no input "${targetHandle}".`;
  if (graph.edges.some((e) => e.target === target && e.targetHandle === targetHandle)) {
    return `${target}.${targetHandle} already has an incoming connection; remove it first.`;
  }
  const produced = outputSchema(fromInfo, sourceHandle);
  const reason = incompatibility(produced, field.schema);
  if (!reason) return null;
  return (
    `${source}.${sourceHandle} gives ${describeTypes(schemaTypes(produced))}, ` +
    `but ${target}.${targetHandle} needs ${describeTypes(schemaTypes(field.schema))}.`
  );
}

/** The edge a permitted connection makes (handles defaulted as the canvas does). */
export function edgeFromConnection(c: ProposedConnection & { source: string; target: string }): GraphEdge {
  const edge = {
    source: c.source,
    sourceHandle: c.sourceHandle ?? 'out',
    target: c.target,
    targetHandle: c.targetHandle ?? TRIGGER_HANDLE,
  };
  return { id: edgeId(edge), ...edge };
}

/** `fetch.out → log.message`, or `fetch.out → log (run after)` for an order-only wire. */
export function describeConnection(c: Pick<GraphEdge, 'source' | 'sourceHandle' | 'target' | 'targetHandle'>): string {
  const into = c.targetHandle === TRIGGER_HANDLE ? `${c.target} (run after)` : `${c.target}.${c.targetHandle}`;
  return `${c.source}.${c.sourceHandle} → ${into}`;
}

export interface ConnectionChoice {
  key: string;
  /** 'in': the other node feeds this one; 'out': this node feeds the other one. */
  direction: 'in' | 'out';
  connection: Pick<GraphEdge, 'source' | 'sourceHandle' | 'target' | 'targetHandle'>;
  label: string;
  /** Why the canvas would refuse this wire (the same words), or null. */
  refusal: string | null;
}

/**
 * Every wire that could join `nodeId` and `peerId`, in either direction, each with the canvas's verdict: what the
 * inspector's keyboard "Connect" picker offers instead of a pointer drag.
 */
export function connectionChoices(graph: Graph, catalog: CatalogIndex, nodeId: string, peerId: string): ConnectionChoice[] {
  const node = graph.nodes.find((n) => n.id === nodeId);
  const peer = graph.nodes.find((n) => n.id === peerId);
  if (!node || !peer || nodeId === peerId) return [];
  const nodeInfo = catalog.get(node.type, node.typeVersion);
  const peerInfo = catalog.get(peer.type, peer.typeVersion);
  if (!nodeInfo || !peerInfo) return [];
  const choices: ConnectionChoice[] = [];
  const add = (direction: 'in' | 'out', from: [string, NodeTypeInfo, GraphNode], to: [string, NodeTypeInfo]) => {
    for (const sourceHandle of outputHandles(from[1], from[2])) {
      for (const targetHandle of targetHandles(to[1])) {
        const connection = { source: from[0], sourceHandle, target: to[0], targetHandle };
        choices.push({
          key: edgeId(connection),
          direction,
          connection,
          label: describeConnection(connection),
          refusal: connectionRefusal(graph, catalog, connection),
        });
      }
    }
  };
  add('in', [peerId, peerInfo, peer], [nodeId, nodeInfo]);
  add('out', [nodeId, nodeInfo, node], [peerId, peerInfo]);
  return choices;
}
