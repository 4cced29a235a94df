import type { MetricsInput } from '../metrics';
import type { BacktestResult, BacktestSeries } from './types';

/**
 * The engine's result in the shape computeMetrics takes: the full per-bar return series (float64, statistical), the
 * closed trades (pnl as decimal strings), the per-bar exposure and the turnover inputs.
 */
export function toMetricsInput(
  // Only the turnover input of `final` is read, so the portfolio rotation (engines/backtest/rotation.ts) can pass its own.
  result: { trades: BacktestResult['trades']; final: Pick<BacktestResult['final'], 'tradedNotional'> },
  series: BacktestSeries,
  periodsPerYear: number,
  riskFreeRate: number,
): MetricsInput {
  let sum = 0;
  for (let i = 0; i < series.equity.length; i++) sum += series.equity[i]!;
  const averageEquity = series.equity.length > 0 ? sum / series.equity.length : 0;
  const input: MetricsInput = {
    returns: series.returns,
    periodsPerYear,
    riskFreeRate,
    trades: result.trades.map((t) => ({
      pnl: t.pnl,
      return: t.returnFraction,
      entryTimeMs: t.entryTimeMs,
      exitTimeMs: t.exitTimeMs,
      side: t.side,
      barsHeld: t.barsHeld,
    })),
    exposure: series.exposure,
  };
  // Average equity is a statistic of the float mark-to-market series; fixed to 2 places for a decimal string.
  if (averageEquity > 0) input.turnover = { tradedNotional: result.final.tradedNotional, averageEquity: averageEquity.toFixed(2) };
  return input;
}
