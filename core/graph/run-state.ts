import { z } from 'zod';
import { nodeRuntimeSchema, runtimesFor } from '../catalog';
import { decisionSchema } from '../catalog/nodes/approval';
import { graphSchema } from './model';
import { MAX_GRAPH_DEPTH } from './run-protocol';

export { ATTEMPT_MARKER, attemptFromDetails, detailsWithoutAttempt, GraphFailureTypes, GraphWorkflowTypes, MAX_GRAPH_DEPTH, type AttemptReport } from './run-protocol';

/**
 * The contract of a graph run, shared by the interpreter workflow, the API (which starts runs and reads their node
 * states) and the web run view. Kept free of Node APIs: the workflow bundle imports it.
 */

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

export const graphRunInputSchema = z.object({
  graphId: z.string().min(1),
  /** 0 = an unsaved draft (a test run from the designer). */
  version: z.number().int().min(0),
  graph: graphSchema,
  input: z.record(z.string(), z.unknown()).default({}),
  /** 0 for a run started by a user; children add one. */
  depth: z.number().int().min(0).max(MAX_GRAPH_DEPTH).optional(),
  /** Run-time descriptions of the node types the graph uses, keyed `type@version` (see prepareGraphRun). */
  types: z.record(z.string(), nodeRuntimeSchema),
  /**
   * Continue as new once this run's history holds this many events, besides whenever Temporal suggests it (about
   * 4,000 events or 4 MB). For graphs whose nodes carry large outputs, and for tests.
   */
  maxHistoryEvents: z.number().int().min(20).optional(),
  /** Written by the interpreter when it continues as new; a run started from outside never carries it. */
  resume: z.object({
    /** Every node's state when the previous run of the chain drained: settled nodes keep theirs. */
    states: z.record(z.string(), nodeRunStateSchema),
    outputs: z.record(z.string(), z.record(z.string(), z.unknown())),
    /** Executions per node id so far: activity and child ids stay unique across the chain. */
    executions: z.record(z.string(), z.number().int().min(1)),
    /** How many runs of this chain came before this one. */
    continued: z.number().int().min(1),
  }).optional(),
});
export type GraphRunInput = z.infer<typeof graphRunInputSchema>;
export type GraphRunResume = NonNullable<GraphRunInput['resume']>;

/**
 * The workflow input for running a graph: the graph normalised (defaults filled) and the run-time part of every node
 * type it uses. Everything that starts `graphRun` — the API, sub-graph and for-each nodes (through the activity that
 * loads a version), tests and benchmarks — goes through here, because the workflow itself does not parse with zod.
 */
export function prepareGraphRun(o: Omit<z.input<typeof graphRunInputSchema>, 'types' | 'resume'>): GraphRunInput {
  const parsed = graphRunInputSchema.omit({ types: true, resume: true }).parse(o);
  return { ...parsed, types: runtimesFor(parsed.graph.nodes) };
}

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
  types: z.record(z.string(), nodeRuntimeSchema),
});
export type ForEachBatchInput = z.infer<typeof forEachBatchInputSchema>;

