/**
 * Gaps in a validated bar series: where bars are missing, told apart from where the market was shut. Gaps are
 * reported as statistics of a successful import, never as errors: a file with gaps still imports.
 *
 * Without an exchange calendar a closure is inferred from the data itself:
 * - weekdays: Saturday and Sunday are closed unless the file has bars on them (round-the-clock markets do);
 * - intraday breaks that recur at the same local times on enough trading days are sessions (lunch, night, the
 *   closing auction);
 * - on data that keeps a weekly closure (an exchange), a run of up to MAX_HOLIDAY_TRADING_DAYS missing trading
 *   days is counted as a possible holiday rather than a gap. A day of missing data that looks like a holiday is
 *   indistinguishable from one, which is why those are counted, not hidden.
 */
import type { Timeframe } from './timeframe';
import { timeframeMs } from './timeframe';
import type { Zone } from './timezone';

export interface Gap {
  /** ISO UTC time of the last bar before the gap. */
  from: string;
  /** ISO UTC time of the first bar after the gap. */
  to: string;
  /** File lines (1-based, header = line 1) of the bars either side of the gap. */
  fromLine: number;
  toLine: number;
  missingBars: number;
  /** The same, in words: lines, times and the timeframe step the bars were expected at. */
  message: string;
}

export interface GapStats {
  count: number;
  /**
   * Breaks where the market is expected to be shut, left out of `count`: closed weekdays for daily bars, and for
   * intraday bars breaks that recur at the same local times (lunch, overnight, closing auction).
   */
  sessionBreaksIgnored: number;
  /**
   * Runs of 1 to MAX_HOLIDAY_TRADING_DAYS missing trading days in data with a weekly closure: exchange holidays, or
   * missing days that look like them. Left out of `count` and `largest`.
   */
  possibleHolidays: number;
  /** The ten largest by missingBars, earliest first among equals. */
  largest: Gap[];
}

const MS_PER_DAY = 86_400_000;
const LARGEST_GAPS = 10;
/** The longest exchange holidays run a week and a half of weekdays at most (China's Spring Festival, Golden Week). */
export const MAX_HOLIDAY_TRADING_DAYS = 7;
/** A recurring break must be seen on this share of trading days to be a session break, not missing data. */
const SESSION_SHARE = 0.3;
/**
 * Breaks that recur this often count as sessions when they hold the share within the stretch of days they
 * span, not just the whole file: schedules change (the SSE closing auction exists only since August 2018).
 */
const SESSION_MIN_RECURRENCE_FOR_STRETCH = 5;
/** A weekend day trades when it holds this share of the busiest weekday's trading days; stray bars do not count. */
const OPEN_WEEKEND_SHARE = 0.25;

interface RawGap {
  /** Index of the bar after the gap; the bar before it is index - 1. */
  index: number;
  missingBars: number;
}

/** 0 = Sunday … 6 = Saturday for an epoch day number; epoch day 0, 1970-01-01, was a Thursday. */
function weekday(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7;
}

/** Which weekdays the market trades on, read from the local days that have bars. */
function tradingWeekdays(days: Float64Array): boolean[] {
  const perWeekday = [0, 0, 0, 0, 0, 0, 0];
  let last = Number.NaN;
  for (const day of days) {
    if (day === last) continue;
    perWeekday[weekday(day)]!++;
    last = day;
  }
  const busiest = Math.max(...perWeekday);
  return perWeekday.map((count, wd) => (wd !== 0 && wd !== 6) || (count > 0 && count >= OPEN_WEEKEND_SHARE * busiest));
}

/** Trading days strictly between two epoch days. */
function tradingDaysBetween(fromDay: number, toDay: number, open: boolean[]): number {
  const span = toDay - fromDay - 1;
  if (span <= 0) return 0;
  const perWeek = open.filter(Boolean).length;
  const weeks = Math.floor(span / 7);
  let count = weeks * perWeek;
  for (let d = fromDay + 1 + weeks * 7; d < toDay; d++) if (open[weekday(d)]) count++;
  return count;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * `lineOf(i)` is the file line of bar i. A gap is an interval of at least 1.5 bars, so DST-shifted daily stamps
 * (23 h / 25 h) and weekly bars moved a day by a holiday are not gaps. missingBars is interval / timeframe − 1,
 * rounded, except for daily bars, where it is the number of missing trading days.
 */
export function findGaps(times: Float64Array, timeframe: Timeframe, zone: Zone, lineOf: (index: number) => number): GapStats {
  const step = timeframeMs(timeframe);
  const n = times.length;
  const locals = new Float64Array(n);
  const days = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    locals[i] = times[i]! + zone.offsetAt(times[i]!);
    days[i] = Math.floor(locals[i]! / MS_PER_DAY);
  }
  const open = tradingWeekdays(days);
  const weeklyClosure = open.some((o) => !o);
  const found =
    timeframe === '1w' ? weeklyGaps(times, step) : timeframe === '1d' ? dailyGaps(times, days, step, open) : intradayGaps(times, locals, days, step, open);

  const gaps: RawGap[] = [];
  let possibleHolidays = 0;
  for (const gap of found.missing) {
    if (weeklyClosure && gap.tradingDays !== undefined && gap.tradingDays > 0 && gap.tradingDays <= MAX_HOLIDAY_TRADING_DAYS) possibleHolidays++;
    else gaps.push(gap);
  }
  const largest = [...gaps]
    .sort((x, y) => y.missingBars - x.missingBars || x.index - y.index)
    .slice(0, LARGEST_GAPS)
    .map((g) => describe(times, g, timeframe, lineOf));
  return { count: gaps.length, sessionBreaksIgnored: found.sessionBreaks, possibleHolidays, largest };
}

