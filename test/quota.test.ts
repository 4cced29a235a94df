import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeBars } from '../activities/bar-store';
import { consumeQuota, QuotaExceededError, takeRateToken } from '../api/quota';
import { db } from '../core/db';
import { repoRoot } from '../core/paths';
import { temporalClient } from '../core/temporal';
import { periodWindow } from '../core/plans';
import { parseKlineCsv } from '../engines/klines';
import { createApiKey } from '../api/api-keys';
import { createTestKey, createTestUser, startApi, type RunningApi } from './helpers';

let api: RunningApi;
let admin: string;

const SYMBOL = '000001.SH';
const POINTS = `/api/chanlun/${SYMBOL}/points?timeframe=1d&from=2018-01-01T00:00:00Z`;
const BACKTEST = { symbol: SYMBOL, timeframe: '1d', strategy: { kind: 'builtin', id: 'ma-cross' } };

/** More keys of one user: quotas are per user, the rate limit per key. */
async function extraKeys(userId: string, n: number): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < n; i++) keys.push((await createApiKey(db(), userId, `extra ${i}`, 'trader')).key);
  return keys;
}

const usage = (userId: string, tool: string) =>
  db().usageLog.findMany({ where: { userId, tool }, orderBy: { id: 'asc' } });

beforeAll(async () => {
  api = await startApi();
  admin = await createTestKey('admin');
  const text = readFileSync(path.join(repoRoot, '..', 'shared', 'data', 'ashare', '000001.SH_D.csv'), 'utf8');
  const parsed = parseKlineCsv(text, { symbol: SYMBOL });
  if (!parsed.ok) throw new Error('fixture must parse');
  await storeBars(db(), parsed.bars, {
    activityKey: 'quota-test/bars', workflowId: 'quota-test', source: 'test',
    buildStats: (counts) => ({ ...parsed.stats, ...counts, durationMs: 0, source: 'test' }),
  });
});

afterAll(async () => {
  await api?.app.close();
});

