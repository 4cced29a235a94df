import { z } from 'zod';
import { compareDecimal, normalizeDecimal } from './decimal';
import { barTimeParser, TIME_FORMAT_SHAPES, TIME_FORMATS } from './datetime';
import { clean, detectDelimiter, isBlank, splitFields, stripCr } from './fields';
import { findGaps, type GapStats } from './gaps';
import { klineColumnMapSchema, resolveLayout, SYMBOL_ALIASES } from './layout';
import { inferTimeframe, parseTimeframe, timeframeSchema, type Timeframe } from './timeframe';
import { isValidTimeZone, zoneFor, type Zone } from './timezone';

export type { Gap, GapStats } from './gaps';

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

export interface KlineStats {
  symbol: string;
  timeframe: Timeframe;
  timezone: string;
  rows: number;
  firstTime: string | null;
  lastTime: string | null;
  gaps: GapStats;
}

export type KlineParseResult =
  | { ok: true; bars: KlineColumns; stats: KlineStats }
  | { ok: false; errorCount: number; errors: RowProblem[]; rows: number };

export const timeFormatSchema = z
  .enum(TIME_FORMATS)
  .describe(
    "How to read the time column: 'auto' (YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD with optional time and offset, or epoch numbers), 'epoch', 'dmy' (DD/MM/YYYY) or 'mdy' (MM/DD/YYYY). Default 'auto'",
  );

export const klineParseOptionsSchema = z.object({
  symbol: z.string().trim().min(1).optional().describe("Overrides the file's symbol column; required when the file has none"),
  timeframe: timeframeSchema.optional().describe("Overrides the file's freq column and inference"),
  timezone: z
    .string()
    .refine(isValidTimeZone, { message: 'unknown IANA time zone' })
    .optional()
    .describe("Zone of wall-clock times without an offset. Default: 'Asia/Shanghai' for .SH/.SZ/.XSHG/.XSHE/.BJ symbols, else 'UTC'"),
  columns: klineColumnMapSchema.optional(),
  timeFormat: timeFormatSchema.optional(),
  maxReportedErrors: z.number().int().min(0).optional().describe('How many problems to list (all are counted). Default 200'),
});
export type KlineParseOptions = z.input<typeof klineParseOptionsSchema>;

const DEFAULT_MAX_REPORTED = 200;
const PROGRESS_EVERY = 10_000;
const CHINA_SUFFIX = /\.(SH|SZ|XSHG|XSHE|BJ)$/i;

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

function countLineFeeds(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function quote(raw: string): string {
  return `'${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}'`;
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
  const resolved = resolveLayout(names, firstRow, opts.columns);
  for (const p of resolved.problems) problems.add(1, p.column, p.reason);
  const layout = resolved.layout;
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
    problems.add(1, 'symbol', `no symbol: the file has no column named ${SYMBOL_ALIASES.join('/')} and no symbol option was given`);
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
  const timeFormat = opts.timeFormat ?? 'auto';
  const readTime = barTimeParser(timeFormat, time.kind === 'single' && time.epoch);
  const expected = timeFormat === 'auto' ? '' : ` (timeFormat '${timeFormat}' expects ${TIME_FORMAT_SHAPES[timeFormat]})`;
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
      t = readTime(rawTime, zone);
      if (Number.isNaN(t)) problems.add(lineNo, timeName, `unparseable time ${quote(rawTime)}${expected}`);
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
    // With no problems every data line became a bar, so bar i sits on line i + 2 (the header is line 1).
    gaps: findGaps(times, timeframe, zone, (i) => i + 2),
  };
  return { ok: true, bars, stats };
}
