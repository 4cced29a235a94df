import { z } from 'zod';
import { periodSchema, planIdSchema, rateLimitSchema, toolSchema } from '../../../core/plans';
import { alertEventSchema, createSubscription, listAlertEvents, listSubscriptions, subscriptionInputSchema, subscriptionSchema } from '../../alerts';
import { quotaStatus } from '../../quota';
import type { ToolSpec } from '../tool-kit';

const subscribeOutput = z.object({ subscription: subscriptionSchema });

export const subscribeAlert: ToolSpec<typeof subscriptionInputSchema, typeof subscribeOutput> = {
  name: 'subscribe_alert',
  title: 'Subscribe to buy/sell point alerts',
  description:
    'Asks to be alerted when a ChanLun scan finds a buy/sell point of the given types and side on any of the symbols. Alerts arrive in list_alerts and on GET /api/alerts/stream (SSE). Active subscriptions count against the plan.',
  input: subscriptionInputSchema,
  output: subscribeOutput,
  quota: 'subscribe_alert',
  // createSubscription counts the subscription itself, and gives the unit back if the insert fails.
  meteredByRun: true,
  role: 'trader',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run(input, ctx) {
    const s = await createSubscription({ userId: ctx.principal.user.id, keyId: ctx.principal.keyId, transport: 'mcp', input });
    return { data: { subscription: s }, text: `Subscribed "${s.name}": ${s.side} points ${s.pointTypes.join(', ')} on ${s.symbols.join(', ')} (${s.timeframe}); id ${s.id}.` };
  },
};

const listInput = z.object({
  limit: z.number().int().min(1).max(200).default(20).describe('Most recent alerts to return'),
  symbol: z.string().trim().min(1).max(80).optional().describe('Only alerts on this symbol'),
  includeInactive: z.boolean().default(false).describe('Also list removed subscriptions'),
});
const listOutput = z.object({ subscriptions: z.array(subscriptionSchema), alerts: z.array(alertEventSchema).describe('Newest first') });

export const listAlerts: ToolSpec<typeof listInput, typeof listOutput> = {
  name: 'list_alerts',
  title: 'Alert subscriptions and recent alerts',
  description: "The caller's alert subscriptions and most recent alerts.",
  input: listInput,
  output: listOutput,
  quota: 'list_alerts',
  role: 'viewer',
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(a, ctx) {
    const userId = ctx.principal.user.id;
    const [subscriptions, alerts] = await Promise.all([listSubscriptions(userId, a.includeInactive), listAlertEvents(userId, { limit: a.limit, symbol: a.symbol })]);
    const latest = alerts[0];
    return {
      data: { subscriptions, alerts },
      text: `${subscriptions.length} subscriptions, ${alerts.length} recent alerts${latest ? `; latest: ${latest.title} (${latest.createdAt})` : ''}.`,
    };
  },
};

const quotaInput = z.object({});
const quotaOutput = z.object({
  plan: planIdSchema,
  rate: rateLimitSchema,
  tools: z.array(z.object({
    tool: toolSchema,
    used: z.number().int(),
    limit: z.number().int().describe('-1 = unlimited, 0 = not in the plan'),
    period: periodSchema,
    resetsAt: z.string().nullable(),
  })),
});

export const getUserQuota: ToolSpec<typeof quotaInput, typeof quotaOutput> = {
  name: 'get_user_quota',
  title: 'Plan and quota',
  description: "The caller's plan, its rate limit, and per tool what the current period (UTC day or month, or held at once) has used.",
  input: quotaInput,
  output: quotaOutput,
  quota: 'get_user_quota',
  role: 'viewer',
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(_a, ctx) {
    const status = await quotaStatus(ctx.principal.user.id);
    const limited = status.tools.filter((t) => t.limit >= 0 && t.tool !== 'api_calls');
    const text = `Plan ${status.plan}: ` + limited.map((t) => `${t.tool} ${t.used}/${t.limit} ${t.period === 'total' ? 'active' : `per ${t.period}`}`).join(', ') + '.';
    return { data: status, text };
  },
};