describe('plan quotas', () => {
  it('gives exactly `limit` of 20 concurrent REST calls and refuses the rest with 429 naming tool, used, limit, period', async () => {
    // free: query_buy_sell_points 3 per month. Five keys of one user, four calls each: no key exceeds its burst.
    const user = await createTestUser('trader', 'free');
    const keys = [user.key, ...(await extraKeys(user.userId, 4))];
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => api.request('GET', POINTS, { key: keys[i % keys.length] })));
    const ok = responses.filter((r) => r.status === 200);
    const refused = responses.filter((r) => r.status === 429);
    expect(ok.length).toBe(3);
    expect(refused.length).toBe(17);
    for (const r of refused) {
      expect(r.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', tool: 'query_buy_sell_points', used: 3, limit: 3, period: 'month' });
      expect(r.body.message).toMatch(/query_buy_sell_points/);
      expect(typeof r.body.requestId).toBe('string');
    }
    const counter = await db().quotaCounter.findMany({ where: { userId: user.userId, tool: 'query_buy_sell_points' } });
    expect(counter.map((c) => c.used)).toEqual([3]);
    expect(counter[0]!.periodStart.toISOString()).toBe(periodWindow('month', new Date()).start.toISOString());

    // Every call is in the usage log, allowed or refused, with its key and transport.
    const logs = await usage(user.userId, 'query_buy_sell_points');
    expect(logs.length).toBe(20);
    expect(logs.filter((l) => l.status === 'ok').length).toBe(3);
    expect(logs.filter((l) => l.status === 'quota_exceeded').length).toBe(17);
    expect(new Set(logs.map((l) => l.transport))).toEqual(new Set(['rest']));
    expect(new Set(logs.map((l) => l.keyId)).size).toBe(5);
    expect((await usage(user.userId, 'api_calls')).length).toBe(20);
  });

  it('counts concurrent direct calls (the MCP path) atomically too', async () => {
    const user = await createTestUser('trader', 'free');
    const results = await Promise.allSettled(Array.from({ length: 20 }, () =>
      consumeQuota({ userId: user.userId, keyId: user.keyId, tool: 'query_buy_sell_points', transport: 'mcp' })));
    const used = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.used] : []));
    expect(used.sort()).toEqual([1, 2, 3]);
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(errors.length).toBe(17);
    for (const e of errors) {
      expect(e).toBeInstanceOf(QuotaExceededError);
      expect(e.body()).toMatchObject({ tool: 'query_buy_sell_points', used: 3, limit: 3, period: 'month' });
    }
    const logs = await usage(user.userId, 'query_buy_sell_points');
    expect(logs.map((l) => l.transport)).toEqual(Array(20).fill('mcp'));
  });

  it('refuses a free plan backtest (limit 0) with 429 naming backtest_strategy, and a plan change lifts it at once', async () => {
    const user = await createTestUser('trader', 'free');
    const refused = await api.request('POST', '/api/backtests', { key: user.key, body: BACKTEST });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ tool: 'backtest_strategy', used: 0, limit: 0, period: 'month' });
    expect(refused.body.message).toMatch(/not included in your plan/);

    // Only an admin sets plans.
    const byTrader = await api.request('PUT', `/api/users/${user.userId}/plan`, { key: user.key, body: { plan: 'pro' } });
    expect(byTrader.status).toBe(403);
    const changed = await api.request('PUT', `/api/users/${user.userId}/plan`, { key: admin, body: { plan: 'pro' } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: user.userId, plan: 'pro' });

    // Same key, next request: the cached principal was dropped, so the new plan applies. No worker runs here, so
    // the backtest is only started.
    const started = await api.request('POST', '/api/backtests', { key: user.key, body: BACKTEST });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const quota = await api.request('GET', '/api/quota', { key: user.key });
    expect(quota.status).toBe(200);
    expect(quota.body.plan).toBe('pro');
    expect(quota.body.tools.find((t: { tool: string }) => t.tool === 'backtest_strategy')).toMatchObject({ used: 1, limit: 50, period: 'month' });
    await (await temporalClient()).workflow.getHandle(started.body.workflowId).terminate('no worker in this test');
  });

  it('gives a metered call that ends in an error its unit back', async () => {
    const user = await createTestUser('trader', 'free');
    const missing = await api.request('GET', '/api/chanlun/NOPE.SZ/points?timeframe=1d', { key: user.key });
    expect(missing.status).toBe(404);
    const status = await api.request('GET', '/api/quota', { key: user.key });
    expect(status.body.tools.find((t: { tool: string }) => t.tool === 'query_buy_sell_points')).toMatchObject({ used: 0, limit: 3 });
  });

  it('counts but never refuses an unlimited (-1) tool', async () => {
    const user = await createTestUser('trader', 'enterprise');
    const uses = await Promise.all(Array.from({ length: 30 }, () =>
      consumeQuota({ userId: user.userId, keyId: user.keyId, tool: 'backtest_strategy', transport: 'mcp' })));
    expect(uses.map((u) => u.used).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(uses[0]).toMatchObject({ limit: -1, period: 'month' });
    const status = await api.request('GET', '/api/quota', { key: user.key });
    expect(status.body.tools.find((t: { tool: string }) => t.tool === 'backtest_strategy')).toMatchObject({ used: 30, limit: -1 });
  });

  it('spends the daily api_calls budget on any authenticated call and starts afresh the next UTC day', async () => {
    const user = await createTestUser('viewer', 'free');
    const today = periodWindow('day', new Date());
    // 998 calls already made today; rate limits make sending them for real take minutes.
    await db().quotaCounter.create({ data: { userId: user.userId, tool: 'api_calls', periodStart: today.start, used: 998 } });
    expect((await api.request('GET', '/api/auth/whoami', { key: user.key })).status).toBe(200);
    expect((await api.request('GET', '/api/strategies/library', { key: user.key })).status).toBe(200);
    const over = await fetch(`${api.url}/api/auth/whoami`, { headers: { authorization: `Bearer ${user.key}` } });
    expect(over.status).toBe(429);
    expect(await over.json()).toMatchObject({ tool: 'api_calls', used: 1000, limit: 1000, period: 'day' });
    // Retry-After: seconds until 00:00 UTC, when the next day's budget starts.
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);

    const tomorrow = new Date(today.resetsAt!.getTime() + 60_000);
    const next = await consumeQuota({ userId: user.userId, keyId: user.keyId, tool: 'api_calls', transport: 'rest', now: tomorrow });
    expect(next).toMatchObject({ used: 1, limit: 1000, resetsAt: new Date(today.resetsAt!.getTime() + 86_400_000).toISOString() });
  });
});

describe('rate limit per API key', () => {
  it('refills a token bucket at the plan rate up to its burst', () => {
    // free: 2 tokens per second, burst 10.
    const t0 = 1_000_000;
    const taken = Array.from({ length: 12 }, () => takeRateToken('bucket-unit', 'free', t0));
    expect(taken.filter((d) => d.ok).length).toBe(10);
    expect(taken[10]).toEqual({ ok: false, retryAfterMs: 500 });
    expect(takeRateToken('bucket-unit', 'free', t0 + 500).ok).toBe(true);
    expect(takeRateToken('bucket-unit', 'free', t0 + 500).ok).toBe(false);
    // A long pause refills only up to the burst.
    const later = Array.from({ length: 12 }, () => takeRateToken('bucket-unit', 'free', t0 + 3_600_000));
    expect(later.filter((d) => d.ok).length).toBe(10);
  });

  it('lets a burst through, then answers 429 rate_limit with Retry-After, and logs the refusals', async () => {
    const user = await createTestUser('viewer', 'free');
    const responses = await Promise.all(Array.from({ length: 30 }, () => fetch(`${api.url}/api/auth/whoami`, { headers: { authorization: `Bearer ${user.key}` } })));
    const ok = responses.filter((r) => r.status === 200).length;
    const limited = responses.filter((r) => r.status === 429);
    expect(ok).toBeGreaterThanOrEqual(10);
    expect(limited.length).toBeGreaterThan(0);
    expect(ok + limited.length).toBe(30);
    const body = (await limited[0]!.json()) as { message: string };
    expect(body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', tool: 'rate_limit' });
    expect(body.message).toMatch(/rate_limit/);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const logs = await usage(user.userId, 'api_calls');
    expect(logs.filter((l) => l.status === 'rate_limited').length).toBe(limited.length);
    expect(logs.filter((l) => l.status === 'ok').length).toBe(ok);
  });
});
