import { z } from 'zod';
import { compareDecimal, normalizeDecimal } from './decimal';
import { isTimeOfDay, parseBarTime } from './datetime';
import { inferTimeframe, parseTimeframe, timeframeMs, timeframeSchema, type Timeframe } from './timeframe';
import { isValidTimeZone, zoneFor, type Zone } from './timezone';

export interface KlineParseOptions {
  /** Overrides the file's symbol column; required when the file has none. */
  symbol?: string;
  /** Overrides the file's freq column and inference. */
  timeframe?: Timeframe;
  /**
   * Zone of wall-clock times without an explicit offset. Default: 'Asia/Shanghai' when the symbol ends with
   * .SH/.SZ/.XSHG/.XSHE/.BJ, else 'UTC'.
   */
  timezone?: string;
  /** How many problems to list (all are counted). Default 200. */
  maxReportedErrors?: number;
}

/** Column-oriented bars. Prices and volumes are canonical decimal strings: no exponent, '+', or padding zeros. */
export interface KlineColumns {
  symbol: string;
  timeframe: Timeframe;
  /** UTC epoch milliseconds, ascending. */
  timeMs: Float64Array | number[];
  open: string[];
  high: string[];
  low: string[];
  close: string[];
  volume: string[];
}

export interface RowProblem {
  /** 1-based physical line number in the file; the header is line 1. */
  line: number;
  /** Header name as written in the file, when the problem is about one field. */
  column?: string;
  reason: string;
}

export interface Gap {
  /** ISO UTC time of the last bar before the gap. */
  from: string;
  /** ISO UTC time of the first bar after the gap. */
  to: string;
  missingBars: number;
}

export interface KlineStats {
  symbol: string;
  timeframe: Timeframe;
  timezone: string;
  rows: number;
  firstTime: string | null;
  lastTime: string | null;
  gaps: {
    count: number;
    /**
     * Breaks where the market is expected to be shut, left out of `count`: weekends for daily bars, and for
     * intraday bars breaks that recur at the same local times (lunch, overnight, closing auction).
     */
    sessionBreaksIgnored: number;
    /** The ten largest by missingBars, earliest first among equals. */
    largest: Gap[];
  };
}

export type KlineParseResult =
  | { ok: true; bars: KlineColumns; stats: KlineStats }
  | { ok: false; errorCount: number; errors: RowProblem[]; rows: number };

export const klineParseOptionsSchema = z.object({
  symbol: z.string().trim().min(1).optional(),
  timeframe: timeframeSchema.optional(),
  timezone: z.string().refine(isValidTimeZone, { message: 'unknown IANA time zone' }).optional(),
  maxReportedErrors: z.number().int().min(0).optional(),
});

const DEFAULT_MAX_REPORTED = 200;
const PROGRESS_EVERY = 10_000;
const MS_PER_DAY = 86_400_000;
const LARGEST_GAPS = 10;
const CHINA_SUFFIX = /\.(SH|SZ|XSHG|XSHE|BJ)$/i;

/** A recurring break must be seen on this share of trading days to be a session break, not missing data. */
const SESSION_SHARE = 0.3;
/**
 * Breaks that recur this often count as sessions when they hold the share within the stretch of days they
 * span, not just the whole file: schedules change (the SSE closing auction exists only since August 2018).
 */
const SESSION_MIN_RECURRENCE_FOR_STRETCH = 5;

const TIME_ALIASES = ['dt', 'datetime', 'trade_time', 'date', 'time', 'trade_date'] as const;
const COLUMN_ALIASES = {
  open: ['open'],
  high: ['high'],
  low: ['low'],
  close: ['close'],
  volume: ['volume', 'vol'],
  symbol: ['symbol', 'code', 'ts_code'],
  freq: ['freq', 'timeframe', 'period'],
} as const;

class Problems {
  count = 0;
  readonly list: RowProblem[] = [];
  constructor(private readonly max: number) {}

