import { z } from 'zod';
import { backtestJobSchema, backtestSummarySchema, type BacktestSummary } from '../../../core/contracts/backtest';
import { db } from '../../../core/db';
import { temporalClient } from '../../../core/temporal';
import { loadGraph, loadVersion, requireValidGraph } from '../../graph-store';
import { checkBacktestRunnable } from '../../backtest-checks';
import { startGraphRun } from '../../routes/graphs';
import { getRun, runDetailSchema, runStatusSchema, type RunDetail } from '../../runs';
import { runWorkflowId, startOnce } from '../../start-workflow';
import { ToolFailure, type ToolSpec } from '../tool-kit';

/**
 * The SDK client gives up on a request after 60 s unless told otherwise, so a tool waits less than that by default
 * and hands back the workflow id to poll with get_workflow_run.
 */
const DEFAULT_WAIT_S = 45;

/** Waits until the run closes, the wait is over or the caller cancels, then describes it as GET /api/runs/:id does. */
async function settle(workflowId: string, waitS: number, signal: AbortSignal): Promise<RunDetail> {
  const client = await temporalClient();
  if (waitS > 0) {
    const stop = AbortSignal.any([signal, AbortSignal.timeout(waitS * 1000)]);
    // A failed run rejects here too; getRun below reports the failure either way.
    await client.withAbortSignal(stop, () => client.workflow.getHandle(workflowId).result()).catch(() => undefined);
  }
  const run = await getRun(client, workflowId);
  if (!run) throw new ToolFailure(`run ${workflowId} not found`);
  return run;
}

const stillRunning = (workflowId: string, waitS: number) => `still running after ${waitS} s: poll get_workflow_run with workflowId ${workflowId}`;

const backtestInput = backtestJobSchema.extend({
  waitSeconds: z.number().int().min(0).max(600).default(DEFAULT_WAIT_S).describe('How long to wait for the result before returning the workflow id (raise the client timeout above 60 s first)'),
});
const backtestOutput = z.object({
  workflowId: z.string(),
  runId: z.string(),
  status: runStatusSchema,
  temporalUiUrl: z.string(),
  summary: backtestSummarySchema.nullable().describe('Headline figures once the run completed; the full result is GET /api/backtests/{backtestId}'),
});

const pct = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : `${(v * 100).toFixed(2)}%`);

export const backtestStrategy: ToolSpec<typeof backtestInput, typeof backtestOutput> = {
  name: 'backtest_strategy',
  title: 'Backtest a strategy',
  description:
    'Backtests a strategy (builtin library id, spec, saved strategy or sandboxed code) on stored bars of one symbol, as POST /api/backtests does, and waits for the summary (trades, final equity, metrics as fractions).',
  input: backtestInput,
  output: backtestOutput,
  quota: 'backtest_strategy',
  role: 'trader',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run({ waitSeconds, ...job }, ctx) {
    const parsed = backtestJobSchema.parse(job);
    await checkBacktestRunnable({ strategy: parsed.strategy, config: parsed.config, symbols: [parsed.symbol] });
    const workflowId = runWorkflowId('backtest', ctx.principal.keyId);
    const started = await startOnce('backtestJobs', { workflowId, args: [{ jobs: [job], concurrency: 1 }] });
    const run = await settle(workflowId, waitSeconds, ctx.signal);
    if (run.failure) throw new ToolFailure(`backtest failed: ${run.failure.message}`);
    const summary = run.status === 'COMPLETED' ? ((run.result as BacktestSummary[])[0] ?? null) : null;
    const text = summary
      ? `Backtest of ${summary.strategy} on ${summary.symbol} ${summary.timeframe} (${summary.bars} bars): ${summary.trades} trades, final equity ${summary.finalEquity}, ` +
        `total return ${pct(summary.metrics.total_return)}, max drawdown ${pct(summary.metrics.max_drawdown)}, Sharpe ${summary.metrics.sharpe_ratio?.toFixed(2) ?? 'n/a'}.`
      : `Backtest ${stillRunning(workflowId, waitSeconds)}.`;
    return { data: { workflowId, runId: started.runId, status: run.status, temporalUiUrl: run.temporalUiUrl, summary }, text };
  },
};

const startInput = z.object({
  graphId: z.uuid(),
  version: z.number().int().min(1).optional().describe('Default: the current version'),
  input: z.record(z.string(), z.unknown()).default({}).describe("Run input, checked against the graph's input schema"),
});
const startOutput = z.object({ workflowId: z.string(), runId: z.string(), version: z.number().int(), temporalUiUrl: z.string() });

export const startWorkflow: ToolSpec<typeof startInput, typeof startOutput> = {
  name: 'start_workflow',
  title: 'Run a saved graph',
  description: 'Starts a run of a saved graph (workflow) version with the given input, as POST /api/graphs/{id}/runs does; follow it with get_workflow_run.',
  input: startInput,
  output: startOutput,
  quota: 'start_workflow',
  role: 'trader',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async run(a, ctx) {
    const g = await loadGraph(db(), a.graphId);
    const v = await loadVersion(db(), g.id, a.version ?? g.currentVersion);
    const started = await startGraphRun({ graphId: g.id, version: v.number, graph: requireValidGraph(v.graph), input: a.input, callerKeyId: ctx.principal.keyId });
    return { data: started, text: `Started ${g.name} version ${v.number}: workflowId ${started.workflowId}.` };
  },
};

