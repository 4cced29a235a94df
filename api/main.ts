import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { config } from '../core/config';
import { closeDb, db } from '../core/db';
import { logger } from '../core/logger';
import { applyMigrations } from '../core/migrate';
import { closeTemporalClient } from '../core/temporal';
import { ensureAdminKey } from './api-keys';
import { buildApp } from './app';

/** Migrates, makes sure an admin key exists, and serves until SIGINT/SIGTERM. */
export async function main(): Promise<void> {
  const c = config();
  const applied = await applyMigrations(c.databaseUrl);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  const key = await ensureAdminKey(db(), c.adminKeyFile);
  if (key) {
    // Printed once, on the very first start; the file keeps it for the owner.
    process.stdout.write(`\nAdmin API key (shown once, also saved to ${c.adminKeyFile}):\n  ${key}\n\n`);
  }
  const app = await buildApp();
  await app.listen({ host: c.HOST, port: c.PORT });
  const stop = async (signal: string) => {
    logger.info({ signal }, 'api stopping');
    await app.close();
    await closeTemporalClient();
    await closeDb();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    logger.fatal({ err }, 'api failed to start');
    process.exit(1);
  });
}
