import { proxyActivities } from '@temporalio/workflow';
import type * as activities from '../activities/graph-nodes';

// The bench's peer: the same three steps as the bench graph (input → double → log), written by hand.
const { logMessage } = proxyActivities<typeof activities>({ startToCloseTimeout: '30s', retry: { maximumAttempts: 3 } });

export async function benchHandwritten(input: { n: number }): Promise<{ doubled: number }> {
  const doubled = input.n * 2;
  await logMessage({ message: `doubled: ${doubled}`, level: 'info' });
  return { doubled };
}

/** The ceiling on this machine: a workflow with no activity at all (one workflow task, start to completion). */
export async function benchNoActivity(input: { n: number }): Promise<{ doubled: number }> {
  return { doubled: input.n * 2 };
}
