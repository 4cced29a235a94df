import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBacktestBars } from '../activities/backtest/bars';
import { hashApiKey } from '../api/api-keys';
import { db } from '../core/db';
import { repoRoot } from '../core/paths';
import { analyzeChan, type ChanResult } from '../engines/chanlun';
import { resampleBars } from '../engines/klines/resample';
import type { KlineColumns } from '../engines/klines';
import { createTestKey, startApi, startWorker, waitFor, waitForRun, type RunningApi, type RunningWorker } from './helpers';

const SYMBOL = '000001.SH';
/** Stored as 4-hour bars only, so its daily bars are resampled. */
const BTC = 'BTC-USDT';
const FIXED_TOOLS = ['get_klines', 'analyze_structure', 'query_buy_sell_points', 'backtest_strategy', 'subscribe_alert', 'list_alerts', 'get_user_quota', 'start_workflow', 'get_workflow_run'];

let api: RunningApi;
let worker: RunningWorker;
/** A trader on the enterprise plan: no quota or rate limit gets in the way of the behaviour under test. */
let trader: string;
let daily: KlineColumns;
let btc4h: KlineColumns;
let chan: ChanResult;
let graphId: string;
const clients: Client[] = [];

const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, params, position: { x: 0, y: 0 } });
const edge = (id: string, source: string, target: string) => ({ id, source, target, sourceHandle: 'out', targetHandle: '$trigger' });
const doubler = {
  inputSchema: { type: 'object', properties: { n: { type: 'number', description: 'The number to double' } }, required: ['n'] },
  outputs: { doubled: 'nodes.double.out' },
  nodes: [node('start', 'trigger.manual'), node('double', 'data.transform', { expression: 'input.n * 2' })],
  edges: [edge('e1', 'start', 'double')],
};

async function keyOnPlan(plan: 'free' | 'enterprise'): Promise<string> {
  const key = await createTestKey('trader');
  const row = await db().apiKey.findUniqueOrThrow({ where: { hash: hashApiKey(key) } });
  await db().user.update({ where: { id: row.userId }, data: { plan } });
  return key;
}

