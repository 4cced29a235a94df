import { annualReturn, annualVolatility, maxDrawdown, sharpeRatio, sortinoRatio } from '../metrics';
import type { BacktestResult, BacktestSeries, MetricValue } from './types';

/** The engine's result in the shape engines/metrics takes (contract of issue 4). */
export interface BacktestMetricsInput {
  /** Per-bar simple returns of the mark-to-market equity (float64, statistical). */
  returns: Float64Array;
  periodsPerYear: number;
  riskFreeRate: number;
  trades: { pnl: string; return: number; entryTimeMs: number; exitTimeMs: number; side: 'long' | 'short'; barsHeld: number }[];
  /** Signed position value ÷ equity per bar. */
  exposure: Float64Array;
}

export function toMetricsInput(result: BacktestResult, series: BacktestSeries, periodsPerYear: number, riskFreeRate: number): BacktestMetricsInput {
  return {
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
}

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Interim table until computeMetrics lands in engines/metrics. */
export function computeResultMetrics(result: BacktestResult, series: BacktestSeries, periodsPerYear: number, riskFreeRate: number): MetricValue[] {
  const input = toMetricsInput(result, series, periodsPerYear, riskFreeRate);
  const a = { annualization: input.periodsPerYear };
  const riskFree = input.riskFreeRate / input.periodsPerYear;
  const wins = input.trades.filter((t) => t.return > 0).length;
  return [
    { id: 'annual_return', label: 'Annual return', value: finite(annualReturn(input.returns, a)), unit: 'fraction', annualization: input.periodsPerYear },
    { id: 'annual_volatility', label: 'Annual volatility', value: finite(annualVolatility(input.returns, a)), unit: 'fraction', annualization: input.periodsPerYear },
    { id: 'sharpe_ratio', label: 'Sharpe ratio', value: finite(sharpeRatio(input.returns, { ...a, riskFree })), unit: 'ratio', annualization: input.periodsPerYear },
    { id: 'sortino_ratio', label: 'Sortino ratio', value: finite(sortinoRatio(input.returns, a)), unit: 'ratio', annualization: input.periodsPerYear },
    { id: 'max_drawdown', label: 'Max drawdown', value: finite(maxDrawdown(input.returns)), unit: 'fraction' },
    { id: 'trades', label: 'Trades', value: input.trades.length, unit: 'count' },
    { id: 'win_rate', label: 'Win rate', value: input.trades.length ? wins / input.trades.length : null, unit: 'fraction' },
  ];
}
