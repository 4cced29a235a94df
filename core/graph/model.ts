import { z } from 'zod';
import { TRIGGER_HANDLE } from './run-protocol';

/**
 * The graph model, one format for the designer, the API validator and the interpreter workflow (n8n's idea of one
 * model for editor and engine, with typed ports instead of n8n's untyped `main`). Bump GRAPH_FORMAT only with a
 * migration of stored versions.
 */
export const GRAPH_FORMAT = 1;

export const nodeIdSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,62}$/, 'letters, digits, _ and -, starting with a letter or _');

/** Durations as Temporal writes them: '500ms', '30s', '5m', '2h', '1d'. */
export const durationSchema = z.string().regex(/^\d+(\.\d+)?(ms|s|m|h|d)$/, "a duration such as '30s', '5m' or '1h'");

export const retryPolicySchema = z.object({
  maximumAttempts: z.number().int().min(1).max(1000).optional(),
  initialInterval: durationSchema.optional(),
  backoffCoefficient: z.number().min(1).max(10).optional(),
  maximumInterval: durationSchema.optional(),
  nonRetryableErrorTypes: z.array(z.string()).optional(),
});
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

/** A parameter value: a literal, `{ $expr }` (typed value of an expression) or `{ $template }` (string with {{ }}). */
export const exprValueSchema = z.object({ $expr: z.string().min(1) }).strict();
export const templateValueSchema = z.object({ $template: z.string() }).strict();
export type ExprValue = z.infer<typeof exprValueSchema>;
export type TemplateValue = z.infer<typeof templateValueSchema>;

export const onErrorSchema = z.enum(['fail', 'continue', 'error-branch']);

export const graphNodeSchema = z.object({
  id: nodeIdSchema,
  type: z.string().min(1).describe('Catalog node type, e.g. http.request'),
  typeVersion: z.number().int().min(1).default(1),
  label: z.string().max(200).optional(),
  params: z.record(z.string(), z.unknown()).default({}),
  position: z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
  retry: retryPolicySchema.optional(),
  timeout: durationSchema.optional().describe('Start-to-close timeout of one attempt'),
  onError: onErrorSchema.default('fail'),
});
export type GraphNode = z.infer<typeof graphNodeSchema>;

export { TRIGGER_HANDLE } from './run-protocol';

export const graphEdgeSchema = z.object({
  id: z.string().min(1).max(200),
  source: z.string(),
  sourceHandle: z.string().default('out'),
  target: z.string(),
  targetHandle: z.string().default(TRIGGER_HANDLE),
});
export type GraphEdge = z.infer<typeof graphEdgeSchema>;

export const graphSchema = z.object({
  format: z.literal(GRAPH_FORMAT).default(GRAPH_FORMAT),
  /** JSON Schema of the run input (an object); the designer's run form is generated from it. */
  inputSchema: z.record(z.string(), z.unknown()).default({ type: 'object', properties: {} }),
  /** Run result: name → expression over node outputs. */
  outputs: z.record(z.string(), z.string()).default({}),
  nodes: z.array(graphNodeSchema).max(2000),
  edges: z.array(graphEdgeSchema).max(10000).default([]),
});
export type Graph = z.infer<typeof graphSchema>;
export type GraphInput = z.input<typeof graphSchema>;

export function isExpr(v: unknown): v is ExprValue {
  return exprValueSchema.safeParse(v).success;
}
export function isTemplate(v: unknown): v is TemplateValue {
  return templateValueSchema.safeParse(v).success;
}
