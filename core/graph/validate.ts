import { z } from 'zod';
import { findNodeType, outputHandles, type NodeType } from '../catalog';
import { ExpressionError, parseExpression, parseTemplate, referencedPaths, type Expr } from './expression';
import { graphSchema, isExpr, isTemplate, TRIGGER_HANDLE, type Graph, type GraphNode } from './model';
import { compatibility, schemaAt, type JsonSchema } from './schema-compat';

export const problemCodes = [
  'schema', 'duplicate-id', 'unknown-node-type', 'missing-input', 'invalid-param', 'dangling-edge', 'unknown-handle',
  'type-mismatch', 'duplicate-input', 'cycle', 'no-trigger', 'unreachable', 'bad-expression', 'unknown-reference',
] as const;

export const problemSchema = z.object({
  code: z.enum(problemCodes),
  message: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  field: z.string().optional(),
});
export type Problem = z.infer<typeof problemSchema>;

export type ValidationResult = { valid: true; graph: Graph; problems: [] } | { valid: false; graph?: Graph; problems: Problem[] };

interface TypeInfo {
  paramSchemas: Record<string, JsonSchema>;
  paramFields: Record<string, z.ZodType>;
  required: Set<string>;
  outputSchemas: Record<string, JsonSchema>;
}

// JSON Schema generation is the slow part of validation; each node type is converted once per process.
const typeInfoCache = new WeakMap<NodeType, TypeInfo>();
function typeInfo(t: NodeType): TypeInfo {
  let info = typeInfoCache.get(t);
  if (!info) {
    const shape = t.params.shape as Record<string, z.ZodType>;
    const paramSchemas: Record<string, JsonSchema> = {};
    const required = new Set<string>();
    for (const [k, field] of Object.entries(shape)) {
      paramSchemas[k] = z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
      if (!field.safeParse(undefined).success) required.add(k);
    }
    const outputSchemas = Object.fromEntries(Object.entries(t.outputs).map(([k, s]) => [k, z.toJSONSchema(s, { unrepresentable: 'any' }) as JsonSchema]));
    outputSchemas.error = { type: 'object', properties: { message: { type: 'string' }, type: { type: ['string', 'null'] } } };
    info = { paramSchemas, paramFields: shape, required, outputSchemas };
    typeInfoCache.set(t, info);
  }
  return info;
}

