import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { db } from '../core/db';
import type { PlanId } from '../core/plans';
import { hashApiKey } from './api-keys';
import { HttpError } from './errors';

export type Role = 'admin' | 'trader' | 'viewer';
const rank: Record<Role, number> = { viewer: 0, trader: 1, admin: 2 };

export interface Principal {
  keyId: string;
  name: string;
  role: Role;
  user: { id: string; email: string };
  /** The user's plan as of the lookup (api/quota.ts reads it from the database when absent). */
  plan?: PlanId;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

// Verified keys are remembered briefly: polling pages then cost no database round trip, and the embedded
// database, which serialises clients behind an open import transaction, does not stall progress polling.
// Revocation through this process takes effect at once; through another API process within CACHE_MS.
const CACHE_MS = 30_000;
const verified = new Map<string, { principal: Principal; until: number }>();

export function forgetApiKey(keyId: string): void {
  for (const [hash, entry] of verified) if (entry.principal.keyId === keyId) verified.delete(hash);
}

/** After a change to the user (their plan), so this process's next request of any of their keys reads it afresh. */
export function forgetUserKeys(userId: string): void {
  for (const [hash, entry] of verified) if (entry.principal.user.id === userId) verified.delete(hash);
}

async function lookUp(hash: string): Promise<Principal | null> {
  const cached = verified.get(hash);
  if (cached && cached.until > Date.now()) return cached.principal;
  const key = await db().apiKey.findUnique({ where: { hash }, include: { user: true } });
  if (!key || key.revokedAt) return null;
  const principal: Principal = { keyId: key.id, name: key.name, role: key.role, user: { id: key.user.id, email: key.user.email }, plan: key.user.plan };
  verified.set(hash, { principal, until: Date.now() + CACHE_MS });
  // Best effort, once per cache period: a failed timestamp update must not fail the request.
  void db().apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  return principal;
}

/** `Authorization: Bearer <key>` on every request of the scope this plugin is registered in. */
export const authPlugin = fp(async (app) => {
  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    const fromHeader = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    // Browsers' EventSource cannot send headers, so the event streams alone also take ?key= (redacted from logs).
    const stream = req.url.includes('/events') || req.url.startsWith('/api/alerts/stream');
    const fromQuery = stream ? (req.query as { key?: string } | undefined)?.key : undefined;
    const key = fromHeader ?? fromQuery;
    if (!key) throw new HttpError(401, 'Missing API key: send Authorization: Bearer <key>');
    const principal = await lookUp(hashApiKey(key));
    if (!principal) throw new HttpError(401, 'Invalid or revoked API key');
    req.principal = principal;
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
