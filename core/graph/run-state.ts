import { z } from 'zod';
import { decisionSchema } from '../catalog/nodes/approval';
import { graphSchema } from './model';

/**
 * The contract of a graph run, shared by the interpreter workflow, the API (which starts runs and reads their node
 * states) and the web run view. Kept free of Node APIs: the workflow bundle imports it.
 */

/** Workflow type names; the API starts `graphRun`, the interpreter starts the others as children. */
export const GraphWorkflowTypes = { run: 'graphRun', forEachBatch: 'graphForEachBatch' } as const;

/** Sub-graphs and for-each bodies nest child workflows; a self-referencing graph must stop somewhere. */
export const MAX_GRAPH_DEPTH = 10;

export const graphRunInputSchema = z.object({
  graphId: z.string().min(1),
  /** 0 = an unsaved draft (a test run from the designer). */
  version: z.number().int().min(0),
  graph: graphSchema,
  input: z.record(z.string(), z.unknown()).default({}),
  /** 0 for a run started by a user; children add one. */
  depth: z.number().int().min(0).max(MAX_GRAPH_DEPTH).optional(),
});
export type GraphRunInput = z.infer<typeof graphRunInputSchema>;

export const nodeRunStatusSchema = z.enum(['pending', 'running', 'waiting', 'completed', 'failed', 'skipped', 'cancelled']);
export type NodeRunStatus = z.infer<typeof nodeRunStatusSchema>;

export const nodeRunErrorSchema = z.object({ message: z.string(), type: z.string().nullable() });
export type NodeRunError = z.infer<typeof nodeRunErrorSchema>;

export const nodeRunStateSchema = z.object({
  nodeId: z.string(),
  type: z.string(),
  status: nodeRunStatusSchema,
  /** Activity attempts as Temporal counted them; 1 for nodes evaluated in the workflow. */
  attempts: z.number().int(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  /** The resolved, validated params the node ran with. */
  input: z.unknown(),
  /** The value of the handle it fired. */
  output: z.unknown(),
  firedHandles: z.array(z.string()),
  error: nodeRunErrorSchema.nullable(),
});
export type NodeRunState = z.infer<typeof nodeRunStateSchema>;

export const graphRunResultSchema = z.object({
  outputs: z.record(z.string(), z.unknown()),
  nodes: z.record(z.string(), nodeRunStateSchema),
});
export type GraphRunResult = z.infer<typeof graphRunResultSchema>;

export { decisionSchema };
export type Decision = z.infer<typeof decisionSchema>;

export const approveArgsSchema = z.object({
  nodeId: z.string().min(1),
  approved: z.boolean(),
  by: z.string().min(1).max(200),
  comment: z.string().max(2000).optional(),
});
export type ApproveArgs = z.infer<typeof approveArgsSchema>;

/** Failure types a run or a node reports (ApplicationFailure.type), beside those of the activities themselves. */
export const GraphFailureTypes = {
  invalidGraph: 'InvalidGraph',
  invalidParams: 'InvalidParams',
  expression: 'ExpressionError',
  nodeFailed: 'NodeFailed',
  depthLimit: 'DepthLimit',
  graphNotFound: 'GraphNotFound',
  outputs: 'OutputError',
} as const;

/** Details of the `NodeFailed` failure a run ends with, so a failed run still tells which node broke and how far it got. */
export interface NodeFailedDetails {
  nodeId: string;
  error: NodeRunError;
  nodes: Record<string, NodeRunState>;
}

export const forEachBatchInputSchema = z.object({
  parentWorkflowId: z.string(),
  nodeId: z.string(),
  graphId: z.string(),
  version: z.number().int().min(0),
  graph: graphSchema,
  items: z.array(z.unknown()),
  /** Index of the batch's first item in the whole list: item workflow ids and `index` stay global. */
  offset: z.number().int().min(0),
  concurrency: z.number().int().min(1),
  depth: z.number().int().min(0).max(MAX_GRAPH_DEPTH),
});
export type ForEachBatchInput = z.infer<typeof forEachBatchInputSchema>;

/**
 * Temporal tells a workflow nothing about the attempt an activity succeeded or failed on, so the worker reports it
 * (workers/report-attempts.ts) for activities the interpreter calls: results come back as `{ value, attempt }`, and
 * failures carry `{ [ATTEMPT_MARKER]: n }` as their last detail.
 */
export interface AttemptReport<T = unknown> {
  value: T;
  attempt: number;
}
export const ATTEMPT_MARKER = '$attempt';

export function attemptFromDetails(details: readonly unknown[] | null | undefined): number | undefined {
  const last = details?.[details.length - 1];
  if (last && typeof last === 'object' && ATTEMPT_MARKER in last) {
    const n = (last as Record<string, unknown>)[ATTEMPT_MARKER];
    return typeof n === 'number' ? n : undefined;
  }
  return undefined;
}

/** Details without the attempt marker, as the activity threw them. */
export function detailsWithoutAttempt(details: readonly unknown[] | null | undefined): unknown[] {
  const all = [...(details ?? [])];
  return attemptFromDetails(all) === undefined ? all : all.slice(0, -1);
}