function nestedExpressions(v: unknown, out: { src: string; template: boolean }[] = []): { src: string; template: boolean }[] {
  if (isExpr(v)) out.push({ src: v.$expr, template: false });
  else if (isTemplate(v)) out.push({ src: v.$template, template: true });
  else if (Array.isArray(v)) v.forEach((x) => nestedExpressions(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => nestedExpressions(x, out));
  return out;
}

/**
 * Every problem of a graph, each located by node, edge and field, so the designer can mark it and the API can
 * answer 400 with all of them at once. Pure and fast: runs on every edit in the designer and before save and run.
 */
export function validateGraph(raw: unknown): ValidationResult {
  const parsed = graphSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      valid: false,
      problems: parsed.error.issues.map((i) => {
        const nodeIndex = i.path[0] === 'nodes' && typeof i.path[1] === 'number' ? i.path[1] : undefined;
        const edgeIndex = i.path[0] === 'edges' && typeof i.path[1] === 'number' ? i.path[1] : undefined;
        const r = raw as { nodes?: { id?: unknown }[]; edges?: { id?: unknown }[] };
        const nodeId = nodeIndex !== undefined ? r.nodes?.[nodeIndex]?.id : undefined;
        const edgeId = edgeIndex !== undefined ? r.edges?.[edgeIndex]?.id : undefined;
        return {
          code: 'schema' as const,
          message: `${i.path.join('.')}: ${i.message}`,
          ...(typeof nodeId === 'string' ? { nodeId } : {}),
          ...(typeof edgeId === 'string' ? { edgeId } : {}),
          field: i.path.join('.'),
        };
      }),
    };
  }
  const graph = parsed.data;
  const problems: Problem[] = [];
  const nodes = new Map<string, GraphNode>();
  const types = new Map<string, NodeType>();

  for (const n of graph.nodes) {
    if (nodes.has(n.id)) problems.push({ code: 'duplicate-id', nodeId: n.id, message: `two nodes have the id ${n.id}` });
    nodes.set(n.id, n);
    const t = findNodeType(n.type, n.typeVersion);
    if (!t) problems.push({ code: 'unknown-node-type', nodeId: n.id, message: `unknown node type ${n.type} (version ${n.typeVersion})` });
    else types.set(n.id, t);
  }

  // Edges: existence of both ends and handles, type compatibility, one feed per data input.
  const edgeIds = new Set<string>();
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  const fed = new Map<string, string>();
  const validEdges = [];
  for (const e of graph.edges) {
    if (edgeIds.has(e.id)) problems.push({ code: 'duplicate-id', edgeId: e.id, message: `two edges have the id ${e.id}` });
    edgeIds.add(e.id);
    const src = nodes.get(e.source);
    const dst = nodes.get(e.target);
    if (!src || !dst) {
      problems.push({ code: 'dangling-edge', edgeId: e.id, message: `edge ${e.id} points to a missing node ${!src ? e.source : e.target}` });
      continue;
    }
    const st = types.get(src.id);
    const dt = types.get(dst.id);
    validEdges.push(e);
    (outgoing.get(e.source) ?? outgoing.set(e.source, []).get(e.source)!).push(e.target);
    (incoming.get(e.target) ?? incoming.set(e.target, []).get(e.target)!).push(e.source);
    if (!st || !dt) continue;
    const handles = outputHandles(st, src.params, src.onError);
    if (!handles.includes(e.sourceHandle)) {
      problems.push({ code: 'unknown-handle', edgeId: e.id, nodeId: src.id, message: `${src.id} has no output '${e.sourceHandle}' (has ${handles.join(', ')})` });
      continue;
    }
    if (e.targetHandle === TRIGGER_HANDLE) continue;
    const dInfo = typeInfo(dt);
    if (!(e.targetHandle in dInfo.paramSchemas)) {
      problems.push({ code: 'unknown-handle', edgeId: e.id, nodeId: dst.id, field: e.targetHandle, message: `${dst.id} has no input '${e.targetHandle}'` });
      continue;
    }
    const key = `${dst.id}.${e.targetHandle}`;
    if (fed.has(key)) problems.push({ code: 'duplicate-input', edgeId: e.id, nodeId: dst.id, field: e.targetHandle, message: `input ${e.targetHandle} of ${dst.id} is already fed by edge ${fed.get(key)}` });
    fed.set(key, e.id);
    const sInfo = typeInfo(st);
    const fromSchema = e.sourceHandle.startsWith('case-') || e.sourceHandle === 'default' ? {} : sInfo.outputSchemas[e.sourceHandle];
    const r = compatibility(fromSchema, dInfo.paramSchemas[e.targetHandle]);
    if (!r.ok) problems.push({ code: 'type-mismatch', edgeId: e.id, nodeId: dst.id, field: e.targetHandle, message: `${src.id}.${e.sourceHandle} → ${dst.id}.${e.targetHandle}: ${r.reason}` });
  }

  // Cycles (loops are for-each nodes running a sub-graph, never back edges) by iterative DFS colouring.
  const colour = new Map<string, 0 | 1 | 2>();
  for (const start of nodes.keys()) {
    if (colour.get(start)) continue;
    const stack: [string, number][] = [[start, 0]];
    colour.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const next = outgoing.get(top[0]) ?? [];
      if (top[1] < next.length) {
        const n = next[top[1]++]!;
        const c = colour.get(n) ?? 0;
        if (c === 1) {
          const cycle = graph.edges.find((e) => e.source === top[0] && e.target === n);
          problems.push({ code: 'cycle', edgeId: cycle?.id, nodeId: n, message: `edge ${top[0]} → ${n} closes a cycle; repeat work with a For each node instead` });
        } else if (c === 0) {
          colour.set(n, 1);
          stack.push([n, 0]);
        }
      } else {
        colour.set(top[0], 2);
        stack.pop();
      }
    }
  }

  // Reachability from triggers.
  const triggers = [...nodes.values()].filter((n) => types.get(n.id)?.kind === 'trigger');
  if (nodes.size > 0 && triggers.length === 0) problems.push({ code: 'no-trigger', message: 'the graph has no trigger node (Run input) to start from' });
  const reached = new Set<string>();
  const queue = triggers.map((t) => t.id);
  for (const id of queue) {
    if (reached.has(id)) continue;
    reached.add(id);
    queue.push(...(outgoing.get(id) ?? []));
  }
  if (triggers.length > 0) {
    for (const n of nodes.values()) {
      if (!reached.has(n.id)) problems.push({ code: 'unreachable', nodeId: n.id, message: `${n.id} is not reachable from a trigger node` });
    }
  }

  // Ancestors, for expression references (a node may only read nodes that finish before it starts).
  const ancestors = new Map<string, Set<string>>();
  const ancestorsOf = (id: string): Set<string> => {
    const known = ancestors.get(id);
    if (known) return known;
    const set = new Set<string>();
    ancestors.set(id, set);
    for (const p of incoming.get(id) ?? []) {
      if (p === id) continue;
      set.add(p);
      for (const a of ancestorsOf(p)) set.add(a);
    }
    return set;
  };

  const inputSchema = graph.inputSchema as JsonSchema;
  const checkExpression = (expr: Expr, at: { nodeId?: string; field: string }, upstream: Set<string> | null) => {
    for (const ref of referencedPaths(expr)) {
      if (ref.root === 'input') {
        // The run input is what its schema declares: an undeclared field is a typo, not an open record.
        const declared = inputSchema.properties as Record<string, unknown> | undefined;
        const first = ref.segments[0];
        const undeclared = declared && first !== undefined && !(String(first) in declared) && inputSchema.additionalProperties !== true;
        if (undeclared || (ref.segments.length && schemaAt(inputSchema, ref.segments) === null)) {
          problems.push({ code: 'unknown-reference', ...at, message: `input has no field ${ref.segments.join('.')}` });
        }
        continue;
      }
      if (ref.root !== 'nodes') {
        problems.push({ code: 'unknown-reference', ...at, message: `unknown name '${ref.root}' (use input.… or nodes.<id>.<output>…)` });
        continue;
      }
      const [refNode, handle, ...rest] = ref.segments;
      if (refNode === undefined) continue;
      const target = nodes.get(String(refNode));
      if (!target) {
        problems.push({ code: 'unknown-reference', ...at, message: `no node ${refNode}` });
        continue;
      }
      if (upstream && !upstream.has(target.id)) {
        problems.push({ code: 'unknown-reference', ...at, message: `${refNode} is not upstream of ${at.nodeId}, so its output is not known when ${at.nodeId} runs` });
        continue;
      }
      const t = types.get(target.id);
      if (!t || handle === undefined) continue;
      const handles = outputHandles(t, target.params, target.onError);
      if (!handles.includes(String(handle))) {
        problems.push({ code: 'unknown-reference', ...at, message: `${refNode} has no output '${handle}' (has ${handles.join(', ')})` });
        continue;
      }
      if (rest.length && schemaAt(typeInfo(t).outputSchemas[String(handle)], rest) === null) {
        problems.push({ code: 'unknown-reference', ...at, message: `${refNode}.${handle} has no field ${rest.join('.')}` });
      }
    }
  };
  const parse = (src: string, template: boolean, at: { nodeId?: string; field: string }): Expr[] | null => {
    try {
      return template ? parseTemplate(src).filter((p): p is Expr => typeof p !== 'string') : [parseExpression(src)];
    } catch (err) {
      problems.push({ code: 'bad-expression', ...at, message: `${at.field}: ${(err as ExpressionError).message}` });
      return null;
    }
  };

  // Params: required inputs present, literals valid for their field, expressions parse and refer to upstream nodes.
  for (const n of graph.nodes) {
    const t = types.get(n.id);
    if (!t) continue;
    const info = typeInfo(t);
    const upstream = ancestorsOf(n.id);
    for (const key of Object.keys(n.params)) {
      if (!(key in info.paramSchemas)) problems.push({ code: 'invalid-param', nodeId: n.id, field: key, message: `${t.title} has no parameter '${key}'` });
    }
    for (const [key, field] of Object.entries(info.paramFields)) {
      const value = n.params[key];
      const at = { nodeId: n.id, field: key };
      if (fed.has(`${n.id}.${key}`)) continue;
      if (value === undefined) {
        if (info.required.has(key)) problems.push({ code: 'missing-input', ...at, message: `${n.id}: required input '${key}' has no value and no incoming edge` });
        continue;
      }
      if (isExpr(value) || isTemplate(value)) {
        const exprs = parse(isExpr(value) ? value.$expr : value.$template, isTemplate(value), at);
        exprs?.forEach((e) => checkExpression(e, at, upstream));
        if (isTemplate(value)) {
          const r = compatibility({ type: 'string' }, info.paramSchemas[key]);
          if (!r.ok) problems.push({ code: 'type-mismatch', ...at, message: `${key}: a template gives a string; ${r.reason}` });
        }
        continue;
      }
      // Literals may hold expressions deeper inside (e.g. source: { type: 'path', path: { $expr: 'input.path' } }):
      // those are checked as expressions, and the value's type is checked when the node runs.
      const nested = nestedExpressions(value);
      if (nested.length) {
        for (const x of nested) parse(x.src, x.template, at)?.forEach((e) => checkExpression(e, at, upstream));
        continue;
      }
      // Expression-valued params (transform, condition) hold expression source as their literal value.
      if (t.expressionParams?.includes(key) && typeof value === 'string') {
        parse(value, false, at)?.forEach((e) => checkExpression(e, at, upstream));
        continue;
      }
      const r = field.safeParse(value);
      if (!r.success) problems.push({ code: 'invalid-param', ...at, message: `${n.id}.${key}: ${r.error.issues.map((i) => [i.path.join('.'), i.message].filter(Boolean).join(': ')).join('; ')}` });
    }
  }
  for (const [name, src] of Object.entries(graph.outputs)) {
    parse(src, false, { field: `outputs.${name}` })?.forEach((e) => checkExpression(e, { field: `outputs.${name}` }, null));
  }

  return problems.length === 0 ? { valid: true, graph, problems: [] } : { valid: false, graph, problems };
}
