import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { storeBars } from '../activities/bar-store';
import { createDb } from '../core/db';
import { startEmbeddedDb } from '../core/embedded-db';
import { applyMigrations } from '../core/migrate';
import { repoRoot } from '../core/paths';
import { decodeKlineSource, parseKlineCsv } from '../engines/klines';
import { freePort } from '../scripts/lib/processes';

/**
 * `npm run bench:import`: the K-line import's two halves on the 239,550-row 1-minute file — decode + parse + validate
 * (engine), and the one-transaction upsert (database) on the embedded PGlite and, when DATABASE_URL is set, on
 * PostgreSQL. Prints a table, then one JSON line.
 */
const file = path.join(repoRoot, '..', 'shared', 'data', 'ashare', '000001.XSHG_1min.zip');
const bytes = readFileSync(file);

const t0 = performance.now();
const text = decodeKlineSource(bytes, path.basename(file));
const t1 = performance.now();
const parsed = parseKlineCsv(text);
const t2 = performance.now();
if (!parsed.ok) throw new Error('benchmark file must parse');
const { bars, stats } = parsed;
const rows = stats.rows;

async function storeOn(url: string): Promise<number> {
  await applyMigrations(url);
  const db = createDb(url, 2);
  try {
    await db.$executeRawUnsafe(`DELETE FROM bars WHERE symbol = 'BENCH'`);
    const started = performance.now();
    await storeBars(db, { ...bars, symbol: 'BENCH' }, {
      activityKey: `bench/${Date.now()}`,
      workflowId: 'bench',
      source: 'bench',
      buildStats: (c) => ({ ...stats, ...c, durationMs: 0, source: 'bench' }),
    });
    return performance.now() - started;
  } finally {
    await db.$executeRawUnsafe(`DELETE FROM bars WHERE symbol = 'BENCH'`).catch(() => undefined);
    await db.$disconnect();
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'lurus-bench-'));
const embedded = await startEmbeddedDb(path.join(dir, 'db'), await freePort());
const pgliteMs = await storeOn(embedded.url);
await embedded.stop();
rmSync(dir, { recursive: true, force: true });
const postgresMs = process.env.DATABASE_URL ? await storeOn(process.env.DATABASE_URL) : null;

const fmt = (ms: number) => `${ms.toFixed(0).padStart(7)} ms  ${Math.round(rows / (ms / 1000)).toLocaleString('en-US').padStart(10)} rows/s`;
console.log(`K-line import, ${rows.toLocaleString('en-US')} rows (${path.basename(file)})`);
console.log(`  unzip + decode          ${fmt(t1 - t0)}`);
console.log(`  parse + validate        ${fmt(t2 - t1)}`);
console.log(`  store, PGlite           ${fmt(pgliteMs)}`);
console.log(`  store, PostgreSQL       ${postgresMs === null ? '   (set DATABASE_URL to measure)' : fmt(postgresMs)}`);
console.log(JSON.stringify({
  rows,
  decode_ms: Math.round(t1 - t0),
  parse_ms: Math.round(t2 - t1),
  parse_rows_per_s: Math.round(rows / ((t2 - t1) / 1000)),
  store_pglite_ms: Math.round(pgliteMs),
  store_postgres_ms: postgresMs === null ? null : Math.round(postgresMs),
}));
