import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import pg from 'pg';
import { repoRoot } from '../../core/paths';

/**
 * A comparable description of a database's public schema: columns, constraints, indexes and enum types, one line each,
 * sorted. Two databases with the same lines have the same structure.
 */
export async function describeSchema(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const q = async (sql: string) => (await c.query<{ line: string }>(sql)).rows.map((r) => r.line);
    return [
      ...(await q(`SELECT format('column %s.%s %s %s null=%s default=%s', table_name, column_name, udt_name,
          coalesce(numeric_precision::text || ',' || numeric_scale::text, datetime_precision::text, ''), is_nullable, coalesce(column_default, '')) AS line
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`)),
      ...(await q(`SELECT format('constraint %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) AS line
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT IN ('_prisma_migrations', '"_prisma_migrations"')`)),
      ...(await q(`SELECT format('index %s', indexdef) AS line FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`)),
      ...(await q(`SELECT format('enum %s %s', t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)) AS line
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname`)),
    ].sort();
  } finally {
    await c.end();
  }
}

/** SQL that creates the schema in prisma/schema.prisma from nothing, as the Prisma CLI generates it. */
// Asynchronous on purpose: the embedded database may be served by this very process.
export async function schemaToSql(databaseUrl: string, from = '--from-empty', fromFile?: string): Promise<string> {
  const args = ['migrate', 'diff', from, ...(fromFile ? [fromFile] : []), '--to-schema-datamodel', 'prisma/schema.prisma', '--script'];
  const { stdout } = await promisify(execFile)(path.join(repoRoot, 'node_modules', '.bin', 'prisma'), args, {
    cwd: repoRoot,
    // The CLI's driver adapter needs a reachable database even for a pure datamodel diff.
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  return stdout;
}
