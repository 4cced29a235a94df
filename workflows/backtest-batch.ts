import { ApplicationFailure, executeChild, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type * as backtestActivities from '../activities/backtest';
import type {
  BacktestJobInput,
  BacktestSummary,
  BatchResult,
  ParameterSearchInput,
  SearchParam,
  ValidateSymbolsInput,
} from '../core/contracts/backtest';
import type { RotationJobInput, RotationSummary } from '../core/contracts/rotation';
import { mapLimited } from './graph-for-each';

/**
 * Backtests fanned out as activities — any worker on the queue takes one — then ranked: a strategy validated on many
 * symbols, or a parameter search on one symbol. Searches run their backtests in child workflows of at most
 * SEARCH_CHUNK jobs, so no history grows past a few hundred events whatever the grid size.
 */

const { runBacktestJob, runRotationJob } = proxyActivities<typeof backtestActivities>({
  startToCloseTimeout: '15 minutes',
  // The engine yields between slices of about 100 ms and heartbeats at each, so a dead worker shows in seconds.
  heartbeatTimeout: '30 seconds',
  retry: { maximumAttempts: 3, initialInterval: '2 seconds' },
});
const { rankBacktests } = proxyActivities<typeof backtestActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5 },
});

export const SEARCH_CHUNK = 50;
const CHILDREN_AT_ONCE = 4;

/** Runs backtests, at most `concurrency` at a time; results in job order. */
export async function backtestJobs(input: { jobs: BacktestJobInput[]; concurrency: number }): Promise<BacktestSummary[]> {
  return mapLimited(input.jobs, input.concurrency, (job) => runBacktestJob(job));
}

/** One momentum-rotation backtest over a universe of symbols (a single activity: the portfolio is one account). */
export async function backtestRotation(input: RotationJobInput): Promise<RotationSummary> {
  return runRotationJob(input);
}

export async function backtestValidate(input: ValidateSymbolsInput): Promise<BatchResult> {
  const { symbols, strategy, timeframe, from, to, config } = input;
  const summaries = await mapLimited(symbols, input.concurrency, (symbol) =>
    runBacktestJob({ symbol, timeframe, from, to, strategy, config }),
  );
  return rankBacktests({ kind: 'validation', rankBy: input.rankBy, rows: summaries });
}

/** Values a searched setting takes: the list, or min, min + step, … ≤ max (rounded so 0.1 steps stay 0.1 steps). */
export function searchValues(p: SearchParam): (number | string | boolean)[] {
  if ('values' in p) return p.values;
  const out: number[] = [];
  for (let k = 0; ; k++) {
    const v = Number((p.min + k * p.step).toFixed(10));
    if (v > p.max + 1e-12) break;
    out.push(v);
    if (out.length > 10_000) break;
  }
  return out;
}

/** Every combination of the searched settings, in a stable order (the first parameter varies slowest). */
export function gridOf(params: SearchParam[]): Record<string, number | string | boolean>[] {
  let combos: Record<string, number | string | boolean>[] = [{}];
  for (const p of params) {
    const values = searchValues(p);
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [p.path]: v })));
  }
  return combos;
}

export async function backtestSearch(input: ParameterSearchInput): Promise<BatchResult> {
  const sizes = input.params.map((p) => searchValues(p).length);
  const total = sizes.reduce((a, b) => a * b, 1);
  let combos: Record<string, number | string | boolean>[];
  if (input.mode === 'grid') {
    if (total > input.maxRuns) {
      throw ApplicationFailure.create({
        type: 'SearchTooLarge',
        message: `the grid has ${total} settings (${sizes.join(' × ')}), more than maxRuns ${input.maxRuns}: narrow it or use random mode`,
        nonRetryable: true,
      });
    }
    combos = gridOf(input.params);
  } else {
    // Math.random in a workflow is Temporal's seeded generator: the same draw on every replay.
    const grid = gridOf(input.params);
    for (let i = grid.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [grid[i], grid[j]] = [grid[j]!, grid[i]!];
    }
    combos = grid.slice(0, input.samples);
  }

  const { symbol, timeframe, from, to, strategy, config } = input;
  const jobs: BacktestJobInput[] = combos.map((overrides) => ({ symbol, timeframe, from, to, strategy, config, overrides }));
  const chunks: BacktestJobInput[][] = [];
  for (let i = 0; i < jobs.length; i += SEARCH_CHUNK) chunks.push(jobs.slice(i, i + SEARCH_CHUNK));
  const results = await mapLimited(chunks, CHILDREN_AT_ONCE, (chunk, i) =>
    executeChild(backtestJobs, {
      args: [{ jobs: chunk, concurrency: Math.max(1, Math.ceil(input.concurrency / CHILDREN_AT_ONCE)) }],
      workflowId: `${workflowInfo().workflowId}/chunk-${i}`,
      staticSummary: `settings ${i * SEARCH_CHUNK + 1}–${i * SEARCH_CHUNK + chunk.length} of ${jobs.length}`,
    }),
  );
  return rankBacktests({ kind: 'search', rankBy: input.rankBy, rows: results.flat() });
}

