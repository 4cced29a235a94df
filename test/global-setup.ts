import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedDb, type EmbeddedDb } from '../core/embedded-db';
import { applyMigrations } from '../core/migrate';
import { repoRoot } from '../core/paths';
import { freePort } from '../scripts/lib/processes';
import { ensureTemporalCli } from '../scripts/lib/temporal-cli';
import { startDevServer, type DevServer } from '../scripts/lib/temporal-dev-server';

/**
 * Real servers for the whole run: a Temporal dev server (unless TEMPORAL_ADDRESS names one) and a fresh database —
 * a new database on the PostgreSQL server of DATABASE_URL, or an embedded PGlite. Tests read the resulting
 * connection settings from process.env, exactly as the platform does.
 */
export default async function globalSetup() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lurus-test-'));
  let temporal: DevServer | undefined;
  let embedded: EmbeddedDb | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;

  if (!process.env.TEMPORAL_ADDRESS) {
    const binary = await ensureTemporalCli();
    const port = await freePort();
    temporal = await startDevServer({ binary, port, uiPort: await freePort() });
    process.env.TEMPORAL_ADDRESS = temporal.address;
  }

  if (process.env.DATABASE_URL) {
    const server = new URL(process.env.DATABASE_URL);
    const name = `lurus_test_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: server.toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    server.pathname = `/${name}`;
    process.env.DATABASE_URL = server.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: process.env.LURUS_TEST_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
    const adminUrl = new URL(server);
    adminUrl.pathname = '/postgres';
    process.env.LURUS_TEST_ADMIN_URL = adminUrl.toString();
  } else {
    embedded = await startEmbeddedDb(path.join(dataDir, 'pglite'), await freePort());
    process.env.DATABASE_URL = embedded.url;
  }
  await applyMigrations(process.env.DATABASE_URL);

  process.env.LURUS_DATA_DIR = dataDir;
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL ??= 'warn';
  process.env.IMPORT_ROOTS = [path.join(repoRoot, 'test', 'fixtures'), path.join(repoRoot, '..', 'shared', 'data'), dataDir].join(',');

  return async () => {
    await dropDatabase?.().catch((err) => console.error('dropping the test database failed:', err));
    await embedded?.stop();
    await temporal?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
