import type { NodeRuntime } from '../catalog/node-type';
import { evaluate, parseExpression, parseTemplate, renderTemplate, type Scope } from './expression';
import { checkJsonSchema } from './json-schema-check';
import type { GraphNode } from './model';

/**
 * Turns a node's stored params into the values it runs with. Pure and deterministic: the interpreter workflow calls
 * it on every replay, and the designer can call it for a preview.
 */

/** The scope expressions see: the run input, every settled node's fired handles, and a for-each body's item/index. */
export function runScope(input: Record<string, unknown>, nodes: Record<string, Record<string, unknown>>): Scope {
  return { input, nodes, item: input.item, index: input.index };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function singleKey(v: Record<string, unknown>, key: string): boolean {
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === key && typeof v[key] === 'string';
}

/** Literals stay, `{ $expr }` becomes the expression's value, `{ $template }` its string, at any depth. */
export function resolveValue(v: unknown, scope: Scope): unknown {
  if (Array.isArray(v)) return v.map((x) => resolveValue(x, scope));
  if (!isPlainObject(v)) return v;
  if (singleKey(v, '$expr')) return evaluate(parseExpression(v.$expr as string), scope);
  if (singleKey(v, '$template')) return renderTemplate(parseTemplate(v.$template as string), scope);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveValue(x, scope)]));
}

export type ResolvedParams =
  | { ok: true; params: Record<string, unknown> }
  | { ok: false; message: string; raw: Record<string, unknown> };

/**
 * Resolves params, lets data edges override them (`dataInputs`: param name → upstream value), then validates with
 * the JSON Schema of the node type's params, which also fills defaults. Expression params (a condition, a transform) stay source text:
 * the node evaluates them itself. Throws ExpressionError when an expression fails.
 */
export function resolveParams(node: GraphNode, type: NodeRuntime, scope: Scope, dataInputs: Record<string, unknown>): ResolvedParams {
  const expressionParams = new Set(type.expressionParams);
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node.params)) raw[k] = expressionParams.has(k) ? v : resolveValue(v, scope);
  Object.assign(raw, dataInputs);
  const checked = checkJsonSchema(type.params, raw);
  if (checked.ok) return { ok: true, params: checked.value as Record<string, unknown> };
  return { ok: false, message: checked.problems.join('; '), raw };
}
