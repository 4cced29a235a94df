import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeBars } from '../activities/bar-store';
import { createDb, type Db } from '../core/db';
import { startEmbeddedDb, type EmbeddedDb } from '../core/embedded-db';
import { applyMigrations, readMigrations } from '../core/migrate';
import { repoRoot } from '../core/paths';
import { parseKlineCsv } from '../engines/klines';
import { freePort } from '../scripts/lib/processes';

// The embedded default (PGlite behind its socket server) is what `npm start` uses without DATABASE_URL. CI runs
// the other suites on PostgreSQL, so this file always exercises the embedded path on its own.
let dir: string;
let embedded: EmbeddedDb;
let writer: Db;
let reader: Db;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lurus-pglite-'));
  embedded = await startEmbeddedDb(path.join(dir, 'db'), await freePort());
  writer = createDb(embedded.url, 2);
  reader = createDb(embedded.url, 2);
});
afterAll(async () => {
  await writer?.$disconnect();
  await reader?.$disconnect();
  await embedded?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('embedded PGlite database', () => {
  it('applies the committed migrations once and records them as Prisma does', async () => {
    const committed = (await readMigrations()).map((m) => m.name);
    expect(await applyMigrations(embedded.url)).toEqual(committed);
    expect(await applyMigrations(embedded.url)).toEqual([]);
    const rows = await reader.$queryRawUnsafe<{ migration_name: string }[]>('SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name');
    expect(rows.map((r) => r.migration_name)).toEqual(committed);
  });

  it('stores a whole file in one transaction that a second connection sees only after commit', async () => {
    const text = readFileSync(path.join(repoRoot, '..', 'shared', 'data', 'ashare', '000001.SH_D.csv'), 'utf8');
    const parsed = parseKlineCsv(text);
    if (!parsed.ok) throw new Error('fixture must parse');
    const seenMidway: Promise<number>[] = [];
    const stats = await storeBars(writer, parsed.bars, {
      activityKey: 'embedded-test/1',
      workflowId: 'embedded-test',
      source: 'test',
      // Asked while the transaction is open: PGlite serialises it behind the commit, Postgres would answer 0;
      // either way a reader never sees a partial import.
      onProgress: () => void seenMidway.push(reader.bar.count()),
      buildStats: (counts) => ({ ...parsed.stats, ...counts, durationMs: 0, source: 'test' }),
    });
    expect(stats).toMatchObject({ rows: 3332, inserted: 3332, updated: 0 });
    const midway = await Promise.all(seenMidway);
    expect(midway.length).toBeGreaterThan(0);
    for (const n of midway) expect([0, 3332]).toContain(n);
    expect(await reader.bar.count()).toBe(3332);
    const last = await reader.bar.findFirstOrThrow({ orderBy: { time: 'desc' } });
    expect(last.time.toISOString()).toBe(parsed.stats.lastTime);
  });

  it('rolls back a failed import completely', async () => {
    const text = 'symbol,dt,open,close,high,low,vol\nROLL.SH,2020-01-02 15:00:00,1,1,1,1,1\n';
    const parsed = parseKlineCsv(text, { timeframe: '1d' });
    if (!parsed.ok) throw new Error('fixture must parse');
    await expect(storeBars(writer, parsed.bars, {
      activityKey: 'embedded-test/1', // already used above: the unique key aborts the transaction
      workflowId: 'embedded-test',
      source: 'test',
      buildStats: (counts) => ({ ...parsed.stats, ...counts, durationMs: 0, source: 'test' }),
    })).rejects.toThrow();
    expect(await reader.bar.count({ where: { symbol: 'ROLL.SH' } })).toBe(0);
  });
});