  add(line: number, column: string | undefined, reason: string): void {
    this.count++;
    if (this.list.length < this.max) this.list.push(column === undefined ? { line, reason } : { line, column, reason });
  }

  /** Problems found after the rows (about the header, line 1) still belong at the front of the list. */
  addLate(line: number, column: string | undefined, reason: string): void {
    this.count++;
    this.list.push(column === undefined ? { line, reason } : { line, column, reason });
  }

  result(): RowProblem[] {
    return [...this.list].sort((a, b) => a.line - b.line).slice(0, this.max);
  }
}

type TimeSource =
  | { kind: 'single'; index: number; name: string; epoch: boolean }
  | { kind: 'split'; dateIndex: number; timeIndex: number; name: string };

interface Layout {
  time: TimeSource;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  symbol: number;
  freq: number;
}

function stripCr(line: string): string {
  return line.length > 0 && line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}

function countLineFeeds(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) > 32) return false;
  return true;
}

/** Trims only when needed: almost no field has padding and trim() would allocate for each. */
function clean(field: string | undefined): string {
  if (field === undefined || field.length === 0) return '';
  return field.charCodeAt(0) <= 32 || field.charCodeAt(field.length - 1) <= 32 ? field.trim() : field;
}

function detectDelimiter(header: string): string {
  if (header.includes(',')) return ',';
  if (header.includes('\t')) return '\t';
  if (header.includes(';')) return ';';
  return ',';
}

/** RFC 4180 fields on one line; null for an unterminated quote or text after a closing quote. */
function splitQuoted(line: string, delim: string): string[] | null {
  const out: string[] = [];
  const n = line.length;
  const d = delim.charCodeAt(0);
  let i = 0;
  for (;;) {
    if (i < n && line.charCodeAt(i) === 34) {
      let value = '';
      let start = ++i;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return null;
        if (line.charCodeAt(q + 1) === 34) {
          value += line.slice(start, q + 1);
          i = q + 2;
          start = i;
          continue;
        }
        value += line.slice(start, q);
        i = q + 1;
        break;
      }
      while (i < n && line.charCodeAt(i) === 32) i++;
      if (i < n && line.charCodeAt(i) !== d) return null;
      out.push(value);
    } else {
      const next = line.indexOf(delim, i);
      const end = next < 0 ? n : next;
      out.push(line.slice(i, end));
      i = end;
    }
    if (i >= n) return out;
    i++;
    if (i === n) {
      out.push('');
      return out;
    }
  }
}