async function httpClient(key: string): Promise<Client> {
  const client = new Client({ name: 'lurus-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${api.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
  clients.push(client);
  return client;
}

/** The stdio server as an MCP host runs it: its own process, configured by environment only. */
async function stdioClient(key: string): Promise<Client> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  const transport = new StdioClientTransport({
    command: 'npx',
    args: ['tsx', 'scripts/mcp-stdio.ts'],
    cwd: repoRoot,
    env: { ...env, LURUS_API_KEY: key, DATABASE_URL: process.env.DATABASE_URL!, TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS! },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'lurus-test', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return client;
}

/** tools/call as sent on the wire: the SDK client's callTool would check an error's structured content against the success schema. */
async function rawCall(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return client.request({ method: 'tools/call', params: { name, arguments: args } }, CallToolResultSchema);
}

async function call(client: Client, name: string, args: Record<string, unknown>) {
  const res = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = res.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
  return { ...res, text, data: res.structuredContent as any };
}

beforeAll(async () => {
  worker = await startWorker();
  api = await startApi();
  trader = await keyOnPlan('enterprise');
  for (const [file, symbol] of [['ashare/000001.SH_D.csv'], ['crypto/BTC-USDT_4h_jesse.csv', BTC]]) {
    const body = { source: { type: 'path', path: path.join(repoRoot, '..', 'shared', 'data', file!) }, ...(symbol ? { symbol } : {}) };
    const imported = await api.request('POST', '/api/imports', { key: trader, body });
    expect(imported.status, imported.text).toBe(202);
    expect((await waitForRun(api, trader, imported.body.workflowId)).status).toBe('COMPLETED');
  }
  btc4h = (await loadBacktestBars(db(), BTC, '4h', {})).bars;
  daily = (await loadBacktestBars(db(), SYMBOL, '1d', {})).bars;
  chan = analyzeChan(daily);

  const created = await api.request('POST', '/api/graphs', { key: trader, body: { name: 'MCP Doubler', description: 'Doubles a number', graph: doubler } });
  expect(created.status, created.text).toBe(201);
  graphId = created.body.id;
  const published = await api.request('POST', `/api/graphs/${graphId}/publish`, { key: trader });
  expect(published.status, published.text).toBe(200);
  expect(published.body.publishedAt).toEqual(expect.any(String));
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await api?.app.close();
  await worker?.stop();
});

function byName<T extends { name: string }>(tools: T[], name: string): T {
  const tool = tools.find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  return tool;
}

describe.each(['http', 'stdio'] as const)('MCP over %s', (transport) => {
  let client: Client;
  beforeAll(async () => {
    client = transport === 'http' ? await httpClient(trader) : await stdioClient(trader);
  });

  it('lists every tool with an input and an output schema, and the published graph as its own tool', async () => {
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    for (const name of [...FIXED_TOOLS, 'graph_mcp_doubler']) {
      const tool = byName.get(name);
      expect(tool, name).toBeDefined();
      expect(tool!.inputSchema.type).toBe('object');
      expect(tool!.outputSchema?.type, name).toBe('object');
    }
    expect(byName.get('get_klines')!.inputSchema.required).toEqual(expect.arrayContaining(['symbol', 'timeframe']));
    expect(byName.get('backtest_strategy')!.inputSchema.properties).toHaveProperty('strategy');
    const graphTool = byName.get('graph_mcp_doubler')!;
    expect(graphTool.inputSchema.properties).toEqual({ n: expect.objectContaining({ type: 'number' }) });
    expect(graphTool.inputSchema.required).toEqual(['n']);
  });

  it('spells every schema portably: one type per schema, no empty schema, values such as defaults untouched', async () => {
    const { tools } = await client.listTools();
    const unportable: string[] = [];
    const walk = (schema: unknown, at: string): void => {
      if (typeof schema !== 'object' || schema === null) {
        if (at.endsWith('.additionalProperties') && typeof schema === 'boolean') return;
        unportable.push(`${at}: ${JSON.stringify(schema)}`);
        return;
      }
      const s = schema as Record<string, unknown>;
      if (Object.keys(s).length === 0) unportable.push(`${at}: {}`);
      if (Array.isArray(s.type)) unportable.push(`${at}.type: ${JSON.stringify(s.type)}`);
      for (const key of ['items', 'additionalProperties', 'not']) if (key in s) walk(s[key], `${at}.${key}`);
      for (const key of ['anyOf', 'oneOf', 'allOf']) (s[key] as unknown[] | undefined)?.forEach((b, i) => walk(b, `${at}.${key}[${i}]`));
      for (const [name, sub] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) walk(sub, `${at}.properties.${name}`);
    };
    for (const t of tools) {
      walk(t.inputSchema, `${t.name}.inputSchema`);
      if (t.outputSchema) walk(t.outputSchema, `${t.name}.outputSchema`);
    }
    expect(unportable).toEqual([]);
    // A nullable field became anyOf [string, null].
    const lastTime = (byName(tools, 'query_buy_sell_points').outputSchema!.properties as Record<string, { anyOf: unknown[] }>).lastTime!;
    expect(lastTime.anyOf).toEqual([{ type: 'string' }, { type: 'null' }]);
    // `default: {}` is a value, not a schema: it stays as it is.
    expect((byName(tools, 'backtest_strategy').inputSchema.properties as Record<string, { default?: unknown }>).config!.default).toEqual({});
  });

  it('get_klines returns the stored bars, the last ones of the span, and resamples a timeframe that is not stored', async () => {
    const res = await call(client, 'get_klines', { symbol: SYMBOL, timeframe: '1d', limit: 3 });
    expect(res.isError).toBeFalsy();
    const n = daily.timeMs.length;
    expect(res.data.total).toBe(n);
    expect(res.data.truncated).toBe(true);
    expect(res.data.bars).toEqual([n - 3, n - 2, n - 1].map((i) => ({
      time: new Date(daily.timeMs[i]!).toISOString(), timeMs: daily.timeMs[i], open: daily.open[i], high: daily.high[i], low: daily.low[i], close: daily.close[i], volume: daily.volume[i],
    })));
    expect(res.text).toContain(`last close ${daily.close[n - 1]}`);

    const btcDaily = await call(client, 'get_klines', { symbol: BTC, timeframe: '1d', limit: 5000 });
    const expected = resampleBars(btc4h, '1d', { alignment: 'utc-open', partial: 'drop' }).bars;
    expect(btcDaily.data.resampledFrom).toBe('4h');
    expect(btcDaily.data.total).toBe(expected.timeMs.length);
    expect(btcDaily.data.total).toBeGreaterThan(30);
    expect(btcDaily.data.bars.map((b: { timeMs: number; high: string; close: string }) => [b.timeMs, b.high, b.close])).toEqual(Array.from(expected.timeMs, (t, i) => [t, expected.high[i], expected.close[i]]));
  });

  it('analyze_structure agrees with analyzeChan run directly on the same bars', async () => {
    const res = await call(client, 'analyze_structure', { symbol: SYMBOL, timeframe: '1d', lastN: 4 });
    expect(res.isError, res.text).toBeFalsy();
    const buys = chan.points.filter((p) => p.side === 'buy').length;
    expect(res.data.counts).toEqual({
      fractals: chan.fractals.length, strokes: chan.strokes.length, segments: chan.segments.length, strokeCenters: chan.strokeCenters.length,
      segmentCenters: chan.segmentCenters.length, points: chan.points.length, buyPoints: buys, sellPoints: chan.points.length - buys,
    });
    expect(chan.strokes.length).toBeGreaterThan(100);
    expect(res.data.lastStrokes).toEqual(chan.strokes.slice(-4).map((s) => ({ index: s.index, direction: s.direction, start: s.start, end: s.end, high: s.high, low: s.low, confirmed: s.confirmed })));
    expect(res.data.lastSegments.map((s: { index: number; end: unknown }) => [s.index, s.end])).toEqual(chan.segments.slice(-4).map((s) => [s.index, s.end]));
    expect(res.data.lastCenters.map((c: { zg: string; zd: string }) => [c.zg, c.zd])).toEqual(chan.strokeCenters.slice(-4).map((c) => [c.zg, c.zd]));
    expect(res.text).toContain(`${chan.strokes.length} strokes`);
  });

  it('query_buy_sell_points filters the points of the whole analysis by type, confirmation and time', async () => {
    const since = '2015-01-01T00:00:00Z';
    const res = await call(client, 'query_buy_sell_points', { symbol: SYMBOL, timeframe: '1d', types: ['1', '2', '3b'], confirmedOnly: true, since, limit: 1000 });
    expect(res.isError, res.text).toBeFalsy();
    const expected = chan.points.filter((p) => ['1', '2', '3b'].includes(p.type) && p.confirmed && p.timeMs >= Date.parse(since));
    expect(expected.length).toBeGreaterThan(0);
    expect(res.data.total).toBe(chan.points.length);
    expect(res.data.matched).toBe(expected.length);
    expect(res.data.points.map((p: { type: string; side: string; timeMs: number; price: string }) => [p.type, p.side, p.timeMs, p.price])).toEqual(
      expected.map((p) => [p.type, p.side, p.timeMs, p.price]),
    );
  });

  it('refuses a bad argument with a tool error naming the field', async () => {
    const badTimeframe = await rawCall(client, 'get_klines', { symbol: SYMBOL, timeframe: '7m' });
    expect(badTimeframe.isError).toBe(true);
    expect(JSON.stringify(badTimeframe.content)).toContain('timeframe');
    const badInput = await rawCall(client, 'graph_mcp_doubler', { n: 'twelve' });
    expect(badInput.isError).toBe(true);
    expect(JSON.stringify(badInput.content)).toMatch(/\bn\b/);
    const noWeekly = await rawCall(client, 'get_klines', { symbol: SYMBOL, timeframe: '1w' });
    expect(noWeekly.isError).toBe(true);
    expect(JSON.stringify(noWeekly.content)).toContain('resample');
    const noBars = await rawCall(client, 'get_klines', { symbol: 'NOPE.SZ', timeframe: '1d' });
    expect(noBars.isError).toBe(true);
    expect(JSON.stringify(noBars.content)).toContain('no bars stored for NOPE.SZ');
  });

  it('start_workflow runs a saved graph and get_workflow_run follows it to its result', async () => {
    const started = await call(client, 'start_workflow', { graphId, input: { n: 5 } });
    expect(started.isError, started.text).toBeFalsy();
    expect(started.data).toMatchObject({ workflowId: expect.stringMatching(new RegExp(`^graph-${graphId}-`)), version: 1 });
    const done = await waitFor('the graph run to complete', async () => {
      const r = await call(client, 'get_workflow_run', { workflowId: started.data.workflowId });
      return r.data.status === 'RUNNING' ? undefined : r;
    });
    expect(done.data.status).toBe('COMPLETED');
    expect(done.data.result.outputs).toEqual({ doubled: 10 });
    expect(done.data.graph).toEqual({ graphId, version: 1 });

    const bad = await rawCall(client, 'start_workflow', { graphId, input: { n: 'x' } });
    expect(bad.isError).toBe(true);
    expect(JSON.stringify(bad.content)).toContain('input.n');
  });

  it('runs the published graph as its own tool and returns its outputs', async () => {
    const res = await call(client, 'graph_mcp_doubler', { n: 21 });
    expect(res.isError, res.text).toBeFalsy();
    expect(res.data).toMatchObject({ graphId, version: 1, status: 'COMPLETED', outputs: { doubled: 42 } });
  });
});

describe('MCP over HTTP: authentication, sessions and the published list', () => {
  it('refuses a request without a valid API key with 401 and a Bearer challenge', async () => {
    const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } };
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const none = await fetch(`${api.url}/mcp`, { method: 'POST', headers, body: JSON.stringify(init) });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await fetch(`${api.url}/mcp`, { method: 'POST', headers: { ...headers, authorization: 'Bearer lf_not-a-key' }, body: JSON.stringify(init) });
    expect(wrong.status).toBe(401);
    await expect(httpClient('lf_not-a-key')).rejects.toThrow(/401|Unauthorized|Invalid or revoked/);
  });

  it('answers GET and DELETE with 405: the endpoint is stateless', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(`${api.url}/mcp`, { method, headers: { authorization: `Bearer ${trader}`, accept: 'text/event-stream' } });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
    }
  });

  it('drops an unpublished graph from the next tools/list', async () => {
    const client = await httpClient(trader);
    const off = await api.request('DELETE', `/api/graphs/${graphId}/publish`, { key: trader });
    expect(off.body).toEqual({ id: graphId, publishedAt: null });
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('graph_mcp_doubler');
    } finally {
      await api.request('POST', `/api/graphs/${graphId}/publish`, { key: trader });
    }
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('graph_mcp_doubler');
  });

  it('backtest_strategy starts the backtest workflow and returns its summary', async () => {
    const client = await httpClient(trader);
    const res = await call(client, 'backtest_strategy', { symbol: SYMBOL, timeframe: '1d', strategy: { kind: 'builtin', id: 'ma-cross', params: { fast: 5, slow: 20 } }, waitSeconds: 50 });
    expect(res.isError, res.text).toBeFalsy();
    expect(res.data.status).toBe('COMPLETED');
    expect(res.data.summary).toMatchObject({ symbol: SYMBOL, timeframe: '1d', bars: daily.timeMs.length });
    expect(res.data.summary.trades).toBeGreaterThan(0);
    const stored = await db().backtest.findUniqueOrThrow({ where: { id: res.data.summary.backtestId } });
    expect(stored.workflowId).toBe(res.data.workflowId);
  });

  it('subscribe_alert and list_alerts keep the caller\'s subscriptions', async () => {
    const client = await httpClient(trader);
    const sub = await call(client, 'subscribe_alert', { name: 'index buys', symbols: [SYMBOL], timeframe: '1d', pointTypes: ['1', '2'], side: 'buy' });
    expect(sub.isError, sub.text).toBeFalsy();
    expect(sub.data.subscription).toMatchObject({ name: 'index buys', symbols: [SYMBOL], pointTypes: ['1', '2'], side: 'buy', active: true });
    const listed = await call(client, 'list_alerts', {});
    expect(listed.data.subscriptions.map((s: { id: string }) => s.id)).toContain(sub.data.subscription.id);
    const other = await httpClient(await keyOnPlan('enterprise'));
    expect((await call(other, 'list_alerts', {})).data.subscriptions).toEqual([]);
  });
});

