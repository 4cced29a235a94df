import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDb } from '../core/embedded-db';
import { migrationsDir } from '../core/migrate';
import { repoRoot } from '../core/paths';
import { freePort } from './lib/processes';
import { schemaToSql } from './lib/schema-catalog';

/**
 * `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL the Prisma
 * CLI generates from the last committed schema.prisma to the working copy.
 */
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration -- <snake_case_name>');
  process.exit(2);
}
const dir = mkdtempSync(path.join(os.tmpdir(), 'lurus-newmig-'));
const db = await startEmbeddedDb(path.join(dir, 'db'), await freePort());
try {
  const previous = path.join(dir, 'previous.prisma');
  let committed = '';
  try {
    committed = execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { cwd: repoRoot, encoding: 'utf8' });
  } catch {
    // No committed schema yet: the migration creates everything.
  }
  writeFileSync(previous, committed);
  const sql = committed ? await schemaToSql(db.url, '--from-schema-datamodel', previous) : await schemaToSql(db.url);
  if (!sql.trim() || /^-- This is an empty migration/m.test(sql)) {
    console.log('schema.prisma has not changed since the last commit: no migration written');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const out = path.join(migrationsDir, `${stamp}_${name}`);
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'migration.sql'), sql);
    console.log(`wrote ${path.relative(repoRoot, out)}/migration.sql`);
  }
} finally {
  await db.stop();
  rmSync(dir, { recursive: true, force: true });
}
