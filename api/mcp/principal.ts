import { db } from '../../core/db';
import { hashApiKey } from '../api-keys';
import type { Principal } from '../auth';

/**
 * The principal of an API key, with the user's plan, or null for an unknown or revoked key: the stdio server's check
 * of LURUS_API_KEY, at start and on every call. The HTTP endpoint goes through api/auth.ts's hook instead.
 */
export async function principalForApiKey(key: string): Promise<Principal | null> {
  const row = await db().apiKey.findUnique({ where: { hash: hashApiKey(key) }, include: { user: true } });
  if (!row || row.revokedAt) return null;
  return { keyId: row.id, name: row.name, role: row.role, user: { id: row.user.id, email: row.user.email }, plan: row.user.plan };
}