describe('MCP access', () => {
  it('refuses a viewer the tools that start work, as the REST routes do', async () => {
    const viewer = await httpClient(await createTestKey('viewer'));
    const refused = await rawCall(viewer, 'start_workflow', { graphId, input: { n: 1 } });
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain('start_workflow needs the trader role');
    expect((await rawCall(viewer, 'get_klines', { symbol: SYMBOL, timeframe: '1d', limit: 1 })).isError).toBeFalsy();
  });

  it('a stdio session stops serving a key revoked after it started', async () => {
    const key = await keyOnPlan('enterprise');
    const stdio = await stdioClient(key);
    expect((await rawCall(stdio, 'get_user_quota', {})).isError).toBeFalsy();
    await db().apiKey.update({ where: { hash: hashApiKey(key) }, data: { revokedAt: new Date() } });
    const after = await rawCall(stdio, 'get_user_quota', {});
    expect(after.isError).toBe(true);
    expect(JSON.stringify(after.content)).toContain('LURUS_API_KEY has been revoked');
  });
});

describe('MCP quotas', () => {
  it('the fourth buy/sell-point query of a free plan month is refused with the structured quota error, on either transport', async () => {
    const free = await keyOnPlan('free');
    const [http, stdio] = [await httpClient(free), await stdioClient(free)];
    const args = { symbol: SYMBOL, timeframe: '1d', types: ['1'] };
    // One counter per user: calls over both transports draw on it.
    for (const c of [http, stdio, http]) expect((await rawCall(c, 'query_buy_sell_points', args)).isError).toBeFalsy();
    for (const c of [http, stdio]) {
      const refused = await rawCall(c, 'query_buy_sell_points', args);
      expect(refused.isError).toBe(true);
      expect(refused.structuredContent).toEqual({ error: 'quota_exceeded', tool: 'query_buy_sell_points', used: 3, limit: 3, period: 'month' });
      expect(JSON.stringify(refused.content)).toContain('query_buy_sell_points quota exhausted: 3 of 3');
    }
    const quota = await call(http, 'get_user_quota', {});
    expect(quota.data.plan).toBe('free');
    expect(quota.data.tools).toContainEqual(expect.objectContaining({ tool: 'query_buy_sell_points', used: 3, limit: 3, period: 'month' }));
    // A free plan has no backtests: refused before anything starts.
    const backtest = await rawCall(http, 'backtest_strategy', { symbol: SYMBOL, timeframe: '1d', strategy: { kind: 'builtin', id: 'ma-cross' } });
    expect(backtest.structuredContent).toMatchObject({ error: 'quota_exceeded', tool: 'backtest_strategy', limit: 0 });
  });
});
