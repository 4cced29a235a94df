import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../prisma/generated/client';
import { config } from './config';

export type Db = PrismaClient;

/** Creates a client for a connection string; most code wants the shared `db()` instead. */
export function createDb(url: string, poolSize = 10): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolSize }) });
}

let shared: Db | undefined;
/** The process-wide database client (PostgreSQL, or the embedded PGlite behind its socket server). */
export function db(): Db {
  shared ??= createDb(config().databaseUrl);
  return shared;
}

export async function closeDb(): Promise<void> {
  await shared?.$disconnect();
  shared = undefined;
}
