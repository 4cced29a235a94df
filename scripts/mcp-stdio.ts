/**
 * Lurus Flow as a local MCP server over stdio, for desktop agents and the MCP Inspector:
 *
 *   LURUS_API_KEY=lf_… npx tsx scripts/mcp-stdio.ts
 *
 * It acts as the key's user against the platform's database and Temporal (DATABASE_URL, TEMPORAL_ADDRESS as for the
 * API; the defaults reach a platform started with `npm start` on this machine). Stdout carries the protocol only.
 */

import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

// The platform logger writes to stdout, which here belongs to the protocol, so it is silenced before any module reads
// the configuration (the platform's modules are imported dynamically for that reason); this script's own messages go to stderr.
process.env.LOG_LEVEL = 'silent';
console.log = console.error;
console.info = console.error;

const fail = (message: string): never => {
  process.stderr.write(`lurus-flow mcp: ${message}\n`);
  process.exit(1);
};

const key = process.env.LURUS_API_KEY?.trim();
if (!key) fail('set LURUS_API_KEY to an API key of this platform (the admin key is in .data/admin-api-key after the first start)');

const { closeDb } = await import('../core/db');
const { closeTemporalClient } = await import('../core/temporal');
const { principalForApiKey } = await import('../api/mcp/principal');
const { createMcpServer } = await import('../api/mcp/server');

const principal = await principalForApiKey(key!).catch((err: Error) => fail(`cannot check the API key against the database: ${err.message}`));
if (!principal) fail('LURUS_API_KEY is not a valid API key (unknown or revoked)');

const { ToolFailure } = await import('../api/mcp/tool-kit');
// Read per call: a key revoked or a plan changed during a long session counts from the next call on.
const server = await createMcpServer(async () => {
  const current = await principalForApiKey(key!);
  if (!current) throw new ToolFailure('LURUS_API_KEY has been revoked');
  return current;
});
const transport = new StdioServerTransport();
let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  await server.close().catch(() => undefined);
  await closeTemporalClient().catch(() => undefined);
  await closeDb().catch(() => undefined);
  process.exit(0);
};
// The client ends the session by closing our stdin (the spec's stdio shutdown), or by a signal.
process.stdin.on('end', () => void shutdown());
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
await server.connect(transport);
process.stderr.write(`lurus-flow mcp: serving ${principal!.user.email} (${principal!.role}) over stdio\n`);
