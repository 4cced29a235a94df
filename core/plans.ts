import { z } from 'zod';

/**
 * What each plan may do, as data: per metered tool a limit and the period it counts over, and a token-bucket rate
 * limit per API key. Tools are the MCP tool names; REST routes that do the same work count against the same tool,
 * and `api_calls` is the budget every authenticated /api request draws from.
 *
 * Periods are calendar windows in UTC: 'day' resets at 00:00 UTC, 'month' at 00:00 UTC on the 1st. 'total' never
 * resets: it counts what is held at once (active alert subscriptions) and goes down when one is removed.
 * A limit of -1 means unlimited (calls are still counted, so usage shows); 0 means the plan does not include the tool.
 *
 *                          free        pro          developer     enterprise
 *   get_klines             100/day     2,000/day    20,000/day    unlimited
 *   analyze_structure      10/day      200/day      2,000/day     unlimited
 *   query_buy_sell_points  3/month     300/month    3,000/month   unlimited
 *   backtest_strategy      0           50/month     500/month     unlimited
 *   subscribe_alert        5 active    50 active    200 active    unlimited
 *   start_workflow         10/day      200/day      2,000/day     unlimited
 *   api_calls              1,000/day   20,000/day   200,000/day   unlimited
 *   list_alerts, get_user_quota, get_workflow_run: unlimited on every plan (reads of the caller's own state).
 *   rate per key           2/s, 10     10/s, 40     30/s, 100     200/s, 1,000   (tokens per second, burst)
 */
export const TOOLS = [
  'get_klines',
  'analyze_structure',
  'query_buy_sell_points',
  'backtest_strategy',
  'subscribe_alert',
  'list_alerts',
  'get_user_quota',
  'start_workflow',
  'get_workflow_run',
  'api_calls',
] as const;
export const toolSchema = z.enum(TOOLS);
export type Tool = z.infer<typeof toolSchema>;

export const PLAN_IDS = ['free', 'pro', 'developer', 'enterprise'] as const;
export const planIdSchema = z.enum(PLAN_IDS);
export type PlanId = z.infer<typeof planIdSchema>;

export const periodSchema = z.enum(['day', 'month', 'total']);
export type Period = z.infer<typeof periodSchema>;

export const toolLimitSchema = z.object({
  /** Calls (or, for 'total', things held) per period; -1 = unlimited, 0 = not in the plan. */
  limit: z.number().int().min(-1),
  period: periodSchema,
});
export type ToolLimit = z.infer<typeof toolLimitSchema>;

export const rateLimitSchema = z.object({
  /** Tokens added per second: the sustained request rate of one API key. */
  perSecond: z.number().positive(),
  /** Bucket size: how many requests may arrive at once after a quiet spell. */
  burst: z.number().int().min(1),
});
export type RateLimit = z.infer<typeof rateLimitSchema>;

export const planSchema = z.object({
  tools: z.record(toolSchema, toolLimitSchema),
  rate: rateLimitSchema,
});
export type Plan = z.infer<typeof planSchema>;

const unlimited = (period: Period = 'day'): ToolLimit => ({ limit: -1, period });

export const PLANS: Readonly<Record<PlanId, Plan>> = z.record(planIdSchema, planSchema).parse({
  free: {
    tools: {
      get_klines: { limit: 100, period: 'day' },
      analyze_structure: { limit: 10, period: 'day' },
      query_buy_sell_points: { limit: 3, period: 'month' },
      backtest_strategy: { limit: 0, period: 'month' },
      subscribe_alert: { limit: 5, period: 'total' },
      list_alerts: unlimited(),
      get_user_quota: unlimited(),
      start_workflow: { limit: 10, period: 'day' },
      get_workflow_run: unlimited(),
      api_calls: { limit: 1000, period: 'day' },
    },
    rate: { perSecond: 2, burst: 10 },
  },
  pro: {
    tools: {
      get_klines: { limit: 2000, period: 'day' },
      analyze_structure: { limit: 200, period: 'day' },
      query_buy_sell_points: { limit: 300, period: 'month' },
      backtest_strategy: { limit: 50, period: 'month' },
      subscribe_alert: { limit: 50, period: 'total' },
      list_alerts: unlimited(),
      get_user_quota: unlimited(),
      start_workflow: { limit: 200, period: 'day' },
      get_workflow_run: unlimited(),
      api_calls: { limit: 20_000, period: 'day' },
    },
    rate: { perSecond: 10, burst: 40 },
  },
  developer: {
    tools: {
      get_klines: { limit: 20_000, period: 'day' },
      analyze_structure: { limit: 2000, period: 'day' },
      query_buy_sell_points: { limit: 3000, period: 'month' },
      backtest_strategy: { limit: 500, period: 'month' },
      subscribe_alert: { limit: 200, period: 'total' },
      list_alerts: unlimited(),
      get_user_quota: unlimited(),
      start_workflow: { limit: 2000, period: 'day' },
      get_workflow_run: unlimited(),
      api_calls: { limit: 200_000, period: 'day' },
    },
    rate: { perSecond: 30, burst: 100 },
  },
  enterprise: {
    tools: {
      get_klines: unlimited(),
      analyze_structure: unlimited(),
      query_buy_sell_points: unlimited('month'),
      backtest_strategy: unlimited('month'),
      subscribe_alert: unlimited('total'),
      list_alerts: unlimited(),
      get_user_quota: unlimited(),
      start_workflow: unlimited(),
      get_workflow_run: unlimited(),
      api_calls: unlimited(),
    },
    rate: { perSecond: 200, burst: 1000 },
  },
});

export function toolLimit(plan: PlanId, tool: Tool): ToolLimit {
  return PLANS[plan].tools[tool];
}

/** The UTC window a call at `now` counts in: its start, and when the next one begins (null for 'total'). */
export function periodWindow(period: Period, now: Date): { start: Date; resetsAt: Date | null } {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const d = now.getUTCDate();
  switch (period) {
    case 'day':
      return { start: new Date(Date.UTC(y, m, d)), resetsAt: new Date(Date.UTC(y, m, d + 1)) };
    case 'month':
      return { start: new Date(Date.UTC(y, m, 1)), resetsAt: new Date(Date.UTC(y, m + 1, 1)) };
    case 'total':
      return { start: new Date(0), resetsAt: null };
  }
}
