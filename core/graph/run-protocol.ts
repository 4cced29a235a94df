/**
 * The zod-free half of the graph-run contract: names and helpers the interpreter workflow needs at run time. Schemas
 * live in run-state.ts; workflow code imports values only from here (types from anywhere), since Temporal evaluates
 * every bundled module again for each workflow execution and zod would cost milliseconds per run.
 */

/** Special target handle of the graph model: "run after", carries no data. */
export const TRIGGER_HANDLE = '$trigger';

/** Workflow type names; the API starts `graphRun`, the interpreter starts the others as children. */
export const GraphWorkflowTypes = { run: 'graphRun', forEachBatch: 'graphForEachBatch' } as const;

/** Sub-graphs and for-each bodies nest child workflows; a self-referencing graph must stop somewhere. */
export const MAX_GRAPH_DEPTH = 10;

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
