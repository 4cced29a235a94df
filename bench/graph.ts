import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { graphSchema } from '../core/graph/model';
import { GraphWorkflowTypes, prepareGraphRun } from '../core/graph/run-state';
import { repoRoot } from '../core/paths';
import { TaskQueues } from '../core/temporal-queues';
import { freePort } from '../scripts/lib/processes';
import { ensureTemporalCli } from '../scripts/lib/temporal-cli';
import { startDevServer } from '../scripts/lib/temporal-dev-server';
import { createCoreWorker } from '../workers/core-worker';
import { installTemporalRuntime } from '../workers/temporal-runtime';

/**
 * `npm run bench:graph`: throughput and start-to-finish latency of a 3-node graph run by the interpreter, against
 * the same steps as a hand-written workflow, side by side on one Temporal dev server and one worker.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 400);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);

const graph = graphSchema.parse({
  outputs: { doubled: 'nodes.double.out' },
  nodes: [
    { id: 'start', type: 'trigger.manual' },
    { id: 'double', type: 'data.transform', params: { expression: 'input.n * 2' } },
    { id: 'log', type: 'notify.log', params: { message: { $template: 'doubled: {{ nodes.double.out }}' } } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'double' },
    { id: 'e2', source: 'double', target: 'log' },
  ],
});

const temporal = process.env.TEMPORAL_ADDRESS
  ? undefined
  : await startDevServer({ binary: await ensureTemporalCli(), port: await freePort(), uiPort: await freePort() });
const address = process.env.TEMPORAL_ADDRESS ?? temporal!.address;
// Before the first NativeConnection, which would otherwise install a default runtime.
installTemporalRuntime();
// Node types run their activities on the catalog's queue, so the bench worker serves that queue.
const taskQueue = TaskQueues.core;
// The production worker set-up (activities, interceptors), on its own task queue, with the peer workflow added.
const worker = await createCoreWorker({
  connection: await NativeConnection.connect({ address }),
  taskQueue,
  prebuilt: false,
  workflowsPath: path.join(repoRoot, 'bench', 'workflows.ts'),
  maxCachedWorkflows: 1000,
});
const running = worker.run();
const client = new Client({ connection: await Connection.connect({ address }) });

/** CPU time (user + system) a process has used, in ms: the dev server's from /proc, this process's from Node. */
function serverCpuMs(): number {
  const pid = temporal?.process.pid;
  if (!pid) return Number.NaN;
  try {
    // Fields 14 and 15 (utime, stime) in clock ticks, after the parenthesised command name.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}
const ownCpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

type Kind = 'interpreter' | 'handwritten' | 'ceiling';
interface Measured { runsPerS: number; p50: number; p95: number; serverCpuMsPerRun: number; workerCpuMsPerRun: number }
let batch = 0;
async function measure(kind: Kind, runs: number): Promise<Measured> {
  const latencies: number[] = [];
  const tag = batch++;
  let next = 0;
  const cpu0 = { server: serverCpuMs(), own: ownCpuMs() };
  const started = performance.now();
  const lane = async () => {
    while (next < runs) {
      const i = next++;
      const t0 = performance.now();
      const id = `bench-${kind}-${tag}-${i}`;
      if (kind === 'interpreter') {
        const args = prepareGraphRun({ graphId: 'bench', version: 1, graph, input: { n: i } });
        const r = await client.workflow.execute(GraphWorkflowTypes.run, { taskQueue, workflowId: id, args: [args] });
        if ((r as { outputs: { doubled: number } }).outputs.doubled !== i * 2) throw new Error('wrong interpreter result');
      } else {
        const type = kind === 'handwritten' ? 'benchHandwritten' : 'benchNoActivity';
        const r = await client.workflow.execute(type, { taskQueue, workflowId: id, args: [{ n: i }] });
        if ((r as { doubled: number }).doubled !== i * 2) throw new Error(`wrong ${kind} result`);
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  const seconds = (performance.now() - started) / 1000;
  const serverCpuMsPerRun = (serverCpuMs() - cpu0.server) / runs;
  const workerCpuMsPerRun = (ownCpuMs() - cpu0.own) / runs;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { runsPerS: runs / seconds, p50: q(0.5), p95: q(0.95), serverCpuMsPerRun, workerCpuMsPerRun };
}

try {
  // Warm-up: worker caches, bundle JIT, server connections.
  await measure('interpreter', 50);
  await measure('handwritten', 50);
  const results: Record<Kind, Measured[]> = { interpreter: [], handwritten: [], ceiling: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order so neither side always runs on a warmer server.
    for (const kind of (round % 2 === 0 ? ['interpreter', 'handwritten'] : ['handwritten', 'interpreter']) as Kind[]) {
      results[kind].push(await measure(kind, RUNS));
    }
  }
  // What this machine allows at all: the same load with no activity and no logic, measured once at the end.
  results.ceiling.push(await measure('ceiling', RUNS));
  const mean = (xs: Measured[], f: (x: Measured) => number) => xs.reduce((s, x) => s + f(x), 0) / xs.length;
  const avg = (xs: Measured[]): Measured => ({
    runsPerS: mean(xs, (x) => x.runsPerS),
    p50: mean(xs, (x) => x.p50),
    p95: mean(xs, (x) => x.p95),
    serverCpuMsPerRun: mean(xs, (x) => x.serverCpuMsPerRun),
    workerCpuMsPerRun: mean(xs, (x) => x.workerCpuMsPerRun),
  });
  const i = avg(results.interpreter);
  const h = avg(results.handwritten);
  const c = avg(results.ceiling);
  const row = (name: string, r: Measured) => `  ${name.padEnd(24)} ${r.runsPerS.toFixed(1).padStart(8)} runs/s   p50 ${r.p50.toFixed(1).padStart(7)} ms   p95 ${r.p95.toFixed(1).padStart(7)} ms` +
    `   CPU/run: server ${r.serverCpuMsPerRun.toFixed(2).padStart(5)} ms, worker+client ${r.workerCpuMsPerRun.toFixed(2).padStart(5)} ms`;
  console.log(`3-node graph (input → transform → log activity), ${RUNS} runs × ${ROUNDS} rounds, ${IN_FLIGHT} in flight, one worker, Temporal dev server`);
  console.log(row('interpreter (graphRun)', i));
  console.log(row('hand-written workflow', h));
  console.log(row('ceiling: no activity', c));
  console.log(`  ratio interpreter / hand-written: ${(i.runsPerS / h.runsPerS).toFixed(2)}`);
  console.log(JSON.stringify({
    runs: RUNS * ROUNDS,
    in_flight: IN_FLIGHT,
    runs_per_s: Number(i.runsPerS.toFixed(1)),
    p50_ms: Number(i.p50.toFixed(1)),
    p95_ms: Number(i.p95.toFixed(1)),
    handwritten_runs_per_s: Number(h.runsPerS.toFixed(1)),
    handwritten_p50_ms: Number(h.p50.toFixed(1)),
    handwritten_p95_ms: Number(h.p95.toFixed(1)),
    ratio: Number((i.runsPerS / h.runsPerS).toFixed(3)),
    ceiling_runs_per_s: Number(c.runsPerS.toFixed(1)),
    server_cpu_ms_per_run: Number(i.serverCpuMsPerRun.toFixed(2)),
    worker_cpu_ms_per_run: Number(i.workerCpuMsPerRun.toFixed(2)),
    handwritten_server_cpu_ms_per_run: Number(h.serverCpuMsPerRun.toFixed(2)),
    handwritten_worker_cpu_ms_per_run: Number(h.workerCpuMsPerRun.toFixed(2)),
    ceiling_server_cpu_ms_per_run: Number(c.serverCpuMsPerRun.toFixed(2)),
    ceiling_worker_cpu_ms_per_run: Number(c.workerCpuMsPerRun.toFixed(2)),
  }));
} finally {
  worker.shutdown();
  await running;
  await temporal?.stop();
}
