import { z } from 'zod';
import type { RetryPolicy } from '../graph/model';
import { TaskQueues } from '../temporal-queues';

/**
 * How a node runs:
 * - `activity`: a side effect on a worker of `taskQueue` (the activity named `activity`), with Temporal's retries;
 * - `workflow`: deterministic logic evaluated inside the interpreter workflow (transform, condition, switch);
 * - `control`: durable constructs the interpreter implements with Temporal primitives (timer, approval, child
 *   workflows for sub-graphs and for-each);
 * - `child`: a domain workflow (the workflow named `workflow`, e.g. a backtest fan-out) run as a child workflow with
 *   the params as its input — its own history, retries and progress, visible as one node.
 */
export type NodeKind = 'trigger' | 'activity' | 'workflow' | 'control' | 'child';

export interface NodeType<P extends z.ZodObject = z.ZodObject> {
  type: string;
  version: number;
  title: string;
  category: 'Triggers' | 'Flow' | 'Data' | 'Integrations' | 'Market data' | 'Strategy' | 'Notify';
  description: string;
  kind: NodeKind;
  /** Parameters and inputs: the inspector form and the typed input handles (one per field) come from this. */
  params: P;
  /** Output handles and the value each carries. An `error` handle is added when the node's onError is error-branch. */
  outputs: Record<string, z.ZodType>;
  /** Activity name on the worker (kind `activity`). */
  activity?: string;
  /** Workflow type started as a child (kind `child`). */
  workflow?: string;
  taskQueue: string;
  /** Heartbeat timeout for long activities that report progress. */
  defaults: { timeout: string; retry: RetryPolicy; heartbeatTimeout?: string };
  /** Params whose values are expressions by nature (condition, transform), edited as code. */
  expressionParams?: string[];
}

/**
 * What the interpreter needs of a node type at run time, as plain JSON. It travels in the run input (see
 * `prepareGraphRun`), so the workflow bundle needs no zod and a run keeps the policies it started with.
 */
export const nodeRuntimeSchema = z.object({
  type: z.string(),
  version: z.number().int(),
  kind: z.enum(['trigger', 'activity', 'workflow', 'control', 'child']),
  activity: z.string().optional(),
  workflow: z.string().optional(),
  taskQueue: z.string(),
  defaults: z.object({
    timeout: z.string(),
    retry: z.record(z.string(), z.unknown()),
    heartbeatTimeout: z.string().optional(),
  }),
  expressionParams: z.array(z.string()),
  /** JSON Schema of the params (input side: defaults included), checked by core/graph/json-schema-check. */
  params: z.record(z.string(), z.unknown()),
});
export type NodeRuntime = Omit<z.infer<typeof nodeRuntimeSchema>, 'defaults'> & { defaults: NodeType['defaults'] };

export function defineNodeType<P extends z.ZodObject>(t: Omit<NodeType<P>, 'taskQueue' | 'defaults'> & Partial<Pick<NodeType<P>, 'taskQueue' | 'defaults'>>): NodeType<P> {
  return {
    taskQueue: TaskQueues.core,
    defaults: { timeout: '1m', retry: { maximumAttempts: 3, initialInterval: '1s', backoffCoefficient: 2 } },
    ...t,
  };
}

/** The error value an `error` handle carries. */
export const nodeErrorSchema = z.object({ message: z.string(), type: z.string().nullable() });
