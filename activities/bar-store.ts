import type { Db } from '../core/db';
import type { ImportStats } from '../core/contracts/import-klines';
import { normalizeDecimal, type KlineColumns, type Timeframe } from '../engines/klines';

// Rows per INSERT: large enough that round trips do not dominate, small enough for steady heartbeats.
const CHUNK = 10_000;

export interface StoreOptions {
  activityKey: string;
  workflowId: string;
  source: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  buildStats: (counts: { inserted: number; updated: number }) => ImportStats;
}

/**
 * Upserts bars and records the import in one transaction. Decimals travel as strings into `numeric` columns, so no
 * value passes through a float. Bars already present (same symbol, timeframe, time) are updated, never duplicated.
 */
export async function storeBars(db: Db, bars: KlineColumns, o: StoreOptions): Promise<ImportStats> {
  const total = bars.open.length;
  return db.$transaction(
    async (tx) => {
      const record = await tx.barImport.create({
        data: {
          activityKey: o.activityKey,
          workflowId: o.workflowId,
          source: o.source,
          symbol: bars.symbol,
          timeframe: bars.timeframe,
          rows: total,
          inserted: 0,
          updated: 0,
          stats: {},
        },
      });
      let inserted = 0;
      let updated = 0;
      for (let start = 0; start < total; start += CHUNK) {
        // A cancelled attempt (worker shutting down) rolls back and hands the task back to Temporal.
        o.signal?.throwIfAborted();
        const end = Math.min(start + CHUNK, total);
        const times: string[] = [];
        for (let i = start; i < end; i++) times.push(new Date(bars.timeMs[i]!).toISOString());
        const [counts] = await tx.$queryRawUnsafe<{ ins: bigint; upd: bigint }[]>(
          `WITH r AS (
             INSERT INTO bars (symbol, timeframe, time, open, high, low, close, volume, import_id)
             SELECT $1, $2, t, o, h, l, c, v, $3::uuid
             FROM unnest($4::timestamptz[], $5::numeric[], $6::numeric[], $7::numeric[], $8::numeric[], $9::numeric[]) AS u(t, o, h, l, c, v)
             ON CONFLICT (symbol, timeframe, time) DO UPDATE
               SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
                   volume = EXCLUDED.volume, import_id = EXCLUDED.import_id
             RETURNING (xmax = 0) AS fresh)
           SELECT count(*) FILTER (WHERE fresh) AS ins, count(*) FILTER (WHERE NOT fresh) AS upd FROM r`,
          bars.symbol,
          bars.timeframe,
          record.id,
          times,
          bars.open.slice(start, end),
          bars.high.slice(start, end),
          bars.low.slice(start, end),
          bars.close.slice(start, end),
          bars.volume.slice(start, end),
        );
        inserted += Number(counts?.ins ?? 0);
        updated += Number(counts?.upd ?? 0);
        o.onProgress?.(end, total);
      }
      const stats = o.buildStats({ inserted, updated });
      await tx.barImport.update({
        where: { id: record.id },
        data: {
          inserted,
          updated,
          firstTime: stats.firstTime ? new Date(stats.firstTime) : null,
          lastTime: stats.lastTime ? new Date(stats.lastTime) : null,
          stats,
        },
      });
      return stats;
    },
    // The whole file is one unit of work; a 240k-row import takes seconds, not the 5 s default.
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
}

/** Stored bars of one series (symbol as stored) in [fromMs, toMs), ascending, with canonical decimal strings. */
export async function readStoredBars(db: Db, symbol: string, timeframe: Timeframe, span: { fromMs?: number; toMs?: number }): Promise<KlineColumns> {
  // ::text keeps the numeric exact; numeric(38,18) prints padding zeros that normalizeDecimal removes.
  const rows = await db.$queryRawUnsafe<{ time: Date; open: string; high: string; low: string; close: string; volume: string }[]>(
    `SELECT time, open::text AS open, high::text AS high, low::text AS low, close::text AS close, volume::text AS volume
     FROM bars WHERE symbol = $1 AND timeframe = $2 AND time >= $3::timestamptz AND time < $4::timestamptz ORDER BY time`,
    symbol,
    timeframe,
    new Date(span.fromMs ?? 0).toISOString(),
    new Date(span.toMs ?? Date.UTC(9999, 0, 1)).toISOString(),
  );
  const canonical = (v: string) => normalizeDecimal(v) ?? v;
  return {
    symbol,
    timeframe,
    timeMs: rows.map((r) => r.time.getTime()),
    open: rows.map((r) => canonical(r.open)),
    high: rows.map((r) => canonical(r.high)),
    low: rows.map((r) => canonical(r.low)),
    close: rows.map((r) => canonical(r.close)),
    volume: rows.map((r) => canonical(r.volume)),
  };
}
