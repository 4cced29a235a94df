import { createHash, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { TaskQueues, temporalClient, temporalUiRunUrl } from '../core/temporal';

/**
 * `<prefix>-<suffix>`: with an Idempotency-Key the suffix is derived from it (scoped to the caller's API key, so two
 * callers cannot collide); without one it is random.
 */
export function runWorkflowId(prefix: string, callerKeyId: string, idempotencyKey?: string): string {
  const suffix = idempotencyKey ? createHash('sha256').update(`${callerKeyId}:${idempotencyKey}`).digest('hex').slice(0, 32) : randomUUID();
  return `${prefix}-${suffix}`;
}

/**
 * Starts a workflow at most once per id: a retried request (same id) gets the existing run — running or closed —
 * instead of a second one. Temporal's id policies do the deduplication; nothing is kept on our side.
 */
export async function startOnce(workflowType: string, o: { workflowId: string; args: unknown[]; memo?: Record<string, unknown> }) {
  const client = await temporalClient();
  let runId: string;
  try {
    const handle = await client.workflow.start(workflowType, {
      taskQueue: TaskQueues.core,
      workflowId: o.workflowId,
      args: o.args,
      ...(o.memo ? { memo: o.memo } : {}),
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    runId = handle.firstExecutionRunId;
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    runId = (await client.workflow.getHandle(o.workflowId).describe()).runId;
  }
  return { workflowId: o.workflowId, runId, temporalUiUrl: temporalUiRunUrl(o.workflowId, runId) };
}
