import { z } from 'zod';
import { db } from '../core/db';
import { checkedParams } from './checked-params';

export const alertEventInputSchema = z.object({
  subscriptionId: z.uuid().nullish(),
  /** The recipient; events without one are recorded but shown to nobody's stream. */
  userId: z.uuid().nullish(),
  /** Unique per alert, e.g. `${subscriptionId}:${symbol}:${type}:${timeMs}`: the same alert offered twice is stored once. */
  dedupeKey: z.string().min(1).max(500),
  symbol: z.string().min(1).max(80),
  timeframe: z.string().min(1).max(10),
  title: z.string().min(1).max(300),
  payload: z.record(z.string(), z.unknown()),
  /** The workflow id that produced the alert. */
  source: z.string().min(1).max(1000),
});
export type AlertEventInput = z.input<typeof alertEventInputSchema>;

export const recordAlertsInputSchema = z.object({ events: z.array(alertEventInputSchema).max(10_000) });
export type RecordAlertsInput = z.input<typeof recordAlertsInputSchema>;

/**
 * Stores alert events, skipping any whose dedupeKey is already stored, and returns how many were new. A retried
 * activity or a re-run scan offers the same keys again, so it records nothing twice; SSE streams pick the new rows up.
 */
export async function recordAlerts(input: RecordAlertsInput): Promise<{ offered: number; recorded: number }> {
  const { events } = checkedParams(recordAlertsInputSchema, input);
  if (!events.length) return { offered: 0, recorded: 0 };
  const { count } = await db().alertEvent.createMany({
    data: events.map((e) => ({
      subscriptionId: e.subscriptionId ?? null,
      userId: e.userId ?? null,
      dedupeKey: e.dedupeKey,
      symbol: e.symbol,
      timeframe: e.timeframe,
      title: e.title,
      payload: e.payload as object,
      source: e.source,
    })),
    // ON CONFLICT DO NOTHING: concurrent or repeated offers of one key leave exactly one row, and count only new ones.
    skipDuplicates: true,
  });
  return { offered: events.length, recorded: count };
}
