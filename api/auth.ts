import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { db } from '../core/db';
import { hashApiKey } from './api-keys';
import { HttpError } from './errors';

export type Role = 'admin' | 'trader' | 'viewer';
const rank: Record<Role, number> = { viewer: 0, trader: 1, admin: 2 };

export interface Principal {
  keyId: string;
  name: string;
  role: Role;
  user: { id: string; email: string };
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** `Authorization: Bearer <key>` on every request of the scope this plugin is registered in. */
export const authPlugin = fp(async (app) => {
  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new HttpError(401, 'Missing API key: send Authorization: Bearer <key>');
    const key = await db().apiKey.findUnique({ where: { hash: hashApiKey(match[1]!) }, include: { user: true } });
    if (!key || key.revokedAt) throw new HttpError(401, 'Invalid or revoked API key');
    req.principal = { keyId: key.id, name: key.name, role: key.role, user: { id: key.user.id, email: key.user.email } };
    // Best effort: a failed timestamp update must not fail the request.
    void db().apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  });
});

/** Route guard: `preHandler: requireRole('trader')` admits trader and admin. */
export function requireRole(min: Role) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const role = req.principal?.role;
    if (!role || rank[role] < rank[min]) throw new HttpError(403, `This action needs the ${min} role`);
  };
}

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new HttpError(401, 'Not authenticated');
  return req.principal;
}