const getRunInput = z.object({ workflowId: z.string().min(1).max(300) });

export const getWorkflowRun: ToolSpec<typeof getRunInput, typeof runDetailSchema> = {
  name: 'get_workflow_run',
  title: 'Workflow run',
  description: 'Status, input, result or failure, live progress and per-node states (graph runs) of one workflow run, as GET /api/runs/{workflowId}.',
  input: getRunInput,
  output: runDetailSchema,
  quota: 'get_workflow_run',
  role: 'viewer',
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(a) {
    const run = await getRun(await temporalClient(), a.workflowId);
    if (!run) throw new ToolFailure(`workflowId: no run ${a.workflowId}`);
    const progress = run.progress ? `, ${run.progress.phase} ${run.progress.done}/${run.progress.total}` : '';
    const failure = run.failure ? `: ${run.failure.message}` : '';
    return { data: run, text: `${run.type} ${run.workflowId} is ${run.status}${progress}${failure}.` };
  },
};

/** `graph_<name in snake case>`; tool names are at most 64 characters of [A-Za-z0-9_-]. */
export function graphToolName(name: string, id: string, taken: Set<string>): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 48) || id.slice(0, 8);
  const plain = `graph_${slug}`;
  return taken.has(plain) ? `${plain}_${id.slice(0, 8)}` : plain;
}

const graphRunOutput = z.object({
  graphId: z.string(),
  version: z.number().int(),
  workflowId: z.string(),
  runId: z.string(),
  status: runStatusSchema,
  temporalUiUrl: z.string(),
  outputs: z.unknown().describe("The graph's outputs once the run completed, else null"),
});

/** Published graphs, each as a tool whose input schema is the graph's own (current version, read per session). */
export async function publishedGraphTools(): Promise<ToolSpec<z.ZodObject, typeof graphRunOutput>[]> {
  const graphs = await db().graph.findMany({ where: { publishedAt: { not: null }, deletedAt: null }, orderBy: [{ publishedAt: 'asc' }, { id: 'asc' }] });
  const taken = new Set<string>();
  const tools: ToolSpec<z.ZodObject, typeof graphRunOutput>[] = [];
  for (const g of graphs) {
    const v = await loadVersion(db(), g.id, g.currentVersion);
    const name = graphToolName(g.name, g.id, taken);
    taken.add(name);
    tools.push({
      name,
      title: g.name,
      description: `${g.description || g.name} — runs the published Lurus Flow graph "${g.name}" and waits up to ${DEFAULT_WAIT_S} s for its outputs, else returns the workflowId for get_workflow_run.`,
      input: inputSchemaOf(v.graph.inputSchema),
      output: graphRunOutput,
      quota: 'start_workflow',
      role: 'trader',
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
      async run(input, ctx) {
        // Published state and version are read again: the list a client holds may be older than the graph.
        const now = await db().graph.findFirst({ where: { id: g.id, deletedAt: null, publishedAt: { not: null } } });
        if (!now) throw new ToolFailure(`${name}: the graph is no longer published`);
        const cur = await loadVersion(db(), g.id, now.currentVersion);
        const started = await startGraphRun({ graphId: g.id, version: cur.number, graph: requireValidGraph(cur.graph), input, callerKeyId: ctx.principal.keyId });
        const run = await settle(started.workflowId, DEFAULT_WAIT_S, ctx.signal);
        if (run.failure) throw new ToolFailure(`${name} failed: ${run.failure.message} (workflowId ${started.workflowId})`);
        const outputs = run.status === 'COMPLETED' ? ((run.result as { outputs?: unknown } | null)?.outputs ?? null) : null;
        const text = run.status === 'COMPLETED' ? `${g.name} completed: ${JSON.stringify(outputs).slice(0, 500)}` : `${g.name} ${stillRunning(started.workflowId, DEFAULT_WAIT_S)}.`;
        return { data: { graphId: g.id, version: cur.number, workflowId: started.workflowId, runId: started.runId, status: run.status, temporalUiUrl: started.temporalUiUrl, outputs }, text };
      },
    });
  }
  return tools;
}

/**
 * The graph's JSON Schema as zod, for the SDK to list and check arguments with. A schema zod cannot express falls
 * back to any object: startGraphRun checks the input against the graph's schema again, so nothing unchecked runs.
 */
function inputSchemaOf(jsonSchema: Record<string, unknown>): z.ZodObject {
  try {
    const s = z.fromJSONSchema(jsonSchema as Parameters<typeof z.fromJSONSchema>[0]);
    if (s instanceof z.ZodObject) return s;
  } catch {
    // fall through
  }
  return z.object({}).loose();
}
