import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { db, type Db } from '../core/db';
import { periodWindow, PLANS, TOOLS, toolLimit, type Period, type PlanId, type RateLimit, type Tool } from '../core/plans';
import { principalOf } from './auth';
import { HttpError } from './errors';

export { PLANS, TOOLS, type PlanId, type Tool } from '../core/plans';

export type Transport = 'rest' | 'mcp';

export interface QuotaUse {
  tool: Tool;
  /** Start of the counted window (UTC), for giving the unit back. */
  periodStart: string;
  /** Counted so far in the current period, this call included. */
  used: number;
  /** -1 = unlimited. */
  limit: number;
  period: Period;
  resetsAt: string | null;
}

/** A call over the plan's limit. REST answers 429 with `body()`; MCP returns a tool error with it as content. */
export class QuotaExceededError extends HttpError {
  constructor(
    readonly tool: Tool,
    readonly used: number,
    readonly limit: number,
    readonly period: Period,
    readonly resetsAt: string | null,
  ) {
    const window = period === 'total' ? 'at once' : `per ${period} (UTC)`;
    super(429, limit === 0
      ? `${tool} is not included in your plan`
      : `${tool} quota exhausted: ${used} of ${limit} ${window}${resetsAt ? `; resets at ${resetsAt}` : ''}`);
  }

  body() {
    return { message: this.message, tool: this.tool, used: this.used, limit: this.limit, period: this.period };
  }
}

/** Too many requests from one API key in a short time (token bucket). */
export class RateLimitedError extends HttpError {
  constructor(readonly retryAfterMs: number) {
    super(429, `rate_limit: too many requests for this API key; retry in ${Math.ceil(retryAfterMs / 1000)} s`);
  }

  body() {
    return { message: this.message, tool: 'rate_limit', retryAfterMs: this.retryAfterMs };
  }
}

export async function userPlan(userId: string, client: Db = db()): Promise<PlanId> {
  const user = await client.user.findUnique({ where: { id: userId }, select: { plan: true } });
  if (!user) throw new HttpError(401, `No user ${userId}`);
  return user.plan;
}

export interface ConsumeArgs {
  userId: string;
  keyId?: string | null;
  tool: Tool;
  transport: Transport;
  /** The caller's plan when already known (REST has it on the principal); looked up otherwise. */
  plan?: PlanId;
  now?: Date;
}

/**
 * Counts one call of `tool` against the caller's plan and logs it, or throws QuotaExceededError. One statement does
 * both: the conditional upsert only increments while `used < limit`, and Postgres serialises concurrent upserts of
 * one counter row on its row lock, re-checking the condition against the committed value. So N concurrent calls
 * with limit L give exactly min(N, L) successes, and the usage log has a row for every call, refused ones included.
 */
export async function consumeQuota(args: ConsumeArgs, client: Db = db()): Promise<QuotaUse> {
  const plan = args.plan ?? (await userPlan(args.userId, client));
  const { limit, period } = toolLimit(plan, args.tool);
  const { start, resetsAt } = periodWindow(period, args.now ?? new Date());
  const rows = await client.$queryRaw<{ status: string; used: number }[]>`
    WITH counted AS (
      INSERT INTO quota_counters AS q (user_id, tool, period_start, used, updated_at)
      SELECT ${args.userId}::uuid, ${args.tool}, ${start}::timestamptz, 1, now() WHERE ${limit}::int <> 0
      ON CONFLICT (user_id, tool, period_start) DO UPDATE SET used = q.used + 1, updated_at = now()
        WHERE ${limit}::int < 0 OR q.used < ${limit}::int
      RETURNING q.used
    ), before AS (
      SELECT used FROM quota_counters WHERE user_id = ${args.userId}::uuid AND tool = ${args.tool} AND period_start = ${start}::timestamptz
    )
    INSERT INTO usage_logs (user_id, key_id, tool, transport, status, used, "limit")
    SELECT ${args.userId}::uuid, ${args.keyId ?? null}::uuid, ${args.tool}, ${args.transport},
      CASE WHEN EXISTS (SELECT 1 FROM counted) THEN 'ok' ELSE 'quota_exceeded' END,
      -- A refusal means the committed count had reached the limit; this statement's snapshot ('before') may predate
      -- the concurrent calls that got it there, so the limit is the floor of what is reported.
      COALESCE((SELECT used FROM counted), GREATEST(COALESCE((SELECT used FROM before), 0), ${limit}::int)),
      ${limit}::int
    RETURNING status, used`;
  const row = rows[0]!;
  const use = { tool: args.tool, periodStart: start.toISOString(), used: row.used, limit, period, resetsAt: resetsAt?.toISOString() ?? null };
  if (row.status !== 'ok') throw new QuotaExceededError(use.tool, use.used, use.limit, use.period, use.resetsAt);
  return use;
}

