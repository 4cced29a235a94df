import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeDb, db } from '../core/db';
import { repoRoot } from '../core/paths';
import { closeTemporalClient, TaskQueues, temporalClient } from '../core/temporal';
import { decodeKlineSource, parseKlineCsv } from '../engines/klines';
import { importProgressSchema } from '../core/contracts/import-klines';
import { defaultPayloadConverter } from '@temporalio/common';
import { waitFor } from './helpers';

const zip = path.join(repoRoot, '..', 'shared', 'data', 'ashare', '000001.XSHG_1min.zip');
const children: ChildProcess[] = [];

/** A real worker process, as `npm start` runs it. */
function spawnWorker(): ChildProcess {
  // tsx as a loader, not as a wrapper process: signals reach the worker itself, as in production.
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/core-worker.ts'], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'development', LURUS_SERVICE: 'crash-test-worker' },
    stdio: ['ignore', 'ignore', 'inherit'],
    // Own process group, so the afterEach clean-up reaches everything it started.
    detached: true,
  });
  children.push(child);
  return child;
}

const killGroup = (c: ChildProcess) => {
  try {
    process.kill(-c.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
};

// Each test starts with no worker polling, so the worker it kills is the one holding its activity.
afterEach(() => {
  for (const c of children.splice(0)) killGroup(c);
});

afterAll(async () => {
  await closeTemporalClient();
  await closeDb();
});

/** Waits until the run's activity heartbeats the storing phase, i.e. its transaction is open and half written. */
async function waitForStoring(handle: { describe(): Promise<any> }) {
  return waitFor('the storing phase', async () => {
    const d = await handle.describe();
    if (d.status.name !== 'RUNNING') throw new Error(`run ended (${d.status.name}) before the storing phase was seen`);
    for (const a of d.raw.pendingActivities ?? []) {
      const first = a.heartbeatDetails?.payloads?.[0];
      const p = importProgressSchema.safeParse(first ? defaultPayloadConverter.fromPayload(first) : null);
      if (p.success && p.data.phase === 'storing' && p.data.done > 0) return p.data;
    }
    return undefined;
  }, 170_000, 100);
}

describe('worker shutdown and crash during a large import', () => {
  it('SIGTERM lets the worker finish or hand back its import, exit cleanly, and the run completes', async () => {
    const client = await temporalClient();
    const worker = spawnWorker();
    const handle = await client.workflow.start('importKlines', {
      taskQueue: TaskQueues.core,
      workflowId: `shutdown-test-${Date.now()}`,
      args: [{ source: { type: 'path', path: zip }, symbol: 'SHUTDOWN.TEST' }],
    });
    await waitForStoring(handle);
    process.kill(-worker.pid!, 'SIGTERM');
    const code = await new Promise<number | null>((r) => worker.once('exit', (c) => r(c)));
    expect(code).toBe(0);
    // Finished within the grace period, or handed back for the next worker: either way the run completes.
    spawnWorker();
    const stats = await handle.result();
    expect(stats.rows).toBe(239_550);
    expect(await db().bar.count({ where: { symbol: 'SHUTDOWN.TEST' } })).toBe(239_550);
  });

  it('after kill -9 and a restart, the run completes and the stored bars equal the file', async () => {
    const client = await temporalClient();
    const first = spawnWorker();
    const handle = await client.workflow.start('importKlines', {
      taskQueue: TaskQueues.core,
      workflowId: `crash-test-${Date.now()}`,
      args: [{ source: { type: 'path', path: zip } }],
    });

    // Kill while the activity is writing: the transaction is open and part of the bars are sent.
    const progress = await waitForStoring(handle);
    killGroup(first);
    await new Promise((r) => first.once('exit', r));
    expect(progress.done).toBeLessThan(progress.total);

    spawnWorker();
    const stats = await handle.result();
    const d = await handle.describe();
    expect(d.status.name).toBe('COMPLETED');

    // The file, parsed independently, against what the database holds.
    const parsed = parseKlineCsv(decodeKlineSource(readFileSync(zip), 'x.zip'));
    if (!parsed.ok) throw new Error('fixture must parse');
    const sum = (xs: string[]) => xs.reduce((acc, x) => acc.plus(x), new Decimal(0)).toString();
    const [row] = await db().$queryRawUnsafe<{ n: bigint; close: string; volume: string; first: Date; last: Date }[]>(
      `SELECT count(*) AS n, sum(close)::text AS close, sum(volume)::text AS volume, min(time) AS first, max(time) AS last
       FROM bars WHERE symbol = $1 AND timeframe = $2`, parsed.bars.symbol, parsed.bars.timeframe);
    expect(Number(row!.n)).toBe(239_550);
    expect(stats.rows).toBe(239_550);
    expect(new Decimal(row!.close).toString()).toBe(sum(parsed.bars.close));
    expect(new Decimal(row!.volume).toString()).toBe(sum(parsed.bars.volume));
    expect(row!.first.toISOString()).toBe(parsed.stats.firstTime);
    expect(row!.last.toISOString()).toBe(parsed.stats.lastTime);
    expect(await db().barImport.count({ where: { workflowId: handle.workflowId } })).toBe(1);

    const history = await handle.fetchHistory();
    const attempts = history.events?.filter((e) => e.activityTaskStartedEventAttributes).map((e) => e.activityTaskStartedEventAttributes!.attempt ?? 1);
    expect(Math.max(...(attempts ?? [1]))).toBeGreaterThanOrEqual(2);
  });
});
