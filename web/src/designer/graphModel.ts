import type { CatalogEntry, Graph, GraphEdge, GraphNode, JsonSchema } from '../api/graphTypes';

/** Special target handle: "run after", carries no data (core/graph/model.ts). */
export const TRIGGER_HANDLE = '$trigger';

export const EMPTY_INPUT_SCHEMA: JsonSchema = { type: 'object', properties: {} };

export function emptyGraph(): Graph {
  return { format: 1, inputSchema: EMPTY_INPUT_SCHEMA, outputs: {}, nodes: [], edges: [] };
}

/** Fills the defaults the server applies, so the designer never has to guess whether a field is there. */
export function normalizeGraph(raw: Partial<Graph> | null | undefined): Graph {
  const nodes = (raw?.nodes ?? []).map((node): GraphNode => ({
    ...node,
    typeVersion: node.typeVersion ?? 1,
    params: node.params ?? {},
    position: node.position ?? { x: 0, y: 0 },
    onError: node.onError ?? 'fail',
  }));
  const edges = (raw?.edges ?? []).map((edge): GraphEdge => ({
    ...edge,
    sourceHandle: edge.sourceHandle ?? 'out',
    targetHandle: edge.targetHandle ?? TRIGGER_HANDLE,
  }));
  return {
    format: 1,
    inputSchema: raw?.inputSchema ?? EMPTY_INPUT_SCHEMA,
    outputs: raw?.outputs ?? {},
    nodes,
    edges,
  };
}

export function edgeId(e: Pick<GraphEdge, 'source' | 'sourceHandle' | 'target' | 'targetHandle'>): string {
  return `${e.source}.${e.sourceHandle}->${e.target}.${e.targetHandle}`;
}

/** Readable ids, since expressions refer to nodes by id (`nodes.transform.out`). */
export function newNodeId(entry: Pick<CatalogEntry, 'type' | 'kind'>, taken: ReadonlySet<string>): string {
  const last = entry.kind === 'trigger' ? 'trigger' : (entry.type.split('.').pop() ?? 'node');
  let base = last.replace(/[^A-Za-z0-9_-]/g, '_');
  if (!/^[A-Za-z_]/.test(base)) base = `n_${base}`;
  base = base.slice(0, 56);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}_${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Params a new node starts with: the schema defaults, so the form shows what the node will actually use. */
export function defaultParams(entry: CatalogEntry): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(entry.params.properties ?? {})) {
    if (schema.default !== undefined) params[name] = structuredClone(schema.default);
  }
  return params;
}

export function createNode(entry: CatalogEntry, position: { x: number; y: number }, taken: ReadonlySet<string>): GraphNode {
  return {
    id: newNodeId(entry, taken),
    type: entry.type,
    typeVersion: entry.version,
    params: defaultParams(entry),
    position,
    onError: 'fail',
  };
}

/** Ids of every node whose output can reach `nodeId` (its ancestors), nearest first. */
export function upstreamNodeIds(graph: Graph, nodeId: string): string[] {
  const incoming = new Map<string, string[]>();
  for (const edge of graph.edges) {
    const list = incoming.get(edge.target);
    if (list) list.push(edge.source);
    else incoming.set(edge.target, [edge.source]);
  }
  const seen = new Set<string>([nodeId]);
  const order: string[] = [];
  const queue = [nodeId];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const source of incoming.get(current) ?? []) {
      if (seen.has(source)) continue;
      seen.add(source);
      order.push(source);
      queue.push(source);
    }
  }
  return order;
}

export function isExprValue(value: unknown): value is { $expr: string } {
  return (
    !!value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as { $expr?: unknown }).$expr === 'string' &&
    Object.keys(value).length === 1
  );
}

export function isTemplateValue(value: unknown): value is { $template: string } {
  return (
    !!value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as { $template?: unknown }).$template === 'string' &&
    Object.keys(value).length === 1
  );
}
