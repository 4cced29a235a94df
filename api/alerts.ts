import { z } from 'zod';
import { db, type Db } from '../core/db';
import type { BspType } from '../engines/chanlun';
import { timeframeSchema } from '../engines/klines';
import { consumeQuota, releaseQuota, type Transport } from './quota';

/** Alert subscriptions and events, shared by the REST routes and the MCP tools (subscribe_alert, list_alerts). */

const POINT_TYPES = ['1', '2', '2s', '3a', '3b'] as const satisfies readonly BspType[];

export const subscriptionInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  symbols: z.array(z.string().trim().min(1).max(80)).min(1).max(500),
  timeframe: timeframeSchema,
  pointTypes: z.array(z.enum(POINT_TYPES)).min(1).default([...POINT_TYPES]),
  side: z.enum(['buy', 'sell', 'both']).default('both'),
});
export type SubscriptionInput = z.input<typeof subscriptionInputSchema>;

export const subscriptionSchema = z.object({
  id: z.string(),
  name: z.string(),
  symbols: z.array(z.string()),
  timeframe: z.string(),
  pointTypes: z.array(z.string()),
  side: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
});
export type SubscriptionView = z.infer<typeof subscriptionSchema>;

export const alertEventSchema = z.object({
  id: z.string().describe('Increasing; the SSE event id'),
  subscriptionId: z.string().nullable(),
  symbol: z.string(),
  timeframe: z.string(),
  title: z.string(),
  payload: z.record(z.string(), z.unknown()),
  source: z.string(),
  createdAt: z.string(),
});
export type AlertEventView = z.infer<typeof alertEventSchema>;

type SubscriptionRow = Awaited<ReturnType<Db['alertSubscription']['findFirstOrThrow']>>;
type EventRow = Awaited<ReturnType<Db['alertEvent']['findFirstOrThrow']>>;

const subscriptionView = (s: SubscriptionRow): SubscriptionView => ({
  id: s.id, name: s.name, symbols: s.symbols, timeframe: s.timeframe, pointTypes: s.pointTypes, side: s.side, active: s.active,
  createdAt: s.createdAt.toISOString(),
});

export const alertEventView = (e: EventRow): AlertEventView => ({
  id: e.id.toString(), subscriptionId: e.subscriptionId, symbol: e.symbol, timeframe: e.timeframe, title: e.title,
  payload: e.payload as Record<string, unknown>, source: e.source, createdAt: e.createdAt.toISOString(),
});

/**
 * Creates an active subscription if the plan's `subscribe_alert` limit (active subscriptions held at once) allows
 * another; throws QuotaExceededError otherwise. The count is taken first, atomically, and given back if the insert
 * fails, so concurrent requests never hold more than the limit.
 */
export async function createSubscription(o: { userId: string; keyId?: string | null; transport: Transport; input: SubscriptionInput }): Promise<SubscriptionView> {
  const input = subscriptionInputSchema.parse(o.input);
  await consumeQuota({ userId: o.userId, keyId: o.keyId, tool: 'subscribe_alert', transport: o.transport });
  try {
    const row = await db().alertSubscription.create({
      data: { userId: o.userId, name: input.name, symbols: [...new Set(input.symbols)], timeframe: input.timeframe, pointTypes: input.pointTypes, side: input.side },
    });
    return subscriptionView(row);
  } catch (err) {
    await releaseQuota(o.userId, 'subscribe_alert');
    throw err;
  }
}

export async function listSubscriptions(userId: string, includeInactive = false): Promise<SubscriptionView[]> {
  const rows = await db().alertSubscription.findMany({
    where: { userId, ...(includeInactive ? {} : { active: true }) },
    orderBy: { createdAt: 'desc' },
  });
  return rows.map(subscriptionView);
}

/**
 * Deactivates the caller's subscription and frees its place in the plan's limit. Kept as a row (inactive) so the
 * alerts it produced still name it. Returns null when the caller has no such subscription.
 */
export async function removeSubscription(userId: string, id: string): Promise<SubscriptionView | null> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.alertSubscription.updateMany({ where: { id, userId, active: true }, data: { active: false } });
    if (count === 1) await releaseQuota(userId, 'subscribe_alert', tx);
    const row = await tx.alertSubscription.findFirst({ where: { id, userId } });
    return row ? subscriptionView(row) : null;
  });
}

/** The caller's alerts, newest first, or (with `afterId`) those after a cursor, oldest first. */
export async function listAlertEvents(userId: string, o: { limit?: number; afterId?: bigint; beforeId?: bigint; symbol?: string } = {}): Promise<AlertEventView[]> {
  const limit = o.limit ?? 50;
  const forward = o.afterId !== undefined;
  const rows = await db().alertEvent.findMany({
    where: {
      userId,
      ...(o.symbol ? { symbol: o.symbol } : {}),
      ...(forward ? { id: { gt: o.afterId } } : o.beforeId !== undefined ? { id: { lt: o.beforeId } } : {}),
    },
    orderBy: { id: forward ? 'asc' : 'desc' },
    take: limit,
  });
  return rows.map(alertEventView);
}
