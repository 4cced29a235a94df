import { WorkflowFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, defaultPayloadConverter, type TemporalFailure } from '@temporalio/common';
import proto, { type temporal as protoTypes } from '@temporalio/proto';
import { z } from 'zod';
import { importProgressSchema, rowProblemSchema } from '../core/contracts/import-klines';
import { config } from '../core/config';
import { temporalUiRunUrl } from '../core/temporal';
import { graphRunMetaSchema, graphRunNodes, isGraphRun, nodeViewSchema } from './graph-run-view';

export const runStatusSchema = z.enum([
  'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'TERMINATED', 'TIMED_OUT', 'CONTINUED_AS_NEW', 'UNKNOWN',
]);

export const runSummarySchema = z.object({
  workflowId: z.string(),
  runId: z.string(),
  type: z.string(),
  status: runStatusSchema,
  startTime: z.string(),
  closeTime: z.string().nullable(),
  durationMs: z.number().nullable(),
  temporalUiUrl: z.string(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const runProgressSchema = z.object({ phase: z.string(), done: z.number(), total: z.number() });

const backtestProgressSchema = z.object({ barsDone: z.number(), barsTotal: z.number() });

/** A running activity's last heartbeat as a progress bar: an import's phases, or a backtest's bars. */
function progressOf(details: unknown): z.infer<typeof runProgressSchema> | null {
  const asImport = importProgressSchema.safeParse(details);
  if (asImport.success) return asImport.data;
  const asBacktest = backtestProgressSchema.safeParse(details);
  if (asBacktest.success) return { phase: 'backtesting', done: asBacktest.data.barsDone, total: asBacktest.data.barsTotal };
  return null;
}

export const runDetailSchema = runSummarySchema.extend({
  input: z.unknown().nullable(),
  result: z.unknown().nullable(),
  failure: z
    .object({
      message: z.string(),
      type: z.string().nullable(),
      errorCount: z.number().optional(),
      errors: z.array(rowProblemSchema).optional(),
    })
    .nullable(),
  progress: runProgressSchema.nullable(),
  graph: graphRunMetaSchema,
  nodes: z.array(nodeViewSchema).nullable(),
});
export type RunDetail = z.infer<typeof runDetailSchema>;

// @temporalio/proto is CommonJS without static named exports, so Node's ESM loader needs the default import.
const { temporal } = proto;
const Status = temporal.api.enums.v1.WorkflowExecutionStatus;
const statusNames: Record<number, RunSummary['status']> = {
  [Status.WORKFLOW_EXECUTION_STATUS_RUNNING]: 'RUNNING',
  [Status.WORKFLOW_EXECUTION_STATUS_COMPLETED]: 'COMPLETED',
  [Status.WORKFLOW_EXECUTION_STATUS_FAILED]: 'FAILED',
  [Status.WORKFLOW_EXECUTION_STATUS_CANCELED]: 'CANCELLED',
  [Status.WORKFLOW_EXECUTION_STATUS_TERMINATED]: 'TERMINATED',
  [Status.WORKFLOW_EXECUTION_STATUS_TIMED_OUT]: 'TIMED_OUT',
  [Status.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW]: 'CONTINUED_AS_NEW',
};

type Timestamp = { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined;
function tsToDate(ts: Timestamp): Date | null {
  if (!ts || ts.seconds == null) return null;
  const seconds = typeof ts.seconds === 'number' ? ts.seconds : ts.seconds.toNumber();
  return new Date(seconds * 1000 + Math.floor((ts.nanos ?? 0) / 1e6));
}

function summarize(info: protoTypes.api.workflow.v1.IWorkflowExecutionInfo): RunSummary {
  const start = tsToDate(info.startTime as Timestamp) ?? new Date(0);
  const close = tsToDate(info.closeTime as Timestamp);
  const workflowId = info.execution?.workflowId ?? '';
  const runId = info.execution?.runId ?? '';
  return {
    workflowId,
    runId,
    type: info.type?.name ?? '',
    status: statusNames[info.status ?? 0] ?? 'UNKNOWN',
    startTime: start.toISOString(),
    closeTime: close?.toISOString() ?? null,
    durationMs: close ? close.getTime() - start.getTime() : null,
    temporalUiUrl: temporalUiRunUrl(workflowId, runId),
  };
}

/** Runs from Temporal's visibility store, newest first, paged by Temporal's own page token. */
export async function listRuns(client: Client, o: { pageSize: number; nextPageToken?: string; query?: string }) {
  const res = await client.workflowService.listWorkflowExecutions({
    namespace: config().TEMPORAL_NAMESPACE,
    pageSize: o.pageSize,
    nextPageToken: o.nextPageToken ? Buffer.from(o.nextPageToken, 'base64url') : undefined,
    query: o.query ?? '',
  });
  const token = res.nextPageToken && res.nextPageToken.length > 0 ? Buffer.from(res.nextPageToken).toString('base64url') : null;
  return { runs: (res.executions ?? []).map(summarize), nextPageToken: token };
}

function fromPayloads(payloads: protoTypes.api.common.v1.IPayloads | null | undefined): unknown {
  const first = payloads?.payloads?.[0];
  return first ? defaultPayloadConverter.fromPayload(first) : null;
}

/** The innermost application failure explains a failed run best (e.g. the activity's InvalidCsv report). */
function describeFailure(err: unknown): RunDetail['failure'] {
  let cause: unknown = err instanceof WorkflowFailedError ? err.cause : err;
  let app: ApplicationFailure | undefined;
  while (cause) {
    if (cause instanceof ApplicationFailure) app = cause;
    cause = (cause as TemporalFailure).cause;
  }
  const top = err instanceof WorkflowFailedError ? (err.cause ?? err) : err;
  const message = app?.message ?? (top as Error)?.message ?? 'failed';
  const details = app?.details?.[0] as { errorCount?: number; errors?: unknown } | undefined;
  const parsedErrors = z.array(rowProblemSchema).safeParse(details?.errors);
  return {
    message,
    type: app?.type ?? null,
    ...(typeof details?.errorCount === 'number' ? { errorCount: details.errorCount } : {}),
    ...(parsedErrors.success ? { errors: parsedErrors.data } : {}),
  };
}

/**
 * A run that continued as new is one run to its users: it started when the first run of its chain did, and lists,
 * links and node views follow the latest run.
 */
async function chainSummary(client: Client, latest: RunSummary, firstRunId: string | null | undefined): Promise<RunSummary> {
  if (!firstRunId || firstRunId === latest.runId) return latest;
  const first = await client.workflow.getHandle(latest.workflowId, firstRunId).describe().catch(() => null);
  if (!first) return latest;
  const start = first.startTime;
  const close = latest.closeTime ? new Date(latest.closeTime) : null;
  return { ...latest, startTime: start.toISOString(), durationMs: close ? close.getTime() - start.getTime() : null };
}

/** The interpreter's hand-over state is its own business; the run's input is what its caller sent. */
function withoutResume(input: unknown): unknown {
  if (!input || typeof input !== 'object' || !('resume' in input)) return input;
  const { resume: _resume, ...rest } = input as Record<string, unknown>;
  return rest;
}

/** One run with its input, result or failure, and live progress from the running activity's last heartbeat. */
export async function getRun(client: Client, workflowId: string): Promise<RunDetail | null> {
  const handle = client.workflow.getHandle(workflowId);
  let description;
  try {
    description = await handle.describe();
  } catch (err) {
    if ((err as Error).name === 'WorkflowNotFoundError') return null;
    throw err;
  }
  const info = description.raw.workflowExecutionInfo ?? {};
  const summary = await chainSummary(client, summarize(info), info.firstRunId);
  const history = await client.workflowService.getWorkflowExecutionHistory({
    namespace: config().TEMPORAL_NAMESPACE,
    execution: { workflowId, runId: summary.runId },
    maximumPageSize: 1,
  });
  const input = withoutResume(fromPayloads(history.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input));

  let progress: RunDetail['progress'] = null;
  for (const pending of description.raw.pendingActivities ?? []) progress = progressOf(fromPayloads(pending.heartbeatDetails)) ?? progress;

  let result: unknown = null;
  let failure: RunDetail['failure'] = null;
  if (summary.status === 'COMPLETED') result = await handle.result();
  else if (summary.status !== 'RUNNING') {
    failure = await handle.result().then(() => null, describeFailure);
  }
  const graph = isGraphRun(workflowId) ? graphRunMetaSchema.safeParse(description.memo ?? null) : null;
  const nodes = isGraphRun(workflowId) ? await graphRunNodes(client, workflowId, summary.status) : null;
  return { ...summary, input, result, failure, progress, graph: graph?.success ? graph.data : null, nodes };
}
