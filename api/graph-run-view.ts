import { WorkflowFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, type TemporalFailure } from '@temporalio/common';
import proto from '@temporalio/proto';
import { z } from 'zod';
import { config } from '../core/config';
import { graphRunResultSchema, nodeRunStateSchema, type NodeRunState } from '../core/graph/run-state';
import { temporalUiRunUrl } from '../core/temporal';

// @temporalio/proto is CommonJS without static named exports, so Node's ESM loader needs the default import.
const { temporal } = proto;
const EventType = temporal.api.enums.v1.EventType;

export const nodeViewSchema = nodeRunStateSchema.extend({ temporalUiUrl: z.string() });
export type NodeView = z.infer<typeof nodeViewSchema>;

export const graphRunMetaSchema = z.object({ graphId: z.string(), version: z.number() }).nullable();

export function isGraphRun(workflowId: string): boolean {
  return workflowId.startsWith('graph-');
}

/** Node states as the interpreter keeps them: from the result, the failure details, or a query of the live run. */
async function interpreterStates(handle: WorkflowHandle, status: string): Promise<Record<string, NodeRunState> | null> {
  if (status === 'COMPLETED') {
    const r = graphRunResultSchema.safeParse(await handle.result());
    return r.success ? r.data.nodes : null;
  }
  if (status === 'FAILED') {
    const failure = await handle.result().then(() => null, (e: unknown) => e);
    let cause: unknown = failure instanceof WorkflowFailedError ? failure.cause : failure;
    while (cause) {
      if (cause instanceof ApplicationFailure) {
        const nodes = z.record(z.string(), nodeRunStateSchema).safeParse((cause.details?.[0] as { nodes?: unknown } | undefined)?.nodes);
        if (nodes.success) return nodes.data;
      }
      cause = (cause as TemporalFailure).cause;
    }
  }
  // Running, cancelled, terminated: ask the workflow (a closed run is replayed by a worker to answer).
  return handle.query<Record<string, NodeRunState>>('nodeStates').catch(() => null);
}

/**
 * Per-node view of a graph run: the interpreter's own node states (status, input, output, error, timing) with the
 * attempts of activity nodes taken from Temporal's history and pending-activity info, where retries are counted.
 */
export async function graphRunNodes(client: Client, workflowId: string, status: string): Promise<NodeView[] | null> {
  const handle = client.workflow.getHandle(workflowId);
  const states = await interpreterStates(handle, status);
  if (!states) return null;
  const description = await handle.describe();
  const runId = description.runId;
  const attempts = new Map<string, number>();
  const history = await client.workflowService.getWorkflowExecutionHistory({
    namespace: config().TEMPORAL_NAMESPACE,
    execution: { workflowId, runId },
    maximumPageSize: 1000,
  });
  const scheduledActivity = new Map<string, string>();
  for (const e of history.history?.events ?? []) {
    if (e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
      scheduledActivity.set(String(e.eventId), (e.activityTaskScheduledEventAttributes?.activityId ?? '').split('#')[0]!);
    } else if (e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
      const nodeId = scheduledActivity.get(String(e.activityTaskStartedEventAttributes?.scheduledEventId));
      if (nodeId) attempts.set(nodeId, Math.max(attempts.get(nodeId) ?? 0, e.activityTaskStartedEventAttributes?.attempt ?? 1));
    }
  }
  for (const p of description.raw.pendingActivities ?? []) {
    const nodeId = (p.activityId ?? '').split('#')[0]!;
    attempts.set(nodeId, Math.max(attempts.get(nodeId) ?? 0, p.attempt ?? 1));
  }
  const url = temporalUiRunUrl(workflowId, runId);
  return Object.values(states).map((s) => ({ ...s, attempts: Math.max(s.attempts, attempts.get(s.nodeId) ?? 0), temporalUiUrl: url }));
}
