import { deepEqual } from './expression';
import type { Graph } from './model';

export interface ItemChanges {
  added: string[];
  removed: string[];
  changed: { id: string; fields: string[] }[];
}
export interface GraphDiff {
  nodes: ItemChanges;
  edges: ItemChanges;
  /** Graph-level parts that changed: inputSchema, outputs. */
  graph: { changed: string[] };
}

// Moving a node on the canvas is a change worth a version but not worth shouting about; it is reported last.
function changedFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const fields: string[] = [];
  for (const k of keys) {
    if (k === 'params') {
      const pa = (a.params ?? {}) as Record<string, unknown>;
      const pb = (b.params ?? {}) as Record<string, unknown>;
      for (const p of [...new Set([...Object.keys(pa), ...Object.keys(pb)])]) if (!deepEqual(pa[p], pb[p])) fields.push(`params.${p}`);
    } else if (!deepEqual(a[k], b[k])) fields.push(k);
  }
  return fields.sort((x, y) => Number(x === 'position') - Number(y === 'position'));
}

function diffItems<T extends { id: string }>(from: T[], to: T[]): ItemChanges {
  const a = new Map(from.map((x) => [x.id, x]));
  const b = new Map(to.map((x) => [x.id, x]));
  const changes: ItemChanges = { added: [], removed: [], changed: [] };
  for (const id of b.keys()) if (!a.has(id)) changes.added.push(id);
  for (const [id, x] of a) {
    const y = b.get(id);
    if (!y) changes.removed.push(id);
    else {
      const fields = changedFields(x as unknown as Record<string, unknown>, y as unknown as Record<string, unknown>);
      if (fields.length) changes.changed.push({ id, fields });
    }
  }
  return changes;
}

/** What changed from one graph version to another: nodes and edges added, removed, changed (with the fields). */
export function diffGraphs(from: Graph, to: Graph): GraphDiff {
  const changed: string[] = [];
  if (!deepEqual(from.inputSchema, to.inputSchema)) changed.push('inputSchema');
  if (!deepEqual(from.outputs, to.outputs)) changed.push('outputs');
  return { nodes: diffItems(from.nodes, to.nodes), edges: diffItems(from.edges, to.edges), graph: { changed } };
}
