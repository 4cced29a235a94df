import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { config } from '../../core/config';
import { importKlinesInputSchema } from '../../core/contracts/import-klines';
import { db } from '../../core/db';
import { ImportPathError, resolveImportPath } from '../../core/import-paths';
import { principalOf, requireRole } from '../auth';
import { badRequest } from '../errors';
import { runWorkflowId, startOnce } from '../start-workflow';

export const startedRunSchema = z.object({ workflowId: z.string(), runId: z.string(), temporalUiUrl: z.string() });

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/imports', {
    preHandler: requireRole('trader'),
    schema: {
      summary: 'Start a K-line CSV import workflow',
      description: 'Send `Idempotency-Key` to make retries of this request return the same run instead of starting another.',
      tags: ['imports'],
      headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }).loose(),
      body: importKlinesInputSchema,
      response: { 202: startedRunSchema },
    },
  }, async (req, reply) => {
    const input = req.body;
    // Catch what is knowable now as a 400 rather than as a failed run.
    if (input.source.type === 'upload') {
      const exists = await db().upload.count({ where: { id: input.source.uploadId } });
      if (!exists) throw badRequest('source.uploadId', `no upload with id ${input.source.uploadId}`);
    } else {
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
