import type { KlineColumns } from '../klines';

/**
 * Bars as float64 columns for the per-bar path (signal math, trigger tests, mark-to-market: all statistical),
 * next to the original decimal strings that fills are priced from. Converting once up front is what keeps the
 * per-bar loop free of string parsing and Decimal construction.
 */
export interface PreparedBars {
  source: KlineColumns;
  length: number;
  timeMs: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

const cache = new WeakMap<KlineColumns, PreparedBars>();

function toFloats(values: readonly string[], field: string): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (!Number.isFinite(v)) throw new Error(`bars.${field}[${i}] is not a number: ${JSON.stringify(values[i])}`);
    out[i] = v;
  }
  return out;
}

/** Float64 columns of `bars`, computed once per KlineColumns object (cached weakly, so reruns skip it). */
export function prepareBars(bars: KlineColumns): PreparedBars {
  const cached = cache.get(bars);
  if (cached) return cached;
  const n = bars.timeMs.length;
  for (const field of ['open', 'high', 'low', 'close', 'volume'] as const) {
    if (bars[field].length !== n) throw new Error(`bars.${field} has ${bars[field].length} values for ${n} times`);
  }
  const timeMs = bars.timeMs instanceof Float64Array ? bars.timeMs : Float64Array.from(bars.timeMs);
  for (let i = 1; i < n; i++) {
    if (!(timeMs[i]! > timeMs[i - 1]!)) throw new Error(`bars.timeMs must be strictly ascending (index ${i})`);
  }
  const prepared: PreparedBars = {
    source: bars,
    length: n,
    timeMs,
    open: toFloats(bars.open, 'open'),
    high: toFloats(bars.high, 'high'),
    low: toFloats(bars.low, 'low'),
    close: toFloats(bars.close, 'close'),
    volume: toFloats(bars.volume, 'volume'),
  };
  cache.set(bars, prepared);
  return prepared;
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Trading day of each bar as a day number in Asia/Shanghai, for T+1 and daily price limits. China has kept UTC+8
 * without daylight saving since 1991, so a fixed offset is exact for every bar a backtest can see.
 */
export function shanghaiDays(timeMs: Float64Array): Int32Array {
  const out = new Int32Array(timeMs.length);
  for (let i = 0; i < timeMs.length; i++) out[i] = Math.floor((timeMs[i]! + SHANGHAI_OFFSET_MS) / DAY_MS);
  return out;
}

/** 'YYYY-MM-DD' of a Shanghai day number, for reject reasons. */
export function shanghaiDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
