import { useQuery } from '@tanstack/react-query';
import { chanKeys, getChanStructure, getKlines } from '../api/chanlun';
import type { SymbolSeries } from '../api/backtests';
import type { Timeframe } from '../api/types';

/** The levels the switcher offers, coarse to fine, with their length in minutes. */
export const LEVELS: readonly { timeframe: Timeframe; minutes: number }[] = [
  { timeframe: '1d', minutes: 1440 },
  { timeframe: '4h', minutes: 240 },
  { timeframe: '1h', minutes: 60 },
  { timeframe: '30m', minutes: 30 },
  { timeframe: '15m', minutes: 15 },
  { timeframe: '5m', minutes: 5 },
  { timeframe: '1m', minutes: 1 },
];

const MINUTES: Record<string, number> = {
  '1m': 1, '3m': 3, '5m': 5, '15m': 15, '30m': 30, '1h': 60, '2h': 120, '4h': 240, '6h': 360, '12h': 720, '1d': 1440, '1w': 10080,
};

/**
 * Levels a symbol can be shown at: the server resamples from the finest stored timeframe up, so every level at least
 * as long as that one. Weekly is left out: A-share daily files cannot become weeks (the server refuses them).
 */
export function levelsFor(series: SymbolSeries[], symbol: string): Timeframe[] {
  const stored = series.filter((s) => s.symbol === symbol).map((s) => MINUTES[s.timeframe] ?? Infinity);
  if (!stored.length) return [];
  const finest = Math.min(...stored);
  return LEVELS.filter((l) => l.minutes >= finest).map((l) => l.timeframe);
}

export function isIntraday(timeframe: string): boolean {
  return (MINUTES[timeframe] ?? 1440) < 1440;
}

// Bars change only when a new import lands; a few minutes keep the quota-counted calls down while switching levels.
const FRESH_MS = 5 * 60_000;

/**
 * The candles, then the structure of exactly those bars: when the series is longer than one candle request, the
 * analysis starts at the first candle shown, so every stroke, center and point drawn has its bars under it.
 */
export function useChanData(symbol: string, timeframe: Timeframe) {
  const enabled = symbol !== '';
  const klines = useQuery({
    queryKey: [...chanKeys.structure(symbol, timeframe), 'bars'],
    queryFn: ({ signal }) => getKlines(symbol, timeframe, signal),
    enabled,
    staleTime: FRESH_MS,
  });
  const from = klines.data?.truncated ? klines.data.bars[0]?.time : undefined;
  const structure = useQuery({
    queryKey: [...chanKeys.structure(symbol, timeframe), from ?? 'all'],
    queryFn: ({ signal }) => getChanStructure(symbol, { timeframe, from }, signal),
    enabled: enabled && klines.isSuccess,
    staleTime: FRESH_MS,
  });
  return { klines, structure };
}
