import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import proto from '@temporalio/proto';
import { z } from 'zod';
import { config } from '../../core/config';
import { db } from '../../core/db';
import { TaskQueues, temporalClient } from '../../core/temporal';

// @temporalio/proto is CommonJS without static named exports, so Node's ESM loader needs the default import.
const { temporal } = proto;
const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  temporal: z.object({ ok: z.boolean(), address: z.string(), namespace: z.string(), error: z.string().optional() }),
  database: z.object({ ok: z.boolean(), error: z.string().optional() }),
  worker: z.object({ ok: z.boolean(), taskQueue: z.string(), pollers: z.number() }),
  temporalUiUrl: z.string(),
});

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms))]);

// A worker long-polls for up to a minute, so a poller seen within 90 s is alive.
const POLLER_FRESH_MS = 90_000;

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/health', {
    schema: {
      summary: 'Liveness of Temporal, the database and the core worker (no API key needed)',
      tags: ['platform'],
      response: { 200: healthSchema, 503: healthSchema },
    },
  }, async (_req, reply) => {
    const c = config();
    const [temporalCheck, dbCheck] = await Promise.allSettled([
      withTimeout(temporalClient().then(async (client) => {
        await client.workflowService.getSystemInfo({});
        return client.workflowService.describeTaskQueue({
          namespace: c.TEMPORAL_NAMESPACE,
          taskQueue: { name: TaskQueues.core },
          taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        });
      }), 3_000),
      withTimeout(db().$queryRawUnsafe('SELECT 1'), 3_000),
    ]);
    const now = Date.now();
    const pollers = temporalCheck.status === 'fulfilled'
      ? (temporalCheck.value.pollers ?? []).filter((p) => {
          const seconds = p.lastAccessTime?.seconds;
          const at = seconds == null ? 0 : Number(seconds) * 1000;
          return now - at < POLLER_FRESH_MS;
        }).length
      : 0;
    const body = {
      status: 'ok' as 'ok' | 'degraded',
      temporal: {
        ok: temporalCheck.status === 'fulfilled',
        address: c.temporalAddress,
        namespace: c.TEMPORAL_NAMESPACE,
        ...(temporalCheck.status === 'rejected' ? { error: String((temporalCheck.reason as Error).message).split('\n')[0] } : {}),
      },
      database: {
        ok: dbCheck.status === 'fulfilled',
        ...(dbCheck.status === 'rejected' ? { error: String((dbCheck.reason as Error).message).split('\n')[0] } : {}),
      },
      worker: { ok: pollers > 0, taskQueue: TaskQueues.core, pollers },
      temporalUiUrl: c.temporalUiUrl,
    };
    if (!body.temporal.ok || !body.database.ok || !body.worker.ok) body.status = 'degraded';
    return reply.code(body.status === 'ok' ? 200 : 503).send(body);
  });
};