/**
 * Gives back one unit: an alert subscription removed ('total'), or a metered call that ended in an error (the window
 * it was counted in). Never goes below zero.
 */
export async function releaseQuota(userId: string, tool: Tool, client: Pick<Db, '$executeRaw'> = db(), periodStart?: string): Promise<void> {
  const start = periodStart ? new Date(periodStart) : periodWindow('total', new Date()).start;
  await client.$executeRaw`
    UPDATE quota_counters SET used = GREATEST(used - 1, 0), updated_at = now()
    WHERE user_id = ${userId}::uuid AND tool = ${tool} AND period_start = ${start}::timestamptz`;
}

export interface QuotaStatus {
  plan: PlanId;
  rate: RateLimit;
  tools: Omit<QuotaUse, 'periodStart'>[];
}

/** The caller's plan and, per tool, what the current period has used (get_user_quota, GET /api/quota). */
export async function quotaStatus(userId: string, now = new Date(), client: Db = db()): Promise<QuotaStatus> {
  const plan = await userPlan(userId, client);
  const windows = TOOLS.map((tool) => ({ tool, ...toolLimit(plan, tool), ...periodWindow(toolLimit(plan, tool).period, now) }));
  const counters = await client.quotaCounter.findMany({
    where: { userId, OR: windows.map((w) => ({ tool: w.tool, periodStart: w.start })) },
  });
  const used = new Map(counters.map((c) => [c.tool, c.used]));
  return {
    plan,
    rate: PLANS[plan].rate,
    tools: windows.map((w) => ({ tool: w.tool, used: used.get(w.tool) ?? 0, limit: w.limit, period: w.period, resetsAt: w.resetsAt?.toISOString() ?? null })),
  };
}

// Token buckets live in this process's memory: with several API processes each enforces the rate on its own, so a
// key may get up to (processes × rate). Quotas, which must be exact, are in the database instead.
const buckets = new Map<string, { tokens: number; at: number }>();

export type RateDecision = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

/** Takes one token from the key's bucket (refilled at the plan's rate, capped at its burst). */
export function takeRateToken(keyId: string, plan: PlanId, nowMs = Date.now()): RateDecision {
  const { perSecond, burst } = PLANS[plan].rate;
  const b = buckets.get(keyId) ?? { tokens: burst, at: nowMs };
  b.tokens = Math.min(burst, b.tokens + ((nowMs - b.at) / 1000) * perSecond);
  b.at = nowMs;
  buckets.set(keyId, b);
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return { ok: true, remaining: Math.floor(b.tokens) };
  }
  return { ok: false, retryAfterMs: Math.ceil(((1 - b.tokens) / perSecond) * 1000) };
}

export async function logRateLimited(o: { userId: string; keyId: string; tool: Tool; transport: Transport }, client: Db = db()): Promise<void> {
  await client.usageLog.create({ data: { userId: o.userId, keyId: o.keyId, tool: o.tool, transport: o.transport, status: 'rate_limited' } });
}

