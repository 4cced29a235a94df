import { randomUUID } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { ZodError } from 'zod';
import { rotationJobSchema, type RotationJobInput, type RotationSummary } from '../../core/contracts/rotation';
import { db } from '../../core/db';
import { runRotationAsync, type BacktestConfigInput, type BacktestProgress, type RotationResult } from '../../engines/backtest';
import type { KlineColumns } from '../../engines/klines';
import { checkedParams } from '../checked-params';
import { marketOf } from './bars';
import { earlierAttempt, headlineMetrics, loadBarsOrFail, parseConfigOrFail } from './run';
import { BacktestFailureTypes } from './strategy';

export function rotationSummaryOf(backtestId: string, result: RotationResult, engineMs: number): RotationSummary {
  const metrics = headlineMetrics(result.metrics);
  return {
    backtestId,
    strategy: result.strategy,
    symbols: result.symbols,
    timeframe: result.timeframe,
    bars: result.bars,
    trades: result.trades.length,
    rebalances: result.rebalances.length,
    holdings: result.final.positions.map((p) => p.symbol),
    finalEquity: result.final.equity,
    totalFees: result.final.totalFees,
    metrics,
    engineMs,
  };
}

const invalidConfig = (message: string) => ApplicationFailure.create({ type: BacktestFailureTypes.invalidConfig, message, nonRetryable: true });

/**
 * Runs the momentum rotation over stored bars of every symbol and stores the whole result in the backtests table
 * (symbol = the symbols joined by commas, definition = { kind: 'rotation', … }); returns the headline figures.
 * Idempotent per activity: a retry after the result was committed returns the stored summary.
 */
export async function runRotationJob(raw: RotationJobInput): Promise<RotationSummary> {
  const input = checkedParams(rotationJobSchema, raw);
  const ctx = Context.current();
  const { workflowId, activityKey, stored } = await earlierAttempt<RotationSummary>();
  if (stored) return stored;

  // One account, one set of rules: a universe mixing A-share and crypto symbols has no market to run under.
  const markets = new Set(input.symbols.map(marketOf));
  const market = (input.config.market as string | undefined) ?? (markets.size === 1 ? [...markets][0] : undefined);
  if (market === undefined) throw invalidConfig(`symbols mix A-share and crypto symbols (${input.symbols.join(', ')}): rank one market, or set config.market`);
  const config = parseConfigOrFail({ ...input.config, market } as BacktestConfigInput);

  const span = { fromMs: input.from ? Date.parse(input.from) : undefined, toMs: input.to ? Date.parse(input.to) : undefined };
  const universe: KlineColumns[] = [];
  for (const symbol of input.symbols) {
    universe.push((await loadBarsOrFail(symbol, input.timeframe, span)).bars);
    ctx.heartbeat({ barsDone: 0, barsTotal: 0, trades: 0, equity: 0 } satisfies BacktestProgress);
  }

  const started = performance.now();
  let result: RotationResult;
  try {
    // Sliced so heartbeats (with progress) leave during a long run and a cancellation stops it between slices.
    result = await runRotationAsync(universe, input.params, config, { onProgress: (p) => ctx.heartbeat(p), signal: ctx.cancellationSignal });
  } catch (err) {
    if (ctx.cancellationSignal.aborted) throw err;
    if (err instanceof RangeError || err instanceof ZodError) throw invalidConfig(err.message);
    throw err;
  }
  const engineMs = Math.round((performance.now() - started) * 10) / 10;
  const id = randomUUID();
  const summary = rotationSummaryOf(id, result, engineMs);
  await db().backtest.create({
    data: {
      id,
      activityKey,
      workflowId,
      strategy: result.strategy,
      definition: { kind: 'rotation', params: result.params, symbols: result.symbols },
      symbol: input.symbols.join(','),
      timeframe: input.timeframe,
      bars: result.bars,
      result: JSON.parse(JSON.stringify(result)),
      summary,
      engineMs: Math.round(engineMs),
    },
    select: { id: true },
  });
  return summary;
}
