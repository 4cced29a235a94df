import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { db } from '../../core/db';
import { createApiKey } from '../api-keys';
import { planIdSchema } from '../../core/plans';
import { forgetApiKey, forgetUserKeys, principalOf, requireRole } from '../auth';
import { notFound } from '../errors';

const roleSchema = z.enum(['admin', 'trader', 'viewer']);
const keySchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
type KeyRow = { id: string; name: string; role: z.infer<typeof roleSchema>; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };
const toKey = (k: KeyRow) => ({
  id: k.id, name: k.name, role: k.role, prefix: k.prefix, createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null, revokedAt: k.revokedAt?.toISOString() ?? null,
});

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/auth/whoami', {
    schema: {
      summary: 'The API key making this request',
      tags: ['auth'],
      response: { 200: z.object({ keyId: z.string(), name: z.string(), role: roleSchema, user: z.object({ id: z.string(), email: z.string() }) }) },
    },
  }, async (req) => principalOf(req));

  app.get('/keys', {
    preHandler: requireRole('admin'),
    schema: { summary: 'List API keys (hashes are never returned)', tags: ['auth'], response: { 200: z.object({ keys: z.array(keySchema) }) } },
  }, async () => ({ keys: (await db().apiKey.findMany({ orderBy: { createdAt: 'desc' } })).map(toKey) }));

  app.post('/keys', {
    preHandler: requireRole('admin'),
    schema: {
      summary: 'Create an API key; the key is shown in this response only',
      tags: ['auth'],
      body: z.object({ name: z.string().min(1).max(100), role: roleSchema }),
      response: { 201: keySchema.extend({ key: z.string() }) },
    },
  }, async (req, reply) => {
    const { key, record } = await createApiKey(db(), principalOf(req).user.id, req.body.name, req.body.role);
    return reply.code(201).send({ ...toKey(record), key });
  });

  app.delete('/keys/:id', {
    preHandler: requireRole('admin'),
    schema: { summary: 'Revoke an API key', tags: ['auth'], params: z.object({ id: z.uuid() }), response: { 200: keySchema } },
  }, async (req) => {
    const existing = await db().apiKey.findUnique({ where: { id: req.params.id } });
    if (!existing) throw notFound(`API key ${req.params.id}`);
    const revoked = await db().apiKey.update({ where: { id: existing.id }, data: { revokedAt: existing.revokedAt ?? new Date() } });
    forgetApiKey(revoked.id);
    return toKey(revoked);
  });

  app.put('/users/:id/plan', {
    preHandler: requireRole('admin'),
    schema: {
      summary: "Set a user's plan (limits in core/plans.ts); takes effect on the user's next request",
      tags: ['auth'],
      params: z.object({ id: z.uuid() }),
      body: z.object({ plan: planIdSchema }),
      response: { 200: z.object({ id: z.string(), email: z.string(), plan: planIdSchema }) },
    },
  }, async (req) => {
    const existing = await db().user.findUnique({ where: { id: req.params.id } });
    if (!existing) throw notFound(`User ${req.params.id}`);
    const user = await db().user.update({ where: { id: existing.id }, data: { plan: req.body.plan } });
    forgetUserKeys(user.id);
    return { id: user.id, email: user.email, plan: user.plan };
  });
};
