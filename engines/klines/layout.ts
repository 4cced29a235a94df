/**
 * Which column of a K-line CSV holds what: the columns a user maps by name first, then the usual header names
 * (aliases) for the rest. Header problems are returned, not thrown, so the parser can list them with row problems
 * and the API can refuse a mapping the file does not fit before starting an import.
 */
import { z } from 'zod';
import { isTimeOfDay } from './datetime';
import { clean, detectDelimiter, isBlank, splitFields, stripCr } from './fields';

const columnName = z.string().trim().min(1).max(200);

/** Bar fields a mapping may name, in the order problems are reported. */
const MAPPED_FIELDS = ['time', 'timeOfDay', 'open', 'high', 'low', 'close', 'volume', 'symbol', 'freq'] as const;
type MappedField = (typeof MAPPED_FIELDS)[number];

export const klineColumnMapSchema = z
  .strictObject({
    time: columnName.optional().describe('Header of the bar time column (the date column when timeOfDay is given too)'),
    timeOfDay: columnName.optional().describe('Header of a separate time-of-day column, joined to the date in time'),
    open: columnName.optional(),
    high: columnName.optional(),
    low: columnName.optional(),
    close: columnName.optional(),
    volume: columnName.optional(),
    symbol: columnName.optional(),
    freq: columnName.optional().describe('Header of a column holding the timeframe (1m, 1d, …)'),
  })
  .superRefine((map, ctx) => {
    if (map.timeOfDay !== undefined && map.time === undefined) {
      ctx.addIssue({ code: 'custom', path: ['timeOfDay'], message: 'needs time as well: time names the date column, timeOfDay the time column' });
    }
    // Header names match case-insensitively, so 'Close' and 'close' are one column.
    const taken = new Map<string, MappedField>();
    for (const field of MAPPED_FIELDS) {
      const name = map[field];
      if (name === undefined) continue;
      const other = taken.get(name.toLowerCase());
      if (other) ctx.addIssue({ code: 'custom', path: [field], message: `'${name}' is already mapped to ${other}; a column holds one field` });
      else taken.set(name.toLowerCase(), field);
    }
  })
  .describe('Header names for bar fields, matched case-insensitively; fields left out are found by their usual names');
export type KlineColumnMap = z.infer<typeof klineColumnMapSchema>;

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
export const SYMBOL_ALIASES = COLUMN_ALIASES.symbol;

export type TimeSource =
  | { kind: 'single'; index: number; name: string; epoch: boolean }
  | { kind: 'split'; dateIndex: number; timeIndex: number; name: string };

export interface Layout {
  time: TimeSource;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** -1 when the file has no such column. */
  symbol: number;
  freq: number;
}

/** A problem with the header (line 1). `field` is set when the user's mapping caused it: 'columns.volume'. */
export interface HeaderProblem {
  column: string;
  reason: string;
  field?: `columns.${MappedField}`;
}

function headerList(names: string[]): string {
  const shown = names.filter((n) => n !== '').map((n) => `'${n}'`);
  return shown.length > 20 ? `${shown.slice(0, 20).join(', ')}, …` : shown.join(', ');
}

/**
 * Resolves the layout from the header `names`. `firstRow` (the first well-formed data row, if any) tells a split
 * date + time-of-day pair from a date-only column when the time column is not mapped.
 */
