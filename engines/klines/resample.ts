import Decimal from 'decimal.js';
import { compareDecimal, normalizeDecimal } from './decimal';
import type { KlineColumns } from './csv';
import { timeframeMs, type Timeframe } from './timeframe';
import { zoneFor } from './timezone';

/**
 * Resampling K-lines to a coarser timeframe: open = first, high = max, low = min, close = last, volume = sum, all
 * on exact decimal strings.
 *
 * Bucket alignment depends on how the source stamps its bars:
 *
 * - `'utc-open'` (crypto exchanges): a bar is stamped with its OPEN time and buckets are aligned to the UTC epoch
 *   grid, so a 5m bucket holds the bars opening at :00…:04 and is keyed by :00; 1d buckets start at 00:00 UTC and
 *   1w buckets on Monday 00:00 UTC (what OKX's `1Dutc`/`1Wutc` and Binance's `1d`/`1w` use).
 * - `'ashare-close'` (Shanghai/Shenzhen): a bar is stamped with its CLOSE time in Asia/Shanghai and buckets are
 *   counted from the start of each session (09:30–11:30, 13:00–15:00), so 1-minute bars run 09:31…11:30 and
 *   13:01…15:00, 30m buckets close at 10:00, 10:30, 11:00, 11:30, 13:30 … 15:00, 1h buckets at 10:30, 11:30, 14:00,
 *   15:00 (as Chinese vendors publish them; a clock-aligned 11:00–12:00 hour would straddle the lunch break), and 1d
 *   is one trading day keyed 15:00. A bucket is keyed by its nominal close even when its last bar is missing.
 *
 * A bucket is partial when the input starts after its first slot or ends before its last one: the forming bar at the
 * end of a live series, or a file that begins mid-bucket. Only the first and last bucket can be partial; bars missing
 * inside the input are gaps in the data, visible in `counts`, not partial buckets.
 */

export type BarAlignment = 'utc-open' | 'ashare-close';

export interface ResampleOptions {
  alignment: BarAlignment;
  /** 'flag' keeps partial buckets and lists them in `partial`; 'drop' leaves them out. Default 'flag'. */
  partial?: 'flag' | 'drop';
}

export interface ResampleResult {
  bars: KlineColumns;
  /** Source bars merged into each output bar; fewer than the bucket holds means missing bars inside it. */
  counts: number[];
  /** Indexes into `bars` of partial buckets (at most the first and the last); empty with `partial: 'drop'`. */
  partial: number[];
}

