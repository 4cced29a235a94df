import type { OHLCV } from 'ccxt';
import { timeframeMs, type Timeframe } from '../../engines/klines';
import { decimalField, withRetry, type RetryOptions } from './exchange';

/** What the paginator needs of a ccxt exchange. */
export interface OhlcvSource {
  fetchOHLCV(symbol: string, timeframe?: string, since?: number, limit?: number): Promise<OHLCV[]>;
}

export interface FetchedBar {
  timeMs: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

export interface Page {
  /** The span this page answers for: every bar the exchange has in [fromMs, toMs) is in `bars`. */
  fromMs: number;
  toMs: number;
  bars: FetchedBar[];
}

export interface PageRequest {
  symbol: string;
  timeframe: Timeframe;
  fromMs: number;
  /** Exclusive; bars opening at or after it are dropped. */
  toMs: number;
  limit: number;
}

/**
 * Pages through [fromMs, toMs) oldest first, advancing `since` to just after the last bar returned.
 *
 * A short or empty page does not end the walk. ccxt's okx turns (since, limit) into the window
 * [since, since + limit bars), so a short page only says that window has nothing after its last bar, and an empty one
 * that the window is empty: a maintenance gap, or a listing that starts later. The walk therefore jumps a whole
 * window past an empty page and ends when `since` reaches `toMs` (which the caller keeps at or before the newest
 * closed bar). On exchanges that answer "the first `limit` bars from since" the same rule costs at most
 * (toMs − last bar) / window extra requests once their data ends.
 */
export async function* fetchPages(source: OhlcvSource, req: PageRequest, retry: RetryOptions): AsyncGenerator<Page> {
  const step = timeframeMs(req.timeframe);
  let since = req.fromMs;
  while (since < req.toMs) {
    retry.signal?.throwIfAborted();
    const from = since;
    // Never ask past the range: on okx the window is the request, and bars beyond it may already be stored.
    const limit = Math.min(req.limit, Math.ceil((req.toMs - from) / step));
    const rows = await withRetry(() => source.fetchOHLCV(req.symbol, req.timeframe, from, limit), retry);
    const bars: FetchedBar[] = [];
    let latest = Number.NEGATIVE_INFINITY;
    for (const row of rows) {
      const t = row[0];
      if (typeof t !== 'number' || !Number.isInteger(t)) throw new Error(`exchange sent a bar without an integer timestamp: ${JSON.stringify(row)}`);
      if (t > latest) latest = t;
      // ccxt sorts ascending; anything before `since`, repeated, or past the range is not this page's business.
      if (t < from || t >= req.toMs || (bars.length > 0 && t <= bars[bars.length - 1]!.timeMs)) continue;
      bars.push({
        timeMs: t,
        open: decimalField(row[1], 'open', t),
        high: decimalField(row[2], 'high', t),
        low: decimalField(row[3], 'low', t),
        close: decimalField(row[4], 'close', t),
        volume: decimalField(row[5], 'volume', t),
      });
    }
    const next = rows.length === 0 || latest < from ? from + limit * step : latest + step;
    const to = Math.min(next, req.toMs);
    yield { fromMs: from, toMs: to, bars };
    since = next;
  }
}