function splitFields(line: string, delim: string): string[] | null {
  return line.includes('"') ? splitQuoted(line, delim) : line.split(delim);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function quote(raw: string): string {
  return `'${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}'`;
}

function layoutFor(names: string[], firstRow: string[] | null, problems: Problems): Layout | null {
  const positions = new Map<string, number[]>();
  names.forEach((name, i) => {
    const key = name.toLowerCase();
    if (key === '') return;
    const list = positions.get(key);
    if (list) list.push(i);
    else positions.set(key, [i]);
  });
  let fatal = false;
  const pick = (aliases: readonly string[]): number => {
    for (const alias of aliases) {
      const at = positions.get(alias);
      if (!at) continue;
      if (at.length > 1) {
        problems.add(1, names[at[0] ?? 0], `column '${alias}' appears ${at.length} times`);
        fatal = true;
      }
      return at[0] ?? -1;
    }
    return -1;
  };
  const required = (field: keyof typeof COLUMN_ALIASES): number => {
    const aliases = COLUMN_ALIASES[field];
    const index = pick(aliases);
    if (index < 0) {
      problems.add(1, field, `missing required column '${field}' (accepted names: ${aliases.join(', ')})`);
      fatal = true;
    }
    return index;
  };

  let time: TimeSource | null = null;
  const epochIndex = pick(['timestamp']);
  if (epochIndex >= 0) {
    time = { kind: 'single', index: epochIndex, name: names[epochIndex] ?? 'timestamp', epoch: true };
  } else {
    const dateAt = positions.get('date')?.[0];
    const timeAt = positions.get('time')?.[0];
    const fuller = ['dt', 'datetime', 'trade_time'].some((a) => positions.has(a));
    // Some exports (MetaTrader, many broker tools) split the stamp into a date and a time-of-day column.
    if (!fuller && dateAt !== undefined && timeAt !== undefined && firstRow && isTimeOfDay(clean(firstRow[timeAt]))) {
      time = { kind: 'split', dateIndex: dateAt, timeIndex: timeAt, name: `${names[dateAt]}+${names[timeAt]}` };
    } else {
      const index = pick(TIME_ALIASES);
      if (index >= 0) time = { kind: 'single', index, name: names[index] ?? 'time', epoch: false };
    }
  }
  if (!time) {
    problems.add(1, 'time', `missing required column 'time' (accepted names: timestamp, ${TIME_ALIASES.join(', ')})`);
    fatal = true;
  }
  const layout = {
    open: required('open'),
    high: required('high'),
    low: required('low'),
    close: required('close'),
    volume: required('volume'),
    symbol: pick(COLUMN_ALIASES.symbol),
    freq: pick(COLUMN_ALIASES.freq),
  };
  return fatal || !time ? null : { time, ...layout };
}

/**
 * Parses and validates a K-line CSV in one pass. Every row problem is counted and the first
 * `maxReportedErrors` are returned by line; bars are returned only when there are none.
 * Throws (ZodError) only for invalid options, never for bad file content.
 */
export function parseKlineCsv(
  text: string,
  options: KlineParseOptions = {},
  onProgress?: (done: number, total: number) => void,
): KlineParseResult {
  const opts = klineParseOptionsSchema.parse(options);
  const problems = new Problems(opts.maxReportedErrors ?? DEFAULT_MAX_REPORTED);

  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Splitting on the file's own line break saves re-slicing every CRLF line; stripCr still covers mixed endings.
  const firstBreak = body.indexOf('\n');
  let lines = body.split(firstBreak > 0 && body.charCodeAt(firstBreak - 1) === 13 ? '\r\n' : '\n');
  if (lines.length > 1 && lines.length - 1 !== countLineFeeds(body)) lines = body.split('\n');
  let end = lines.length;
  while (end > 0 && isBlank(lines[end - 1] ?? '')) end--;
  const total = Math.max(0, end - 1);
  const fail = (): KlineParseResult => ({ ok: false, errorCount: problems.count, errors: problems.result(), rows: total });
  if (end === 0) {
    problems.add(1, undefined, 'the file is empty; a header line is required');
    return fail();
  }

  const headerLine = stripCr(lines[0] ?? '');
  const delim = detectDelimiter(headerLine);
  const header = splitFields(headerLine, delim);
  if (!header) {
    problems.add(1, undefined, 'malformed quoted field in the header');
    return fail();
  }
  const names = header.map((h) => clean(h));
  const width = names.length;

  // The first well-formed row supplies the default time zone (from the symbol) and tells split date/time apart.
  let firstRow: string[] | null = null;
  for (let li = 1; li < end && !firstRow; li++) {
    const fields = splitFields(stripCr(lines[li] ?? ''), delim);
    if (fields && fields.length === width) firstRow = fields;
  }
  const layout = layoutFor(names, firstRow, problems);
  if (!layout) return fail();

  let symbolRef: string | null = null;
  let symbolRefLine = 0;
  if (layout.symbol >= 0) {
    for (let li = 1; li < end; li++) {
      const fields = splitFields(stripCr(lines[li] ?? ''), delim);
      const value = fields && fields.length === width ? clean(fields[layout.symbol]) : '';
      if (value !== '') {
        symbolRef = value;
        symbolRefLine = li + 1;
        break;
      }
    }
  }
  const symbol = opts.symbol ?? symbolRef;
  if (symbol === null && layout.symbol < 0) {
    problems.add(1, 'symbol', `no symbol: the file has no column named ${COLUMN_ALIASES.symbol.join('/')} and no symbol option was given`);
  }
  const zone: Zone = zoneFor(opts.timezone ?? (symbol !== null && CHINA_SUFFIX.test(symbol) ? 'Asia/Shanghai' : 'UTC'));

  const useFreqColumn = opts.timeframe === undefined && layout.freq >= 0;
  let freqRef: Timeframe | null = null;
  let freqRefRaw = '';
  let freqRefLine = 0;

  const times = new Float64Array(total);
  let timeCount = 0;
  const open: string[] = [];
  const high: string[] = [];
  const low: string[] = [];
  const close: string[] = [];
  const volume: string[] = [];

  const { time } = layout;
  const timeName = time.name;
  const openName = names[layout.open] ?? 'open';
  const highName = names[layout.high] ?? 'high';
  const lowName = names[layout.low] ?? 'low';
  const closeName = names[layout.close] ?? 'close';
  const volumeName = names[layout.volume] ?? 'volume';
  const symbolName = names[layout.symbol] ?? 'symbol';
  const freqName = names[layout.freq] ?? 'freq';

  let lineNo = 0;
  const decimalField = (raw: string | undefined, column: string, isPrice: boolean): string | null => {
    const value = clean(raw);
    if (value === '') {
      problems.add(lineNo, column, 'empty value');
      return null;
    }
    const norm = normalizeDecimal(value);
    if (norm === null) {
      problems.add(lineNo, column, `not a decimal number: ${quote(value)}`);
      return null;
    }
    if (isPrice && (norm === '0' || norm.charCodeAt(0) === 45)) problems.add(lineNo, column, `price must be > 0, got ${norm}`);
    else if (!isPrice && norm.charCodeAt(0) === 45) problems.add(lineNo, column, `volume must be >= 0, got ${norm}`);
    return norm;
  };

  let prevTime = Number.NaN;
  let prevLine = 0;
  let reported = 0;
  for (let li = 1; li < end; li++) {
    lineNo = li + 1;
    const done = li - 1;
    if (onProgress && done > 0 && done % PROGRESS_EVERY === 0) {
      onProgress(done, total);
      reported = done;
    }
    const line = stripCr(lines[li] ?? '');
    if (isBlank(line)) {
      problems.add(lineNo, undefined, 'blank line');
      continue;
    }
    const fields = splitFields(line, delim);
    if (!fields) {
      problems.add(lineNo, undefined, 'malformed quoted field');
      continue;
    }
    if (fields.length !== width) {
      problems.add(lineNo, undefined, `expected ${width} fields, found ${fields.length}`);
      continue;
    }

    const rawTime =
      time.kind === 'single' ? clean(fields[time.index]) : `${clean(fields[time.dateIndex])} ${clean(fields[time.timeIndex])}`;
    let t = Number.NaN;
    if (rawTime === '' || rawTime === ' ') problems.add(lineNo, timeName, 'empty time');
    else {
      t = parseBarTime(rawTime, zone, time.kind === 'single' && time.epoch);
      if (Number.isNaN(t)) problems.add(lineNo, timeName, `unparseable time ${quote(rawTime)}`);
    }
    if (!Number.isNaN(t)) {
      if (prevLine > 0 && t <= prevTime) {
        problems.add(
          lineNo,
          timeName,
          t === prevTime
            ? `duplicate time ${iso(t)} (same as line ${prevLine})`
            : `time ${iso(t)} is earlier than line ${prevLine} (${iso(prevTime)})`,
        );
      }
      prevTime = t;
      prevLine = lineNo;
      times[timeCount++] = t;
    }

    const o = decimalField(fields[layout.open], openName, true);
    const h = decimalField(fields[layout.high], highName, true);
    const l = decimalField(fields[layout.low], lowName, true);
    const c = decimalField(fields[layout.close], closeName, true);
    const v = decimalField(fields[layout.volume], volumeName, false);
    if (o !== null && h !== null && l !== null && c !== null) {
      if (compareDecimal(h, l) < 0) problems.add(lineNo, highName, `high ${h} is below low ${l}`);
      const top = compareDecimal(o, c) >= 0 ? o : c;
      const bottom = top === o ? c : o;
      if (compareDecimal(h, top) < 0) problems.add(lineNo, highName, `high ${h} is below max(open, close) ${top}`);
      if (compareDecimal(l, bottom) > 0) problems.add(lineNo, lowName, `low ${l} is above min(open, close) ${bottom}`);
    }

    if (layout.symbol >= 0) {
      const s = clean(fields[layout.symbol]);
      if (s === '') problems.add(lineNo, symbolName, 'empty symbol');
      else if (s !== symbolRef) problems.add(lineNo, symbolName, `symbol ${quote(s)} differs from ${quote(symbolRef ?? '')} (line ${symbolRefLine})`);
    }

    if (useFreqColumn) {
      const raw = clean(fields[layout.freq]);
      // Rows repeat the same spelling, so one string compare usually settles it.
      if (freqRef === null || raw !== freqRefRaw) {
        const tf = parseTimeframe(raw);
        if (tf === null) problems.add(lineNo, freqName, `unknown freq ${quote(raw)}`);
        else if (freqRef === null) {
          freqRef = tf;
          freqRefRaw = raw;
          freqRefLine = lineNo;
        } else if (tf !== freqRef) {
          problems.add(lineNo, freqName, `freq ${quote(raw)} differs from ${quote(freqRefRaw)} (line ${freqRefLine})`);
        }
      }
    }

    // Once anything is wrong no bars are returned, so stop holding on to them.
    if (problems.count === 0 && o !== null && h !== null && l !== null && c !== null && v !== null) {
      open.push(o);
      high.push(h);
      low.push(l);
      close.push(c);
      volume.push(v);
    }
  }
  if (onProgress && (reported !== total || total === 0)) onProgress(total, total);

  let timeframe: Timeframe | null = opts.timeframe ?? freqRef;
  if (timeframe === null && !useFreqColumn) {
    timeframe = inferTimeframe(times.subarray(0, timeCount));
    if (timeframe === null) {
      problems.addLate(
        1,
        'timeframe',
        `cannot infer the timeframe from ${timeCount} bar time${timeCount === 1 ? '' : 's'}; pass the timeframe option`,
      );
    }
  } else if (timeframe === null && total === 0) {
    problems.addLate(1, 'timeframe', 'no data rows to read the timeframe from; pass the timeframe option');
  }
  if (symbol === null && layout.symbol >= 0 && total === 0) {
    problems.addLate(1, 'symbol', 'no data rows to read the symbol from; pass the symbol option');
  }

  if (problems.count > 0 || symbol === null || timeframe === null) return fail();

  const bars: KlineColumns = { symbol, timeframe, timeMs: times, open, high, low, close, volume };
  const first = times[0];
  const last = times[total - 1];
  const stats: KlineStats = {
    symbol,
    timeframe,
    timezone: zone.name,
    rows: total,
    firstTime: first === undefined ? null : iso(first),
    lastTime: last === undefined ? null : iso(last),
    gaps: findGaps(times, timeframe, zone),
  };
  return { ok: true, bars, stats };
}

interface RawGap {
  fromMs: number;
  toMs: number;
  missingBars: number;
}

/** 0 = Sunday … 6 = Saturday for an epoch day number; epoch day 0, 1970-01-01, was a Thursday. */
function weekday(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7;
}

/** Monday–Friday dates strictly between two epoch days. */
function weekdaysBetween(fromDay: number, toDay: number): number {
  const span = toDay - fromDay - 1;
  if (span <= 0) return 0;
  const weeks = Math.floor(span / 7);
  let count = weeks * 5;
  for (let d = fromDay + 1 + weeks * 7; d < toDay; d++) {
    const wd = weekday(d);
    if (wd !== 0 && wd !== 6) count++;
  }
  return count;
}

/**
 * A gap is an interval of at least 1.5 bars, so DST-shifted daily stamps (23 h / 25 h) and weekly bars moved
 * a day by a holiday are not gaps. missingBars is interval / timeframe − 1, rounded, except for daily bars,
 * where it is the number of missing weekdays: weekends are not missing trading days.
 */
function findGaps(times: Float64Array, timeframe: Timeframe, zone: Zone): KlineStats['gaps'] {
  const step = timeframeMs(timeframe);
  const gaps: RawGap[] = [];
  let sessionBreaks = 0;
  const n = times.length;
  const localOf = (t: number): number => t + zone.offsetAt(t);

  if (timeframe === '1d' || timeframe === '1w') {
    for (let i = 1; i < n; i++) {
      const a = times[i - 1] ?? 0;
      const b = times[i] ?? 0;
      if (b - a <= step) continue;
      if (timeframe === '1w') {
        const missing = Math.round((b - a) / step) - 1;
        if (missing >= 1) gaps.push({ fromMs: a, toMs: b, missingBars: missing });
        continue;
      }
      const dayA = Math.floor(localOf(a) / MS_PER_DAY);
      const dayB = Math.floor(localOf(b) / MS_PER_DAY);
      if (dayB - dayA <= 1) continue;
      const missing = weekdaysBetween(dayA, dayB);
      if (missing === 0) sessionBreaks++;
      else gaps.push({ fromMs: a, toMs: b, missingBars: missing });
    }
  } else {
    // Candidates are grouped by their (local time of day at start, at end) pair; a pair seen on enough trading
    // days is the market's schedule (lunch, night, auction), not missing data.
    const candidates: { fromMs: number; toMs: number; missingBars: number; key: number; day: number }[] = [];
    const pairs = new Map<number, { count: number; firstDay: number; lastDay: number }>();
    let tradingDays = 0;
    let lastDay = Number.NaN;
    let prevLocal = 0;
    for (let i = 0; i < n; i++) {
      const t = times[i] ?? 0;
      const local = localOf(t);
      const day = Math.floor(local / MS_PER_DAY);
      if (day !== lastDay) {
        tradingDays++;
        lastDay = day;
      }
      if (i > 0) {
        const prev = times[i - 1] ?? 0;
        const missing = Math.round((t - prev) / step) - 1;
        if (t - prev > step && missing >= 1) {
          const prevDay = Math.floor(prevLocal / MS_PER_DAY);
          const key = (prevLocal - prevDay * MS_PER_DAY) * MS_PER_DAY + (local - day * MS_PER_DAY);
          const ordinal = tradingDays - (day === prevDay ? 1 : 2);
          candidates.push({ fromMs: prev, toMs: t, missingBars: missing, key, day: ordinal });
          const pair = pairs.get(key);
          if (pair) {
            pair.count++;
            pair.lastDay = ordinal;
          } else pairs.set(key, { count: 1, firstDay: ordinal, lastDay: ordinal });
        }
      }
      prevLocal = local;
    }
    for (const gap of candidates) {
      const pair = pairs.get(gap.key);
      const count = pair?.count ?? 0;
      const stretch = pair ? pair.lastDay - pair.firstDay + 1 : 1;
      const recurring =
        (count >= 2 && count >= SESSION_SHARE * tradingDays) ||
        (count >= SESSION_MIN_RECURRENCE_FOR_STRETCH && count >= SESSION_SHARE * stretch);
      if (recurring) sessionBreaks++;
      else gaps.push({ fromMs: gap.fromMs, toMs: gap.toMs, missingBars: gap.missingBars });
    }
  }

  const largest = [...gaps]
    .sort((x, y) => y.missingBars - x.missingBars || x.fromMs - y.fromMs)
    .slice(0, LARGEST_GAPS)
    .map((g) => ({ from: iso(g.fromMs), to: iso(g.toMs), missingBars: g.missingBars }));
  return { count: gaps.length, sessionBreaksIgnored: sessionBreaks, largest };
}
