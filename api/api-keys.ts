import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../core/db';
import type { Role } from '../prisma/generated/client';

// Keys carry 256 random bits, so a plain SHA-256 is as strong as a slow KDF here and keeps every request cheap.
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = `lf_${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, 10), hash: hashApiKey(key) };
}

export async function createApiKey(db: Db, userId: string, name: string, role: Role) {
  const { key, prefix, hash } = generateApiKey();
  const record = await db.apiKey.create({ data: { userId, name, role, prefix, hash } });
  return { key, record };
}

/**
 * On the first start (no admin key in the database) creates the owner and an admin key, and writes the key to a file
 * only the owner can read. Returns the new key once; later starts return null.
 */
export async function ensureAdminKey(db: Db, file: string): Promise<string | null> {
  const admins = await db.apiKey.count({ where: { role: 'admin', revokedAt: null } });
  if (admins > 0) return null;
  const owner = await db.user.upsert({
    where: { email: 'owner@localhost' },
    update: {},
    // The owner runs the platform: no plan limits.
    create: { email: 'owner@localhost', name: 'Owner', plan: 'enterprise' },
  });
  const { key } = await createApiKey(db, owner.id, 'admin (first start)', 'admin');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return key;
}
