import type { Graph } from '../api/graphTypes';
import { outputHandles, outputSchema, type CatalogIndex } from './catalogIndex';
import { TRIGGER_HANDLE } from './graphModel';
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
