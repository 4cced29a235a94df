import { Client, Connection } from '@temporalio/client';
import { config } from './config';

export { TaskQueues } from './temporal-queues';

let shared: Promise<Client> | undefined;

/** The process-wide Temporal client for the configured cluster (dev server by default). */
export function temporalClient(): Promise<Client> {
  shared ??= Connection.connect({ address: config().temporalAddress }).then(
    (connection) => new Client({ connection, namespace: config().TEMPORAL_NAMESPACE }),
  );
  return shared;
}

export async function closeTemporalClient(): Promise<void> {
  if (!shared) return;
  const c = await shared.catch(() => undefined);
  shared = undefined;
  await c?.connection.close();
}

/** Link to a run in the Temporal Web UI. */
export function temporalUiRunUrl(workflowId: string, runId?: string): string {
  const c = config();
  const base = `${c.temporalUiUrl}/namespaces/${encodeURIComponent(c.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${base}/${encodeURIComponent(runId)}/history` : base;
}