export class ResampleError extends Error {
  override readonly name = 'ResampleError';
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** 1970-01-01 was a Thursday; weeks start on Monday, four days later. */
const MONDAY_OFFSET = 4 * DAY;
/** A-share continuous-trading sessions in minutes after local midnight. */
const ASHARE_SESSIONS = [
  { open: 9 * 60 + 30, close: 11 * 60 + 30 },
  { open: 13 * 60, close: 15 * 60 },
] as const;
const ASHARE_ZONE = 'Asia/Shanghai';

/**
 * Volumes are summed exactly: decimal.js rounds every result to `precision` significant digits (20 by default, too
 * few for a day of 1-minute volumes with 8 decimals), and its cost depends on the digits present, not this bound.
 */
const ExactDecimal = Decimal.clone({ precision: 1_000 });

/** Where a source bar goes: the bucket's key (UTC ms) and the first and last source slot the bucket holds. */
interface Slot {
  key: number;
  firstSlot: number;
  lastSlot: number;
}

type Bucketer = (timeMs: number, index: number) => Slot;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function utcBucketer(from: Timeframe, to: Timeframe): Bucketer {
  const src = timeframeMs(from);
  const size = timeframeMs(to);
  const offset = to === '1w' ? MONDAY_OFFSET : 0;
  return (t, i) => {
    if (t % src !== 0) throw new ResampleError(`bar ${i} at ${iso(t)} is not on the ${from} UTC grid (alignment 'utc-open' expects bar open times)`);
    const key = Math.floor((t - offset) / size) * size + offset;
    return { key, firstSlot: key, lastSlot: key + size - src };
  };
}

function ashareBucketer(from: Timeframe, to: Timeframe): Bucketer {
  const srcMin = timeframeMs(from) / MINUTE;
  const sizeMin = timeframeMs(to) / MINUTE;
  const daily = to === '1d';
  if (srcMin >= 24 * 60) throw new ResampleError(`alignment 'ashare-close' resamples intraday bars; got source timeframe ${from}`);
  if (to === '1w') throw new ResampleError(`alignment 'ashare-close' resamples up to 1d; weekly bars are not supported`);
  for (const s of ASHARE_SESSIONS) {
    const length = s.close - s.open;
    if (length % srcMin !== 0) throw new ResampleError(`source timeframe ${from} does not divide the ${length}-minute A-share session`);
    if (!daily && length % sizeMin !== 0) throw new ResampleError(`target timeframe ${to} does not divide the ${length}-minute A-share session`);
  }
  const zone = zoneFor(ASHARE_ZONE);
  const first = ASHARE_SESSIONS[0].open;
  const last = ASHARE_SESSIONS[ASHARE_SESSIONS.length - 1]!.close;
  return (t, i) => {
    const offset = zone.offsetAt(t);
    const local = t + offset;
    const dayStart = Math.floor(local / DAY) * DAY;
    const minute = (local - dayStart) / MINUTE;
    const session = ASHARE_SESSIONS.find((s) => minute > s.open && minute <= s.close);
    if (!session || !Number.isInteger(minute) || (minute - session.open) % srcMin !== 0) {
      throw new ResampleError(
        `bar ${i} at ${iso(t)} is not a ${from} bar close inside an A-share session (09:31–11:30, 13:01–15:00 Asia/Shanghai)`,
      );
    }
    const toUtc = (m: number) => dayStart + m * MINUTE - offset;
    if (daily) return { key: toUtc(last), firstSlot: toUtc(first + srcMin), lastSlot: toUtc(last) };
    const end = session.open + Math.ceil((minute - session.open) / sizeMin) * sizeMin;
    return { key: toUtc(end), firstSlot: toUtc(end - sizeMin + srcMin), lastSlot: toUtc(end) };
  };
}

function checkedDecimal(bars: KlineColumns, field: 'open' | 'high' | 'low' | 'close' | 'volume', i: number): string {
  const v = bars[field][i];
  if (v === undefined) throw new ResampleError(`bar ${i}: ${field} is missing (columns have different lengths)`);
  // compareDecimal is only correct on canonical strings; anything else would be compared wrongly, not rejected.
  if (normalizeDecimal(v) !== v) throw new ResampleError(`bar ${i}: ${field} '${v}' is not a canonical decimal string`);
  return v;
}

/** Resamples ascending bars to the coarser timeframe `to`; see the module comment for alignment and partial buckets. */
export function resampleBars(bars: KlineColumns, to: Timeframe, options: ResampleOptions): ResampleResult {
  const from = bars.timeframe;
  const src = timeframeMs(from);
  const size = timeframeMs(to);
  if (size <= src || size % src !== 0) {
    throw new ResampleError(`cannot resample ${from} to ${to}: the target must be a whole multiple of the source timeframe`);
  }
  const bucketOf = options.alignment === 'utc-open' ? utcBucketer(from, to) : ashareBucketer(from, to);

  const out: KlineColumns = { symbol: bars.symbol, timeframe: to, timeMs: [], open: [], high: [], low: [], close: [], volume: [] };
  const times = out.timeMs as number[];
  const counts: number[] = [];
  const n = bars.timeMs.length;
  let firstPartial = false;
  let lastPartial = false;
  let current: Slot | undefined;
  let high = '';
  let low = '';
  let close = '';
  let volume = new ExactDecimal(0);
  let count = 0;

  const flush = () => {
    if (!current) return;
    out.high.push(high);
    out.low.push(low);
    out.close.push(close);
    out.volume.push(volume.toFixed());
    counts.push(count);
  };

  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = bars.timeMs[i]!;
    if (!(t > previous)) throw new ResampleError(`bar ${i} at ${iso(t)} is not after the previous bar (times must be strictly ascending)`);
    previous = t;
    const slot = bucketOf(t, i);
    const o = checkedDecimal(bars, 'open', i);
    const h = checkedDecimal(bars, 'high', i);
    const l = checkedDecimal(bars, 'low', i);
    const c = checkedDecimal(bars, 'close', i);
    const v = checkedDecimal(bars, 'volume', i);
    if (current?.key !== slot.key) {
      flush();
      if (!current) firstPartial = t !== slot.firstSlot;
      current = slot;
      times.push(slot.key);
      out.open.push(o);
      high = h;
      low = l;
      volume = new ExactDecimal(v);
      count = 1;
    } else {
      if (compareDecimal(h, high) > 0) high = h;
      if (compareDecimal(l, low) < 0) low = l;
      volume = volume.plus(v);
      count++;
    }
    close = c;
    if (i === n - 1) lastPartial = t !== slot.lastSlot;
  }
  flush();

  const partialIndexes = [...new Set([...(firstPartial ? [0] : []), ...(lastPartial ? [times.length - 1] : [])])];
  if (options.partial !== 'drop' || partialIndexes.length === 0) return { bars: out, counts, partial: partialIndexes };
  const keep = (_: unknown, k: number) => !partialIndexes.includes(k);
  return {
    bars: {
      symbol: out.symbol,
      timeframe: to,
      timeMs: times.filter(keep),
      open: out.open.filter(keep),
      high: out.high.filter(keep),
      low: out.low.filter(keep),
      close: out.close.filter(keep),
      volume: out.volume.filter(keep),
    },
    counts: counts.filter(keep),
    partial: [],
  };
}
