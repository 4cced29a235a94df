import type { Db } from '../../core/db';
import { timeframeMs, type KlineColumns, type Timeframe } from '../../engines/klines';
import { readStoredBars } from '../bar-store';
import { resampleBars } from '../../engines/klines/resample';

/** A-share symbols (exchange suffix) trade in Shanghai sessions with A-share rules; anything else is crypto. */
export function marketOf(symbol: string): 'ashare' | 'crypto' {
  return /\.(SH|SZ|BJ|XSHG|XSHE)$/i.test(symbol) ? 'ashare' : 'crypto';
}

export class BarsNotFoundError extends Error {
  override readonly name = 'BarsNotFoundError';
}

export interface Span {
  fromMs?: number;
  toMs?: number;
}
/**
 * Bars of a stored series for a backtest. When the timeframe itself is not stored, the finest stored timeframe below
 * it is resampled (1-minute A-share bars become 30-minute or daily bars); the last bucket is dropped when partial.
 */
export async function loadBacktestBars(db: Db, symbol: string, timeframe: Timeframe, span: Span): Promise<{ bars: KlineColumns; resampledFrom?: string }> {
  const direct = await readStoredBars(db, symbol, timeframe, span);
  if (direct.timeMs.length > 0) return { bars: direct };

  const stored = await db.bar.groupBy({ by: ['timeframe'], where: { symbol } });
  const finer = stored
    .map((s) => s.timeframe as Timeframe)
    .filter((tf) => timeframeMs(tf) < timeframeMs(timeframe))
    .sort((a, b) => timeframeMs(b) - timeframeMs(a));
  for (const source of finer) {
    const bars = await readStoredBars(db, symbol, source, span);
    if (bars.timeMs.length === 0) continue;
    const alignment = marketOf(symbol) === 'ashare' ? 'ashare-close' : 'utc-open';
    return { bars: resampleBars(bars, timeframe, { alignment, partial: 'drop' }).bars, resampledFrom: source };
  }
  const have = stored.map((s) => s.timeframe).join(', ');
  throw new BarsNotFoundError(
    have
      ? `no ${timeframe} bars for ${symbol} in the requested span, and none finer to resample (stored: ${have})`
      : `no bars stored for ${symbol}: import a CSV or fetch it from an exchange first`,
  );
}
