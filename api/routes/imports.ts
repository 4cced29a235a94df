import { createHash, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { config } from '../../core/config';
import { importKlinesInputSchema } from '../../core/contracts/import-klines';
import { db } from '../../core/db';
import { ImportPathError, resolveImportPath } from '../../core/import-paths';
import { TaskQueues, temporalClient, temporalUiRunUrl } from '../../core/temporal';
import { principalOf, requireRole } from '../auth';
import { badRequest } from '../errors';

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

    const idempotencyKey = req.headers['idempotency-key'];
    // The key is scoped to the caller so two users cannot collide on it.
    const workflowId = idempotencyKey
      ? `import-klines-${createHash('sha256').update(`${principalOf(req).keyId}:${idempotencyKey}`).digest('hex').slice(0, 32)}`
      : `import-klines-${randomUUID()}`;
    const client = await temporalClient();
    let runId: string;
    try {
      const handle = await client.workflow.start('importKlines', {
        taskQueue: TaskQueues.core,
        workflowId,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      runId = handle.firstExecutionRunId;
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      runId = (await client.workflow.getHandle(workflowId).describe()).runId;
    }
    req.log.info({ workflowId, runId }, 'import started');
    return reply.code(202).send({ workflowId, runId, temporalUiUrl: temporalUiRunUrl(workflowId, runId) });
  });
};
