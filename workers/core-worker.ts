import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { recordAlerts } from '../activities/alerts';
import * as backtestActivities from '../activities/backtest';
import { analyzeStructure, chanScan, notifyAlerts } from '../activities/chanlun';
import * as graphActivities from '../activities/graph-nodes';
import * as importActivities from '../activities/import-klines';
import * as llmActivities from '../activities/llm';
import { fetchBars } from '../activities/market-data';
import { config } from '../core/config';
import { closeDb } from '../core/db';
import { logger } from '../core/logger';
import { repoRoot } from '../core/paths';
import { TaskQueues } from '../core/temporal';
import { reportAttempts } from './report-attempts';
import { installTemporalRuntime } from './temporal-runtime';

export const workflowBundlePath = path.join(repoRoot, 'dist', 'workflow-bundle.js');
export const workflowsPath = path.join(repoRoot, 'workflows', 'index.ts');

export interface CoreWorkerOptions {
  connection?: NativeConnection;
  taskQueue?: string;
  /** Use the pre-built bundle (production) or bundle the sources at start (development, tests). */
  prebuilt?: boolean;
  /** Workflow sources to bundle instead of workflows/index.ts (the benchmark adds its hand-written peer). */
  workflowsPath?: string;
  maxCachedWorkflows?: number;
}

/** The worker of the `lurus-core` task queue: platform workflows and the activities they call. */
export async function createCoreWorker(o: CoreWorkerOptions = {}): Promise<Worker> {
  installTemporalRuntime();
  const prebuilt = o.prebuilt ?? config().NODE_ENV === 'production';
  if (prebuilt && !existsSync(workflowBundlePath)) {
    throw new Error(`Workflow bundle missing at ${workflowBundlePath}: run npm run build:workflows`);
  }
  const connection = o.connection ?? (await NativeConnection.connect({ address: config().temporalAddress }));
  return Worker.create({
    connection,
    namespace: config().TEMPORAL_NAMESPACE,
    taskQueue: o.taskQueue ?? TaskQueues.core,
    ...(prebuilt ? { workflowBundle: { codePath: workflowBundlePath } } : { workflowsPath: o.workflowsPath ?? workflowsPath }),
    ...(o.maxCachedWorkflows ? { maxCachedWorkflows: o.maxCachedWorkflows } : {}),
    // Graph node types name their activity (catalog `activity`): market.import-klines → importKlineCsv, etc.
    activities: {
      ...importActivities,
      ...graphActivities,
      ...backtestActivities,
      // The LLM provider (URL, key) is read from config inside the activity: secrets never travel in workflow history.
      ...llmActivities,
      fetchBars,
      // Also callable as its own activity: a workflow that produces alerts another way records them idempotently.
      recordAlerts,
      analyzeStructure, chanScan, notifyAlerts,
    },
    interceptors: { activity: [reportAttempts] },
    // On SIGTERM: stop polling, let running activities finish for this long, then cancel them so Temporal hands
    // them to another worker (activities roll back on cancellation).
    shutdownGraceTime: '20 seconds',
    // Heartbeats carry import progress to the web page; the SDK's default throttling would show it every 16 s.
    maxHeartbeatThrottleInterval: '1 second',
    defaultHeartbeatThrottleInterval: '1 second',
  });
}

async function main(): Promise<void> {
  const worker = await createCoreWorker();
  logger.info({ taskQueue: worker.options.taskQueue, address: config().temporalAddress }, 'worker polling');
  await worker.run();
  await worker.connection?.close?.();
  await closeDb();
  logger.info('worker stopped');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    logger.fatal({ err }, 'worker failed');
    process.exit(1);
  });
}
