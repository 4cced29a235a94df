import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedDb {
  url: string;
  stop(): Promise<void>;
}

/**
 * Real Postgres (PGlite, WebAssembly) served over the Postgres wire protocol so the API, workers and tools can all
 * connect with the same `pg` driver they use against a PostgreSQL server. PGlite is single-connection; the socket
 * server multiplexes clients and keeps an open transaction to the client that began it.
 */
export async function startEmbeddedDb(dataDir: string, port: number, host = '127.0.0.1'): Promise<EmbeddedDb> {
  await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db: pglite, port, host, maxConnections: 64 });
  await server.start();
  return {
    url: `postgresql://postgres:postgres@${host}:${port}/postgres`,
    async stop() {
      await server.stop();
      await pglite.close();
    },
  };
}
