import type { SymbolSeries } from '../api/backtests';
import { TIMEFRAMES } from '../api/types';

/** Timeframes with stored bars, shortest first. */
export function storedTimeframes(series: SymbolSeries[]): string[] {
  const stored = new Set(series.map((s) => s.timeframe));
  return TIMEFRAMES.filter((tf) => stored.has(tf));
}

/** Daily bars when stored (what a rotation usually ranks on), else the timeframe the most symbols have. */
export function defaultTimeframe(series: SymbolSeries[]): string {
  const counts = new Map<string, number>();
  for (const s of series) counts.set(s.timeframe, (counts.get(s.timeframe) ?? 0) + 1);
  if (counts.has('1d')) return '1d';
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '1d';
}

/** The symbols a rotation on `timeframe` can pick from, in the API's (alphabetical) order. */
export function seriesAt(series: SymbolSeries[], timeframe: string): SymbolSeries[] {
  return series.filter((s) => s.timeframe === timeframe);
}
