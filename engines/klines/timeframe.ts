import { z } from 'zod';

export const TIMEFRAMES = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '12h', '1d', '1w'] as const;
export const timeframeSchema = z.enum(TIMEFRAMES);
export type Timeframe = z.infer<typeof timeframeSchema>;

const MINUTE = 60_000;
const TIMEFRAME_MS: Readonly<Record<Timeframe, number>> = {
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': 60 * MINUTE,
  '2h': 120 * MINUTE,
  '4h': 240 * MINUTE,
  '6h': 360 * MINUTE,
  '12h': 720 * MINUTE,
  '1d': 1440 * MINUTE,
  '1w': 7 * 1440 * MINUTE,
};

const BY_MINUTES = new Map<number, Timeframe>(TIMEFRAMES.map((tf) => [TIMEFRAME_MS[tf] / MINUTE, tf]));

export function timeframeMs(tf: Timeframe): number {
  return TIMEFRAME_MS[tf];
}

export function isTimeframe(value: string): value is Timeframe {
  return (TIMEFRAMES as readonly string[]).includes(value);
}

const MINUTE_UNITS = new Set(['m', 'min', 'mins', 'minute', 'minutes', 't', '分钟', '分']);
const HOUR_UNITS = new Set(['h', 'hr', 'hour', 'hours', '小时']);
const DAY_WORDS = new Set(['d', 'day', 'days', 'daily', '日', '日线', '天']);
const WEEK_WORDS = new Set(['w', 'wk', 'week', 'weeks', 'weekly', '周', '周线']);

/**
 * Timeframe from the spellings found in exported files: canonical ('5m'), czsc's Freq enum as printed by
 * pandas ('Freq.F5', 'Freq.D') or its Chinese values ('5分钟', '日线'), and common words ('1min', '60min',
 * 'daily'). Returns null for anything else, including unsupported frames such as months.
 */
export function parseTimeframe(value: string): Timeframe | null {
  let trimmed = value.trim();
  if (isTimeframe(trimmed)) return trimmed;
  if (/^freq\./i.test(trimmed)) trimmed = trimmed.slice(5);
  // Upper-case M is month in most vendors' notation ('1M', czsc's Freq.M), which is not a supported frame.
  if (/^\d*M$/.test(trimmed)) return null;
  const v = trimmed.toLowerCase();
  const czsc = /^f(\d+)$/.exec(v);
  if (czsc) return BY_MINUTES.get(Number(czsc[1])) ?? null;
  const m = /^(\d*)\s*([a-z\u4e00-\u9fff]+)$/.exec(v);
  if (!m) return null;
  const count = m[1] === '' || m[1] === undefined ? 1 : Number(m[1]);
  const unit = m[2] ?? '';
  if (MINUTE_UNITS.has(unit)) return BY_MINUTES.get(count) ?? null;
  if (HOUR_UNITS.has(unit)) return BY_MINUTES.get(count * 60) ?? null;
  if (DAY_WORDS.has(unit)) return count === 1 ? '1d' : null;
  if (WEEK_WORDS.has(unit)) return count === 1 ? '1w' : null;
  return null;
}

function exactTimeframe(intervalMs: number): Timeframe | null {
  if (intervalMs <= 0 || intervalMs % MINUTE !== 0) return null;
  const exact = BY_MINUTES.get(intervalMs / MINUTE);
  if (exact) return exact;
  // Daily/weekly bars stamped at local midnight in a DST zone are 23 h or 25 h apart twice a year.
  for (const tf of ['1d', '1w'] as const) {
    if (Math.abs(intervalMs - TIMEFRAME_MS[tf]) <= 60 * MINUTE) return tf;
  }
  return null;
}

/**
 * Timeframe from ascending bar times. The most common positive interval is used because weekends, holidays,
 * lunch breaks and nights make the mean (and for daily bars even the median of short files) useless, while the
 * regular spacing still dominates. Falls back to the smallest positive interval; null if neither is a
 * supported timeframe or there are fewer than two distinct times.
 */
export function inferTimeframe(sortedTimesMs: ArrayLike<number>): Timeframe | null {
  const counts = new Map<number, number>();
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 1; i < sortedTimesMs.length; i++) {
    const d = (sortedTimesMs[i] ?? Number.NaN) - (sortedTimesMs[i - 1] ?? Number.NaN);
    if (!(d > 0)) continue;
    counts.set(d, (counts.get(d) ?? 0) + 1);
    if (d < smallest) smallest = d;
  }
  if (counts.size === 0) return null;
  let mode = 0;
  let modeCount = 0;
  for (const [interval, count] of counts) {
    if (count > modeCount || (count === modeCount && interval < mode)) {
      mode = interval;
      modeCount = count;
    }
  }
  return exactTimeframe(mode) ?? exactTimeframe(smallest);
}
