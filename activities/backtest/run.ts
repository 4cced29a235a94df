import { randomUUID } from 'node:crypto';
import { ApplicationFailure, Context, log } from '@temporalio/activity';
import { ZodError } from 'zod';
import { backtestJobSchema, type BacktestJobInput, type BacktestSummary } from '../../core/contracts/backtest';
import { db } from '../../core/db';
import { parseBacktestConfig, runBacktestAsync, type BacktestConfig, type BacktestConfigInput, type BacktestProgress, type BacktestResult } from '../../engines/backtest';
import type { Timeframe } from '../../engines/klines';
import { checkedParams } from '../checked-params';
import { BarsNotFoundError, loadBacktestBars, marketOf, type Span } from './bars';
import { BacktestFailureTypes, resolveStrategy } from './strategy';

/** The metrics a summary carries; the rest stay with the stored result. */
export const HEADLINE_METRICS = [
  'total_return', 'annual_return', 'sharpe_ratio', 'sortino_ratio', 'calmar_ratio', 'max_drawdown', 'annual_volatility',
  'win_rate', 'profit_factor', 'trade_count',
] as const;

/** The headline metrics as plain numbers (null where undefined, e.g. a ratio over zero volatility). */
export function headlineMetrics(metrics: BacktestResult['metrics']): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const id of HEADLINE_METRICS) {
    const m = metrics.byId[id];
    if (m) out[id] = typeof m.value === 'number' ? m.value : m.value === null ? null : Number(m.value);
  }
  return out;
}

export function summaryOf(backtestId: string, result: BacktestResult, engineMs: number, overrides?: Record<string, string | number | boolean>): BacktestSummary {
  const metrics = headlineMetrics(result.metrics);
  return {
    backtestId,
    strategy: result.strategy,
    symbol: result.symbol,
    timeframe: result.timeframe,
    ...(overrides ? { overrides } : {}),
    bars: result.bars,
    trades: result.trades.length,
    finalEquity: result.final.equity,
    metrics,
    engineMs,
  };
}

function configFailure(err: ZodError): ApplicationFailure {
  const message = err.issues.map((i) => `config.${i.path.join('.')}: ${i.message}`).join('; ');
  return ApplicationFailure.create({ type: BacktestFailureTypes.invalidConfig, message, nonRetryable: true });
}

/** The engine config, or a non-retryable failure naming each bad `config.<field>`. */
export function parseConfigOrFail(input: BacktestConfigInput): BacktestConfig {
  try {
    return parseBacktestConfig(input);
  } catch (err) {
    if (err instanceof ZodError) throw configFailure(err);
    throw err;
  }
}

/** Stored bars of one symbol, or a non-retryable failure when there are none in the span. */
export async function loadBarsOrFail(symbol: string, timeframe: Timeframe, span: Span) {
  try {
    return await loadBacktestBars(db(), symbol, timeframe, span);
  } catch (err) {
    if (err instanceof BarsNotFoundError) throw ApplicationFailure.create({ type: BacktestFailureTypes.barsNotFound, message: err.message, nonRetryable: true });
    throw err;
  }
}

/**
 * This activity's key in the backtests table, and the summary an earlier attempt stored under it: a retry after the
 * commit returns that instead of running and storing a second backtest.
 */
export async function earlierAttempt<S>(): Promise<{ workflowId: string; activityKey: string; stored: S | null }> {
  const { info } = Context.current();
  const workflowId = info.workflowExecution?.workflowId ?? 'unknown';
  const activityKey = `${workflowId}/${info.activityId}`;
  const done = await db().backtest.findUnique({ where: { activityKey }, select: { summary: true } });
  if (done) log.info('backtest already stored by an earlier attempt', { activityKey });
  return { workflowId, activityKey, stored: done ? (done.summary as S) : null };
}

/**
 * Runs one backtest on stored bars and stores its whole result; returns the headline figures. Idempotent per activity:
 * a retry after the result was committed returns the stored summary instead of a second backtest.
 */
export async function runBacktestJob(raw: BacktestJobInput): Promise<BacktestSummary> {
  const input = checkedParams(backtestJobSchema, raw);
  const ctx = Context.current();
  const { workflowId, activityKey, stored } = await earlierAttempt<BacktestSummary>();
  if (stored) return stored;

  const base = { ...input.config, market: (input.config.market as string | undefined) ?? marketOf(input.symbol) } as BacktestConfigInput;
  const resolved = await resolveStrategy(db(), input.strategy, input.overrides, base);
  try {
    const config = parseConfigOrFail(resolved.config);
    const span = { fromMs: input.from ? Date.parse(input.from) : undefined, toMs: input.to ? Date.parse(input.to) : undefined };
    const loaded = await loadBarsOrFail(input.symbol, input.timeframe, span);
    ctx.heartbeat({ barsDone: 0, barsTotal: loaded.bars.timeMs.length, trades: 0, equity: 0 } satisfies BacktestProgress);
    const started = performance.now();
    let result: BacktestResult;
    try {
      // Sliced so heartbeats leave during a long run and a cancellation stops it between slices.
      result = await runBacktestAsync(loaded.bars, resolved.strategy, config, { onProgress: (p) => ctx.heartbeat(p), signal: ctx.cancellationSignal });
    } catch (err) {
      if (ctx.cancellationSignal.aborted) throw err;
      // Errors thrown inside the strategy (sandboxed code, an order it may not place) are the strategy's, not ours.
      throw ApplicationFailure.create({ type: BacktestFailureTypes.strategyError, message: (err as Error).message, nonRetryable: true });
    }
    const engineMs = Math.round((performance.now() - started) * 10) / 10;
    const id = randomUUID();
    const summary = summaryOf(id, result, engineMs, input.overrides);
    await db().backtest.create({
      data: {
        id,
        activityKey,
        workflowId,
        strategy: result.strategy,
        definition: resolved.definition as object,
        symbol: input.symbol,
        timeframe: input.timeframe,
        bars: result.bars,
        result: JSON.parse(JSON.stringify(result)),
        summary,
        engineMs: Math.round(engineMs),
      },
      select: { id: true },
    });
    return summary;
  } finally {
    resolved.dispose();
  }
}
