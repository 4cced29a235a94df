import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { config } from '../core/config';
import { createDb } from '../core/db';
import { startEmbeddedDb, type EmbeddedDb } from '../core/embedded-db';
import { applyMigrations } from '../core/migrate';
import { repoRoot } from '../core/paths';
import { ensureAdminKey } from '../api/api-keys';
import { portInUse, spawnChild, stopChild, waitForHttp, type Child } from './lib/processes';
import { setup } from './lib/setup';
import { isTemporalUp, startDevServer, type DevServer } from './lib/temporal-dev-server';

/**
 * `npm start`: the whole platform on one box. Starts (or reuses) Temporal, the database, the core worker and the
 * API + web app; Ctrl-C stops everything it started, workers first so in-flight tasks are handed back.
 */
const c = config();
const dev = process.argv.includes('--dev');
const temporalCli = await setup({ temporal: c.managedTemporal, web: !dev, bundle: !dev });
mkdirSync(c.LURUS_DATA_DIR, { recursive: true });

let temporal: DevServer | undefined;
let embedded: EmbeddedDb | undefined;
const children: Child[] = [];
let stopping: Promise<never> | undefined;

// Ctrl-C reaches this process more than once (directly and relayed by npm and tsx): one shutdown serves them all.
function shutdown(code: number): Promise<never> {
  stopping ??= (async () => {
    console.log('\n› stopping …');
    // Workers and API first (they need Temporal and the database to finish cleanly), then the servers.
    await Promise.all(children.map((ch) => stopChild(ch)));
    await embedded?.stop().catch(() => undefined);
    await temporal?.stop();
    console.log('› stopped');
    process.exit(code);
  })();
  return stopping;
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  if (c.managedTemporal) {
    if (await isTemporalUp(c.temporalAddress)) {
      console.log(`› Temporal already answers at ${c.temporalAddress}; using it`);
    } else {
      const dbFile = path.join(c.LURUS_DATA_DIR, 'temporal', 'dev.sqlite');
      mkdirSync(path.dirname(dbFile), { recursive: true });
      console.log(`› starting Temporal dev server (${c.temporalAddress}, state in ${path.relative(repoRoot, dbFile)})`);
      temporal = await startDevServer({ binary: temporalCli!, port: c.TEMPORAL_DEV_PORT, uiPort: c.TEMPORAL_UI_PORT, dbFile, namespace: c.TEMPORAL_NAMESPACE, detached: true });
    }
  }

  let databaseUrl = c.databaseUrl;
  if (c.embeddedDatabase) {
    if (await portInUse(c.EMBEDDED_DB_PORT)) {
      throw new Error(`Port ${c.EMBEDDED_DB_PORT} (embedded database) is in use: is Lurus Flow already running? Set EMBEDDED_DB_PORT to use another.`);
    }
    embedded = await startEmbeddedDb(path.join(c.LURUS_DATA_DIR, 'pglite'), c.EMBEDDED_DB_PORT);
    databaseUrl = embedded.url;
    console.log(`› embedded PostgreSQL (PGlite) on port ${c.EMBEDDED_DB_PORT}, data in ${path.relative(repoRoot, path.join(c.LURUS_DATA_DIR, 'pglite'))}`);
  }
  const applied = await applyMigrations(databaseUrl);
  if (applied.length) console.log(`› migrations applied: ${applied.join(', ')}`);
  const db = createDb(databaseUrl, 1);
  const newKey = await ensureAdminKey(db, c.adminKeyFile);
  await db.$disconnect();

  const env = { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: c.temporalAddress, NODE_ENV: dev ? 'development' : 'production' };
  // tsx as a loader rather than a wrapper process: signals reach the worker and the API themselves.
  const node = (file: string): [string, string[]] => [process.execPath, ['--import', 'tsx', file]];
  children.push(spawnChild('worker', ...node('workers/core-worker.ts'), { ...env, LURUS_SERVICE: 'worker' }));
  children.push(spawnChild('api', ...node('api/main.ts'), { ...env, LURUS_SERVICE: 'api' }));
  if (dev) children.push(spawnChild('vite', path.join(repoRoot, 'node_modules', '.bin', 'vite'), ['--config', 'web/vite.config.ts'], {}));
  for (const ch of children) {
    ch.process.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(`› ${ch.name} exited unexpectedly (${signal ?? code}); stopping everything`);
      void shutdown(1);
    });
  }

  const appUrl = `http://${c.HOST === '0.0.0.0' ? 'localhost' : c.HOST}:${c.PORT}`;
  await waitForHttp(`${appUrl}/api/health`, 120_000, (s) => s === 200);
  console.log(`
  Lurus Flow is running
    App          ${dev ? 'http://localhost:5173 (Vite dev server)' : appUrl}
    API docs     ${appUrl}/api/docs
    Temporal UI  ${c.temporalUiUrl}
    Admin key    ${c.adminKeyFile}${newKey ? `\n                 ${newKey}   (new; shown once)` : ''}
  Ctrl-C stops everything.
`);
} catch (err) {
  console.error(`\n✗ ${(err as Error).message}`);
  await shutdown(1);
}
