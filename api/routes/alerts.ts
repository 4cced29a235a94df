import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  alertEventSchema,
  createSubscription,
  listAlertEvents,
  listSubscriptions,
  removeSubscription,
  subscriptionInputSchema,
  subscriptionSchema,
} from '../alerts';
import { principalOf } from '../auth';
import { notFound } from '../errors';
import { QuotaExceededError, replyTooMany } from '../quota';

const POLL_MS = 500;
// Comments at this interval keep proxies and load balancers from closing a quiet stream.
const HEARTBEAT_MS = 15_000;
const cursorSchema = z.string().regex(/^\d{1,19}$/, 'an alert id');

export const alertRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/alerts/subscriptions', {
    schema: {
      summary: "The caller's alert subscriptions",
      tags: ['alerts'],
      querystring: z.object({ all: z.enum(['true', 'false']).default('false').describe('Include removed (inactive) ones') }),
      response: { 200: z.object({ subscriptions: z.array(subscriptionSchema) }) },
    },
  }, async (req) => ({ subscriptions: await listSubscriptions(principalOf(req).user.id, req.query.all === 'true') }));

  app.post('/alerts/subscriptions', {
    schema: {
      summary: 'Subscribe to ChanLun buy/sell-point alerts (active subscriptions are limited by the plan: subscribe_alert)',
      tags: ['alerts'],
      body: subscriptionInputSchema,
      response: { 201: subscriptionSchema },
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    try {
      return reply.code(201).send(await createSubscription({ userId: p.user.id, keyId: p.keyId, transport: 'rest', input: req.body }));
    } catch (err) {
      if (err instanceof QuotaExceededError) return replyTooMany(req, reply, err);
      throw err;
    }
  });

  app.delete('/alerts/subscriptions/:id', {
    schema: {
      summary: 'Remove an alert subscription (frees its place in the plan)',
      tags: ['alerts'],
      params: z.object({ id: z.uuid() }),
      response: { 200: subscriptionSchema },
    },
  }, async (req) => {
    const removed = await removeSubscription(principalOf(req).user.id, req.params.id);
    if (!removed) throw notFound(`Alert subscription ${req.params.id}`);
    return removed;
  });

  app.get('/alerts', {
    schema: {
      summary: "The caller's recent alerts, newest first",
      tags: ['alerts'],
      querystring: z.object({
        limit: z.coerce.number().int().min(1).max(500).default(50),
        before: cursorSchema.optional().describe('Only alerts with a smaller id (the next page)'),
        symbol: z.string().min(1).max(80).optional(),
      }),
      response: { 200: z.object({ alerts: z.array(alertEventSchema) }) },
    },
  }, async (req) => ({
    alerts: await listAlertEvents(principalOf(req).user.id, {
      limit: req.query.limit,
      beforeId: req.query.before === undefined ? undefined : BigInt(req.query.before),
      symbol: req.query.symbol,
    }),
  }));

  // Open streams, ended when the server closes so shutdown does not wait for clients to hang up.
  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const stop of streams) stop();
  });

  // Server-sent events: `alert` for each alert recorded for the caller after it connected, or after Last-Event-ID.
  app.get('/alerts/stream', {
    schema: {
      summary: "The caller's new alerts as server-sent events (event: alert, id: the alert id)",
      description: 'Sends alerts with an id above the `Last-Event-ID` header (or `lastEventId`), else only alerts recorded after connecting. Browsers may pass the API key as `?key=`.',
      tags: ['alerts'],
      querystring: z.object({ key: z.string().optional(), lastEventId: cursorSchema.optional() }),
      headers: z.object({ 'last-event-id': z.string().optional() }).loose(),
    },
  }, async (req, reply) => {
    const userId = principalOf(req).user.id;
    const resumeFrom = req.headers['last-event-id'] ?? req.query.lastEventId;
    let cursor: bigint;
    if (resumeFrom !== undefined && cursorSchema.safeParse(resumeFrom).success) cursor = BigInt(resumeFrom);
    else {
      const latest = await listAlertEvents(userId, { limit: 1 });
      cursor = latest.length ? BigInt(latest[0]!.id) : 0n;
    }

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-request-id': req.id });
    let open = true;
    let wake: () => void = () => undefined;
    const stop = () => { open = false; wake(); };
    streams.add(stop);
    res.on('close', stop);
    res.on('error', stop);
    res.write(': connected\n\n');
    let lastWrite = Date.now();
    while (open) {
      try {
        for (;;) {
          const batch = await listAlertEvents(userId, { afterId: cursor, limit: 100 });
          if (!open) break;
          for (const a of batch) res.write(`id: ${a.id}\nevent: alert\ndata: ${JSON.stringify(a)}\n\n`);
          if (batch.length) { cursor = BigInt(batch.at(-1)!.id); lastWrite = Date.now(); }
          if (batch.length < 100) break;
        }
        if (open && Date.now() - lastWrite >= HEARTBEAT_MS) { res.write(': heartbeat\n\n'); lastWrite = Date.now(); }
      } catch (err) {
        req.log.warn({ err }, 'alert stream poll failed');
      }
      if (!open) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POLL_MS);
        wake = () => { clearTimeout(timer); resolve(); };
      });
    }
    streams.delete(stop);
    if (!res.writableEnded) res.end();
  });
};