export function replyTooMany(req: FastifyRequest, reply: FastifyReply, err: QuotaExceededError | RateLimitedError) {
  if (err instanceof RateLimitedError) reply.header('retry-after', String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))));
  else if (err.resetsAt) reply.header('retry-after', String(Math.max(1, Math.ceil((Date.parse(err.resetsAt) - Date.now()) / 1000))));
  return reply.code(429).send({ statusCode: 429, error: 'Too Many Requests', ...err.body(), requestId: req.id });
}

// What a request has been counted for: a route both mapped below and opted in with quotaFor counts once, and a call
// that ends in an error gives its units back.
const counted = new WeakMap<FastifyRequest, Map<Tool, QuotaUse | null>>();

async function principalPlan(req: FastifyRequest): Promise<PlanId> {
  const p = principalOf(req);
  p.plan ??= await userPlan(p.user.id);
  return p.plan;
}

/** Route guard: `preHandler: [requireRole('trader'), quotaFor('analyze_structure')]` meters the route as that tool. */
export function quotaFor(tool: Tool) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const seen = counted.get(req) ?? new Map<Tool, QuotaUse | null>();
    if (seen.has(tool)) return;
    seen.set(tool, null);
    counted.set(req, seen);
    const p = principalOf(req);
    try {
      seen.set(tool, await consumeQuota({ userId: p.user.id, keyId: p.keyId, tool, transport: 'rest', plan: await principalPlan(req) }));
    } catch (err) {
      if (err instanceof QuotaExceededError) return replyTooMany(req, reply, err);
      throw err;
    }
  };
}

/** REST routes that do a tool's work, metered as that tool (METHOD + route pattern, /api prefix included). */
export const routeTools: Record<string, Tool> = {
  'POST /api/backtests': 'backtest_strategy',
  'POST /api/backtests/validate': 'backtest_strategy',
  'POST /api/backtests/search': 'backtest_strategy',
  'POST /api/backtests/rotation': 'backtest_strategy',
  'GET /api/chanlun/:symbol': 'analyze_structure',
  'GET /api/chanlun/:symbol/points': 'query_buy_sell_points',
  'POST /api/graphs/:id/runs': 'start_workflow',
  'POST /api/runs/:workflowId/rerun': 'start_workflow',
  'GET /api/runs/:workflowId': 'get_workflow_run',
  'GET /api/alerts': 'list_alerts',
  'GET /api/quota': 'get_user_quota',
};

/**
 * Registered in the authenticated scope after the auth plugin and before the routes: every request takes a token
 * from its key's bucket and draws on the daily `api_calls` budget; routes in `routeTools` also count as their tool,
 * after the route's own guards (a viewer refused with 403 does not spend a backtest). A tool call answered with an
 * error (a symbol without bars, a failed start) gives its unit back, so the limit is on calls that did the work; the
 * `api_calls` unit and the usage log row stay, since the request was made.
 */
export const quotaPlugin = fp(async (app) => {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const tool = methods.map((m) => routeTools[`${m} ${route.url}`]).find(Boolean);
    if (!tool) return;
    const existing = route.preHandler ? (Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler]) : [];
    route.preHandler = [...existing, quotaFor(tool)];
  });

  app.addHook('onResponse', async (req, reply) => {
    if (reply.statusCode < 400) return;
    const uses = [...(counted.get(req)?.values() ?? [])].filter((u): u is QuotaUse => u !== null);
    for (const u of uses) await releaseQuota(principalOf(req).user.id, u.tool, db(), u.periodStart);
  });

  app.addHook('onRequest', async (req, reply) => {
    const p = principalOf(req);
    const plan = await principalPlan(req);
    const rate = takeRateToken(p.keyId, plan);
    if (!rate.ok) {
      await logRateLimited({ userId: p.user.id, keyId: p.keyId, tool: 'api_calls', transport: 'rest' });
      return replyTooMany(req, reply, new RateLimitedError(rate.retryAfterMs));
    }
    try {
      await consumeQuota({ userId: p.user.id, keyId: p.keyId, tool: 'api_calls', transport: 'rest', plan });
    } catch (err) {
      if (err instanceof QuotaExceededError) return replyTooMany(req, reply, err);
      throw err;
    }
  });
});