function describe(times: Float64Array, g: RawGap, timeframe: Timeframe, lineOf: (index: number) => number): Gap {
  const from = iso(times[g.index - 1]!);
  const to = iso(times[g.index]!);
  const fromLine = lineOf(g.index - 1);
  const toLine = lineOf(g.index);
  return { from, to, fromLine, toLine, missingBars: g.missingBars, message: gapMessage({ from, to, missingBars: g.missingBars }, timeframe, { fromLine, toLine }) };
}

/**
 * A gap in words. Shared with gaps found in bars fetched from an exchange, which have no file lines, so both kinds
 * read the same in a run's result.
 */
export function gapMessage(
  gap: { from: string; to: string; missingBars: number },
  timeframe: Timeframe,
  lines?: { fromLine: number; toLine: number },
): string {
  const unit = timeframe === '1d' ? 'trading day' : 'bar';
  const where = lines ? `lines ${lines.fromLine}–${lines.toLine}: ` : '';
  return `${where}no bars from ${gap.from} to ${gap.to}, ${gap.missingBars} ${unit}${gap.missingBars === 1 ? '' : 's'} missing at the expected ${timeframe} step`;
}

/** Candidate gaps; `tradingDays` is set where whole trading days are missing, which a holiday could explain. */
interface Found {
  missing: (RawGap & { tradingDays?: number })[];
  sessionBreaks: number;
}

function weeklyGaps(times: Float64Array, step: number): Found {
  const missing: Found['missing'] = [];
  for (let i = 1; i < times.length; i++) {
    const span = times[i]! - times[i - 1]!;
    const bars = Math.round(span / step) - 1;
    if (span > step && bars >= 1) missing.push({ index: i, missingBars: bars });
  }
  return { missing, sessionBreaks: 0 };
}

function dailyGaps(times: Float64Array, days: Float64Array, step: number, open: boolean[]): Found {
  const missing: Found['missing'] = [];
  let sessionBreaks = 0;
  for (let i = 1; i < times.length; i++) {
    if (times[i]! - times[i - 1]! <= step || days[i]! - days[i - 1]! <= 1) continue;
    const tradingDays = tradingDaysBetween(days[i - 1]!, days[i]!, open);
    if (tradingDays === 0) sessionBreaks++;
    else missing.push({ index: i, missingBars: tradingDays, tradingDays });
  }
  return { missing, sessionBreaks };
}

/**
 * Candidates are grouped by their (local time of day at start, at end) pair; a pair seen on enough trading days is
 * the market's schedule (lunch, night, auction), not missing data — unless it also skips whole trading days.
 */
function intradayGaps(times: Float64Array, locals: Float64Array, days: Float64Array, step: number, open: boolean[]): Found {
  const candidates: { index: number; missingBars: number; key: number; day: number }[] = [];
  const pairs = new Map<number, { count: number; firstDay: number; lastDay: number }>();
  let tradingDays = 0;
  for (let i = 0; i < times.length; i++) {
    const day = days[i]!;
    if (i === 0 || day !== days[i - 1]) tradingDays++;
    if (i === 0) continue;
    const t = times[i]!;
    const prev = times[i - 1]!;
    const missingBars = Math.round((t - prev) / step) - 1;
    if (t - prev <= step || missingBars < 1) continue;
    const prevDay = days[i - 1]!;
    // The pair of local times of day at both ends.
    const key = (locals[i - 1]! - prevDay * MS_PER_DAY) * MS_PER_DAY + (locals[i]! - day * MS_PER_DAY);
    const ordinal = tradingDays - (day === prevDay ? 1 : 2);
    candidates.push({ index: i, missingBars, key, day: ordinal });
    const pair = pairs.get(key);
    if (pair) {
      pair.count++;
      pair.lastDay = ordinal;
    } else pairs.set(key, { count: 1, firstDay: ordinal, lastDay: ordinal });
  }
  const missing: Found['missing'] = [];
  let sessionBreaks = 0;
  for (const gap of candidates) {
    const pair = pairs.get(gap.key);
    const count = pair?.count ?? 0;
    const stretch = pair ? pair.lastDay - pair.firstDay + 1 : 1;
    const recurring =
      (count >= 2 && count >= SESSION_SHARE * tradingDays) ||
      (count >= SESSION_MIN_RECURRENCE_FOR_STRETCH && count >= SESSION_SHARE * stretch);
    const skipped = tradingDaysBetween(days[gap.index - 1]!, days[gap.index]!, open);
    if (recurring && skipped === 0) sessionBreaks++;
    else if (recurring) missing.push({ index: gap.index, missingBars: gap.missingBars, tradingDays: skipped });
    else missing.push({ index: gap.index, missingBars: gap.missingBars });
  }
  return { missing, sessionBreaks };
}
