import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { config } from '../../core/config';
import { importKlinesInputSchema } from '../../core/contracts/import-klines';
import { db } from '../../core/db';
import { ImportPathError, resolveImportPath } from '../../core/import-paths';
import { columnMappingProblems, readKlineSourceHeader, type KlineColumnMap } from '../../engines/klines';
import { principalOf, requireRole } from '../auth';
import { badRequest, HttpError } from '../errors';
import { runWorkflowId, startOnce } from '../start-workflow';

/** Enough of an upload to hold its CSV header line, even inside a zip or gzip; uploads can be 200 MB. */
const HEAD_BYTES = 64 * 1024;

async function uploadHead(uploadId: string): Promise<{ bytes: Uint8Array; complete: boolean } | null> {
  const rows = await db().$queryRaw<{ head: Uint8Array; size: number }[]>`
    SELECT substring(content FROM 1 FOR ${HEAD_BYTES}::int) AS head, size FROM uploads WHERE id = ${uploadId}::uuid`;
  const row = rows[0];
  return row ? { bytes: new Uint8Array(row.head), complete: row.size <= HEAD_BYTES } : null;
}

/**
 * A 400 naming `columns.<field>` for every mapped column the upload's header lacks (or holds twice), so a user fixes
 * the mapping before a run starts. A header that cannot be read from the first bytes is left to the import.
 */
function refuseUnfitMapping(head: { bytes: Uint8Array; complete: boolean }, columns: KlineColumnMap): void {
  const header = readKlineSourceHeader(head.bytes, head.complete);
  if (header === null) return;
  const problems = columnMappingProblems(header, columns);
  if (problems.length === 0) return;
  const issues = problems.map((p) => ({ path: p.field, message: p.reason }));
  throw new HttpError(400, issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
}

export const startedRunSchema = z.object({ workflowId: z.string(), runId: z.string(), temporalUiUrl: z.string() });

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/imports', {
    preHandler: requireRole('trader'),
    schema: {
      summary: 'Start a K-line CSV import workflow',
      description:
        'Send `Idempotency-Key` to make retries of this request return the same run instead of starting another. A `columns` mapping is checked against the header of an upload first: a mapped column the header lacks is a 400 naming `columns.<field>`.',
      tags: ['imports'],
      headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }).loose(),
      body: importKlinesInputSchema,
      response: { 202: startedRunSchema },
    },
  }, async (req, reply) => {
    const input = req.body;
    // Catch what is knowable now as a 400 rather than as a failed run.
    if (input.source.type === 'upload') {
      const head = await uploadHead(input.source.uploadId);
      if (!head) throw badRequest('source.uploadId', `no upload with id ${input.source.uploadId}`);
      if (input.columns) refuseUnfitMapping(head, input.columns);
    } else {
      // A file on the worker's machine is the worker's to read: a mapping it does not fit fails the run on line 1.
      await resolveImportPath(input.source.path, config().importRoots).catch((err: unknown) => {
        throw err instanceof ImportPathError ? badRequest('source.path', err.message) : err;
      });
    }
    if (input.timezone) {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: input.timezone });
      } catch {
        throw badRequest('timezone', `unknown time zone ${input.timezone}`);
      }
    }

    const workflowId = runWorkflowId('import-klines', principalOf(req).keyId, req.headers['idempotency-key']);
    const started = await startOnce('importKlines', { workflowId, args: [input] });
    req.log.info({ workflowId, runId: started.runId }, 'import started');
    return reply.code(202).send(started);
  });
};
