import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedDb } from '../core/embedded-db';
import { applyMigrations } from '../core/migrate';
import { freePort } from './lib/processes';
import { describeSchema, schemaToSql } from './lib/schema-catalog';

/**
 * `npm run db:check`: builds one database from the committed migrations and one from prisma/schema.prisma, and
 * fails (exit 2) when their structures differ, i.e. when a schema change has no migration.
 * (Prisma's own `migrate diff --from-migrations` cannot run through the pg driver adapter: prisma/orm#27403.)
 */
export async function migrationsMatchSchema(): Promise<{ ok: boolean; onlyMigrations: string[]; onlySchema: string[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lurus-migcheck-'));
  const a = await startEmbeddedDb(path.join(dir, 'a'), await freePort());
  const b = await startEmbeddedDb(path.join(dir, 'b'), await freePort());
  try {
    await applyMigrations(a.url);
    const sql = await schemaToSql(b.url);
    const client = new pg.Client({ connectionString: b.url });
    await client.connect();
    await client.query(sql);
    await client.end();
    const [fromMigrations, fromSchema] = [await describeSchema(a.url), await describeSchema(b.url)];
    const onlyMigrations = fromMigrations.filter((l) => !fromSchema.includes(l));
    const onlySchema = fromSchema.filter((l) => !fromMigrations.includes(l));
    return { ok: onlyMigrations.length === 0 && onlySchema.length === 0, onlyMigrations, onlySchema };
  } finally {
    await a.stop();
    await b.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const res = await migrationsMatchSchema();
  if (res.ok) {
    console.log('schema.prisma and prisma/migrations agree');
  } else {
    console.error('schema.prisma and prisma/migrations differ — create a migration with `npm run db:migration -- <name>`');
    for (const l of res.onlySchema) console.error(`  + ${l}   (in schema, no migration)`);
    for (const l of res.onlyMigrations) console.error(`  - ${l}   (in migrations, not in schema)`);
    process.exit(2);
  }
}
