import type { Db } from '../../core/db';
import type { ImportStats } from '../../core/contracts/import-klines';
import { gapMessage, normalizeDecimal, timeframeMs, type KlineColumns, type Timeframe } from '../../engines/klines';
import { readStoredBars, storeBars } from '../bar-store';
import type { FetchedBar } from './paginate';

/** Which exchange series: bars live in `bars` under the symbol `<exchange>:<symbol>`, e.g. `okx:BTC/USDT`. */
export interface SeriesKey {
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
}

export interface Span {
  fromMs: number;
  toMs: number;
}

/** The `bars.symbol` of an exchange series, so the same pair on two exchanges (or a CSV import) never mixes. */
export function barSymbol(exchange: string, symbol: string): string {
  return `${exchange}:${symbol}`;
}

/** Parts of [fromMs, toMs) that no recorded span covers, ascending. */
export async function missingSpans(db: Db, key: SeriesKey, want: Span): Promise<Span[]> {
  if (want.fromMs >= want.toMs) return [];
  const covered = await db.marketDataRange.findMany({
    where: {
      exchange: key.exchange,
      symbol: key.symbol,
      timeframe: key.timeframe,
      fromTime: { lt: new Date(want.toMs) },
      toTime: { gt: new Date(want.fromMs) },
    },
    orderBy: { fromTime: 'asc' },
    select: { fromTime: true, toTime: true },
  });
  const missing: Span[] = [];
  let cursor = want.fromMs;
  for (const c of covered) {
    const a = c.fromTime.getTime();
    const b = c.toTime.getTime();
    if (a > cursor) missing.push({ fromMs: cursor, toMs: Math.min(a, want.toMs) });
    cursor = Math.max(cursor, b);
    if (cursor >= want.toMs) break;
  }
  if (cursor < want.toMs) missing.push({ fromMs: cursor, toMs: want.toMs });
  return missing;
}

/** Stored bars of a series inside any of `spans`. */
export async function countStoredBars(db: Db, key: SeriesKey, spans: Span[]): Promise<number> {
  if (spans.length === 0) return 0;
  const [row] = await db.$queryRawUnsafe<{ n: bigint }[]>(
    `SELECT count(*) AS n FROM bars b
     WHERE b.symbol = $1 AND b.timeframe = $2
       AND EXISTS (SELECT 1 FROM unnest($3::timestamptz[], $4::timestamptz[]) AS s(a, z) WHERE b.time >= s.a AND b.time < s.z)`,
    barSymbol(key.exchange, key.symbol),
    key.timeframe,
    spans.map((s) => new Date(s.fromMs).toISOString()),
    spans.map((s) => new Date(s.toMs).toISOString()),
  );
  return Number(row?.n ?? 0);
}

/** Stored bars of a series in [fromMs, toMs), ascending, with canonical decimal strings. */
export async function loadBars(db: Db, key: SeriesKey, span: Span): Promise<KlineColumns> {
  const bars = await readStoredBars(db, barSymbol(key.exchange, key.symbol), key.timeframe, span);
  return { ...bars, symbol: key.symbol };
}

export interface StoreSpanInput extends SeriesKey, Span {
  /** Ascending, all inside the span. */
  bars: FetchedBar[];
  /** Unique per span of one activity; a retry of the activity computes the same key for the same span. */
  activityKey: string;
  workflowId: string;
}

export interface StoreSpanResult {
  inserted: number;
  updated: number;
  /** True when an earlier attempt with this key had already stored the bars (and maybe the span). */
  alreadyStored: boolean;
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002';
}

/**
 * Stores fetched bars and records their span as complete, idempotently under `activityKey`.
 *
 * Two steps, each safe to repeat: the bars go in with storeBars (upsert on symbol/timeframe/time plus a bar_imports
 * row carrying the key, in one transaction), then the span is recorded. A crash between them leaves bars without a
 * span; the retry finds the import by its key, skips the bars and records the span. Bars already present are
 * updated, never duplicated, whoever stored them.
 */
export async function storeFetchedSpan(db: Db, input: StoreSpanInput): Promise<StoreSpanResult> {
  const recorded = await db.marketDataRange.findUnique({ where: { activityKey: input.activityKey }, select: { id: true } });
  if (recorded) return { inserted: 0, updated: 0, alreadyStored: true };

  let inserted = 0;
  let updated = 0;
  let alreadyStored = false;
  if (input.bars.length > 0) {
    const done = await db.barImport.findUnique({ where: { activityKey: input.activityKey }, select: { id: true } });
    if (done) alreadyStored = true;
    else {
      try {
        const stats = await storeBars(db, toColumns(input), {
          activityKey: input.activityKey,
          workflowId: input.workflowId,
          source: `exchange:${input.exchange}`,
          buildStats: (counts) => importStats(input, counts),
        });
        inserted = stats.inserted;
        updated = stats.updated;
      } catch (err) {
        // A concurrent attempt with the same key committed first: its bars are the same bars.
        if (!isUniqueViolation(err)) throw err;
        alreadyStored = true;
      }
    }
  }
  await db.marketDataRange.createMany({
    data: [
      {
        exchange: input.exchange,
        symbol: input.symbol,
        timeframe: input.timeframe,
        fromTime: new Date(input.fromMs),
        toTime: new Date(input.toMs),
        bars: input.bars.length,
        activityKey: input.activityKey,
      },
    ],
    skipDuplicates: true,
  });
  return { inserted, updated, alreadyStored };
}

function toColumns(input: StoreSpanInput): KlineColumns {
  const b = input.bars;
  return {
    symbol: barSymbol(input.exchange, input.symbol),
    timeframe: input.timeframe,
    timeMs: b.map((x) => x.timeMs),
    open: b.map((x) => x.open),
    high: b.map((x) => x.high),
    low: b.map((x) => x.low),
    close: b.map((x) => x.close),
    volume: b.map((x) => x.volume),
  };
}

type Gap = ImportStats['gaps']['largest'][number];

/**
 * The bar_imports record of a fetched span, in the shape CSV imports use, with the exchange's gaps listed. Every
 * missing bar is a gap here: the exchange's own series has no sessions or holidays to tell apart, and no file lines.
 */
function importStats(input: StoreSpanInput, counts: { inserted: number; updated: number }): ImportStats {
  const step = timeframeMs(input.timeframe);
  const gaps: Gap[] = [];
  for (let i = 1; i < input.bars.length; i++) {
    const a = input.bars[i - 1]!.timeMs;
    const z = input.bars[i]!.timeMs;
    if (z - a <= step) continue;
    const gap = { from: new Date(a).toISOString(), to: new Date(z).toISOString(), missingBars: (z - a) / step - 1 };
    gaps.push({ ...gap, message: gapMessage(gap, input.timeframe) });
  }
  const largest = [...gaps].sort((x, y) => y.missingBars - x.missingBars || x.from.localeCompare(y.from)).slice(0, 10);
  return {
    symbol: barSymbol(input.exchange, input.symbol),
    timeframe: input.timeframe,
    timezone: 'UTC',
    rows: input.bars.length,
    inserted: counts.inserted,
    updated: counts.updated,
    firstTime: input.bars.length ? new Date(input.bars[0]!.timeMs).toISOString() : null,
    lastTime: input.bars.length ? new Date(input.bars[input.bars.length - 1]!.timeMs).toISOString() : null,
    gaps: { count: gaps.length, sessionBreaksIgnored: 0, possibleHolidays: 0, largest },
    durationMs: 0,
    source: `exchange:${input.exchange}`,
  };
}
