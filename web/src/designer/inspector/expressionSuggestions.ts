import type { Graph, JsonSchema } from '../../api/graphTypes';
import { outputHandles, outputSchema, type CatalogIndex } from '../catalogIndex';
import { upstreamNodeIds } from '../graphModel';
import { typeLabel } from '../schemaCompat';

export interface Suggestion {
  text: string;
  detail: string;
}

const FIELD_DEPTH = 2;

function addFields(out: Suggestion[], prefix: string, schema: JsonSchema | undefined, depth: number): void {
  if (!schema?.properties || depth === 0) return;
  for (const [name, child] of Object.entries(schema.properties)) {
    const path = /^[A-Za-z_$][\w$-]*$/.test(name) ? `${prefix}.${name}` : `${prefix}['${name}']`;
    out.push({ text: path, detail: typeLabel(child) });
    addFields(out, path, child, depth - 1);
  }
}

/**
 * What an expression on `nodeId` can read: the run input, and the outputs of nodes upstream of it (only those
 * have run by the time it is evaluated). With no node (graph outputs), every node's outputs.
 */
export function expressionSuggestions(graph: Graph, catalog: CatalogIndex, nodeId: string | null): Suggestion[] {
  const out: Suggestion[] = [];
  addFields(out, 'input', graph.inputSchema, 1);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const ids = nodeId === null ? graph.nodes.map((n) => n.id) : upstreamNodeIds(graph, nodeId);
  for (const id of ids) {
    const node = byId.get(id);
    const info = node && catalog.get(node.type, node.typeVersion);
    if (!node || !info) continue;
    for (const handle of outputHandles(info, node)) {
      const schema = outputSchema(info, handle);
      const path = `nodes.${id}.${handle}`;
      out.push({ text: path, detail: typeLabel(schema) });
      addFields(out, path, schema, FIELD_DEPTH);
    }
  }
  return out;
}