export function resolveLayout(names: string[], firstRow: string[] | null, columns: KlineColumnMap = {}): { layout: Layout | null; problems: HeaderProblem[] } {
  const positions = new Map<string, number[]>();
  names.forEach((name, i) => {
    const key = name.toLowerCase();
    if (key === '') return;
    const list = positions.get(key);
    if (list) list.push(i);
    else positions.set(key, [i]);
  });
  // A column the user mapped holds that field only: alias lookups for the other fields must not pick it again
  // (mapping open to 'Close' would otherwise also make it the close column).
  const mappedTo = new Map<string, MappedField>();
  for (const field of MAPPED_FIELDS) {
    const name = columns[field];
    if (name !== undefined) mappedTo.set(name.toLowerCase(), field);
  }
  const free = new Map([...positions].filter(([key]) => !mappedTo.has(key)));
  const problems: HeaderProblem[] = [];
  let fatal = false;

  /** Index of the mapped column; undefined when the field is not mapped, -1 when the mapping does not fit. */
  const mapped = (field: MappedField): number | undefined => {
    const name = columns[field];
    if (name === undefined) return undefined;
    const at = positions.get(name.toLowerCase());
    if (!at) {
      problems.push({ column: name, field: `columns.${field}`, reason: `columns.${field} names '${name}', which is not in the header (${headerList(names)})` });
      fatal = true;
      return -1;
    }
    if (at.length > 1) {
      problems.push({ column: name, field: `columns.${field}`, reason: `column '${name}' (columns.${field}) appears ${at.length} times in the header` });
      fatal = true;
    }
    return at[0] ?? -1;
  };
  const pick = (aliases: readonly string[]): number => {
    for (const alias of aliases) {
      const at = free.get(alias);
      if (!at) continue;
      if (at.length > 1) {
        problems.push({ column: names[at[0] ?? 0] ?? alias, reason: `column '${alias}' appears ${at.length} times` });
        fatal = true;
      }
      return at[0] ?? -1;
    }
    return -1;
  };
  const required = (field: keyof typeof COLUMN_ALIASES): number => {
    const own = mapped(field);
    if (own !== undefined) return own;
    const aliases = COLUMN_ALIASES[field];
    const index = pick(aliases);
    if (index < 0) {
      const held = aliases.find((a) => positions.has(a) && mappedTo.has(a));
      const note = held === undefined ? '' : `; '${held}' is mapped to columns.${mappedTo.get(held)}`;
      problems.push({ column: field, reason: `missing required column '${field}' (accepted names: ${aliases.join(', ')}; or map one with columns.${field})${note}` });
      fatal = true;
    }
    return index;
  };
  const optional = (field: 'symbol' | 'freq'): number => mapped(field) ?? pick(COLUMN_ALIASES[field]);

  const time = columns.time !== undefined ? mappedTime(names, mapped) : aliasTime(names, free, firstRow, pick);
  if (time === null && columns.time === undefined) {
    problems.push({ column: 'time', reason: `missing required column 'time' (accepted names: timestamp, ${TIME_ALIASES.join(', ')}; or map one with columns.time)` });
  }
  if (time === null) fatal = true;
  const layout = {
    open: required('open'),
    high: required('high'),
    low: required('low'),
    close: required('close'),
    volume: required('volume'),
    symbol: optional('symbol'),
    freq: optional('freq'),
  };
  return { layout: fatal || !time ? null : { time, ...layout }, problems };
}

function mappedTime(names: string[], mapped: (field: MappedField) => number | undefined): TimeSource | null {
  const index = mapped('time') ?? -1;
  const timeIndex = mapped('timeOfDay');
  if (index < 0 || timeIndex === -1) return null;
  if (timeIndex !== undefined) return { kind: 'split', dateIndex: index, timeIndex, name: `${names[index]}+${names[timeIndex]}` };
  const name = names[index] ?? 'time';
  return { kind: 'single', index, name, epoch: name.toLowerCase() === 'timestamp' };
}

function aliasTime(names: string[], positions: Map<string, number[]>, firstRow: string[] | null, pick: (aliases: readonly string[]) => number): TimeSource | null {
  const epochIndex = pick(['timestamp']);
  if (epochIndex >= 0) return { kind: 'single', index: epochIndex, name: names[epochIndex] ?? 'timestamp', epoch: true };
  const dateAt = positions.get('date')?.[0];
  const timeAt = positions.get('time')?.[0];
  const fuller = ['dt', 'datetime', 'trade_time'].some((a) => positions.has(a));
  // Some exports (MetaTrader, many broker tools) split the stamp into a date and a time-of-day column.
  if (!fuller && dateAt !== undefined && timeAt !== undefined && firstRow && isTimeOfDay(clean(firstRow[timeAt]))) {
    return { kind: 'split', dateIndex: dateAt, timeIndex: timeAt, name: `${names[dateAt]}+${names[timeAt]}` };
  }
  const index = pick(TIME_ALIASES);
  return index >= 0 ? { kind: 'single', index, name: names[index] ?? 'time', epoch: false } : null;
}

/** The header fields of a CSV text: its first line, split the way the parser splits it. */
export function headerNames(text: string): string[] | null {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const end = body.indexOf('\n');
  const line = stripCr(end < 0 ? body : body.slice(0, end));
  if (isBlank(line)) return null;
  return splitFields(line, detectDelimiter(line))?.map((h) => clean(h)) ?? null;
}

/**
 * What in `columns` does not fit the file that starts with `text` (its header line is enough), so a request can
 * be refused before an import starts. Problems unrelated to the mapping are left to the parser.
 */
export function columnMappingProblems(text: string, columns: KlineColumnMap): { field: string; column: string; reason: string }[] {
  const names = headerNames(text);
  if (names === null) return [];
  return resolveLayout(names, null, columns).problems.flatMap((p) => (p.field ? [{ field: p.field, column: p.column, reason: p.reason }] : []));
}
