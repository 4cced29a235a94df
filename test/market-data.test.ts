import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import ccxt from 'ccxt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchBars, fetchBarsWith, loadBars, storeFetchedSpan, type FetchBarsInput, type FetchBarsSummary, type MarketDataSettings } from '../activities/market-data';
import { storeBars } from '../activities/bar-store';
import { db } from '../core/db';
import { repoRoot } from '../core/paths';
import { parseKlineCsv, type KlineColumns } from '../engines/klines';
import { startOkxServer, type OkxServer } from './servers/okx-server';

const MIN = 60_000;
const T0 = Date.parse('2023-01-15T06:43:00Z'); // first bar of the BTC 1m file; 300 bars to 11:42
const iso = (ms: number) => new Date(ms).toISOString();

function fileBars(file: string, symbol: string): KlineColumns {
  const parsed = parseKlineCsv(readFileSync(path.join(repoRoot, '..', 'shared', 'data', file), 'utf8'), { symbol });
  if (!parsed.ok) throw new Error(`${file} did not parse`);
  return parsed.bars;
}

async function storedRowCount(symbol: string, timeframe: string): Promise<number> {
  const [row] = await db().$queryRawUnsafe<{ n: bigint }[]>('SELECT count(*) AS n FROM bars WHERE symbol = $1 AND timeframe = $2', symbol, timeframe);
  return Number(row?.n);
}

let server: OkxServer;
let settings: MarketDataSettings;
let runs = 0;
/** A fresh activity key per call, as separate activities would have. */
const ctx = () => ({ activityKey: `test/${++runs}`, workflowId: 'market-data-test' });
const btc = (fromMs: number, toMs: number): FetchBarsInput => ({ symbol: 'BTC/USDT', timeframe: '1m', from: iso(fromMs), to: iso(toMs) });

beforeAll(async () => {
  server = await startOkxServer();
  // The activity entry point reads core/config; set it before anything loads the config.
  process.env.MARKET_DATA_BASE_URL = server.url;
  process.env.MARKET_DATA_RATE_LIMIT_MS = '50';
  process.env.MARKET_DATA_RETRY_BASE_MS = '100';
  settings = { defaultExchange: 'okx', baseUrl: server.url, rateLimitMs: 50, pageLimit: 100, retries: 3, retryBaseMs: 200, chunkBars: 10_000 };
});

afterAll(async () => {
  await server?.close();
});

beforeEach(async () => {
  await db().$executeRawUnsafe(`DELETE FROM market_data_ranges WHERE exchange = 'okx'`);
  await db().$executeRawUnsafe(`DELETE FROM bars WHERE symbol LIKE 'okx:%'`);
  await db().$executeRawUnsafe(`DELETE FROM bar_imports WHERE source = 'exchange:okx'`);
  server.clearRequests();
  server.clearFailures();
});

describe('fetchBars: DB first, then the exchange', () => {
  it('pages through the exchange and stores every bar exactly once, equal to the file', async () => {
    const from = Date.parse('2023-01-15T06:00:00Z');
    const to = Date.parse('2023-01-15T12:00:00Z');
    const summary = await fetchBarsWith(db(), btc(from, to), settings, ctx());
    // Windows of up to 100 minutes: 06:00 (57 bars), 07:40, 09:20 (100 each), 11:00 (43), then the empty 11:43–12:00.
    expect(summary).toMatchObject({ fromDb: 0, fetched: 300, stored: 300, pages: 5, from: iso(from), to: iso(to) });
    expect(summary.fetchedSpans).toEqual([{ from: iso(from), to: iso(to) }]);

    const candles = server.candleRequests();
    expect(candles.every((r) => r.path === '/api/v5/market/history-candles' && r.query.bar === '1m')).toBe(true);
    // The last windows shrink so that no request reaches past the range.
    expect(candles.map((r) => r.query.limit)).toEqual(['100', '100', '100', '60', '17']);
    expect(candles.map((r) => Number(r.query.before) + 1)).toEqual([from, from + 100 * MIN, from + 200 * MIN, from + 300 * MIN, T0 + 300 * MIN]);
    // ccxt's rate limiter (50 ms here) spaces the requests.
    for (let i = 1; i < candles.length; i++) expect(candles[i]!.at - candles[i - 1]!.at).toBeGreaterThanOrEqual(45);

    expect(await storedRowCount('okx:BTC/USDT', '1m')).toBe(300);
    const stored = await loadBars(db(), { exchange: 'okx', symbol: 'BTC/USDT', timeframe: '1m' }, { fromMs: from, toMs: to });
    const file = fileBars('crypto/BTC-USDT_1m_jesse.csv', 'BTC/USDT');
    expect(stored).toEqual({ ...file, timeMs: Array.from(file.timeMs) });
  });

  it('serves a repeated request from the database without a single exchange request', async () => {
    await fetchBarsWith(db(), btc(T0, T0 + 300 * MIN), settings, ctx());
    server.clearRequests();
    const again = await fetchBarsWith(db(), btc(T0, T0 + 300 * MIN), settings, ctx());
    expect(again).toMatchObject({ fromDb: 300, fetched: 0, stored: 0, pages: 0, fetchedSpans: [] });
    // Not even the market list: nothing is missing, so no client is needed.
    expect(server.requests).toEqual([]);
  });

  it('fetches only the missing part of a partly stored range', async () => {
    const first = await fetchBarsWith(db(), btc(T0, T0 + 120 * MIN), settings, ctx());
    expect(first).toMatchObject({ fetched: 120, stored: 120, pages: 2 });
    server.clearRequests();

    const wider = await fetchBarsWith(db(), btc(T0 - 60 * MIN, T0 + 300 * MIN), settings, ctx());
    expect(wider).toMatchObject({ fromDb: 120, fetched: 180, stored: 180 });
    expect(wider.fetchedSpans).toEqual([
      { from: iso(T0 - 60 * MIN), to: iso(T0) },
      { from: iso(T0 + 120 * MIN), to: iso(T0 + 300 * MIN) },
    ]);
    const asked = server.candleRequests().map((r) => [Number(r.query.before) + 1, Number(r.query.after)]);
    // Every request window lies in a missing span: none touches the 120 stored minutes.
    for (const [since, until] of asked) expect(since! >= T0 + 120 * MIN || until! <= T0).toBe(true);
    expect(await storedRowCount('okx:BTC/USDT', '1m')).toBe(300);
  });

  it('records a gap the exchange really has, so it is not fetched again', async () => {
    const gappy = await startOkxServer();
    try {
      gappy.removeBars('BTC-USDT', '1m', T0 + 100 * MIN, 150); // longer than a whole 100-bar window
      const s = { ...settings, baseUrl: gappy.url };
      const first = await fetchBarsWith(db(), btc(T0, T0 + 300 * MIN), s, ctx());
      expect(first).toMatchObject({ fetched: 150, stored: 150 });
      gappy.clearRequests();
      const again = await fetchBarsWith(db(), btc(T0, T0 + 300 * MIN), s, ctx());
      expect(again).toMatchObject({ fromDb: 150, fetched: 0, pages: 0 });
      expect(gappy.requests).toEqual([]);
      const imports = await db().barImport.findMany({ where: { source: 'exchange:okx' } });
      expect(imports.map((i) => (i.stats as { gaps: { largest: unknown[] } }).gaps.largest)).toEqual([
        [{ from: iso(T0 + 99 * MIN), to: iso(T0 + 250 * MIN), missingBars: 150, message: `no bars from ${iso(T0 + 99 * MIN)} to ${iso(T0 + 250 * MIN)}, 150 bars missing at the expected 1m step` }],
      ]);
    } finally {
      await gappy.close();
    }
  });

  it('never stores the bar that is still forming', async () => {
    const now = T0 + 200 * MIN + 30_000; // half-way through the 201st minute
    const summary = await fetchBarsWith(db(), btc(T0, T0 + 300 * MIN), settings, { ...ctx(), now: () => now });
    expect(summary).toMatchObject({ to: iso(T0 + 200 * MIN), fetched: 200 });
  });
});

describe('fetchBars: exchange failures', () => {
  it('backs off after HTTP 429 (OKX 50011) and then succeeds', async () => {
    server.failNext(2, { kind: 'rate-limit' });
    const summary = await fetchBarsWith(db(), btc(T0, T0 + 100 * MIN), settings, ctx());
    expect(summary).toMatchObject({ fetched: 100, stored: 100, pages: 1 });
    const candles = server.candleRequests();
    expect(candles.map((r) => r.status)).toEqual([429, 429, 200]);
    // Exponential backoff from retryBaseMs = 200: at least 200 ms, then 400 ms, between attempts.
    expect(candles[1]!.at - candles[0]!.at).toBeGreaterThanOrEqual(195);
    expect(candles[2]!.at - candles[1]!.at).toBeGreaterThanOrEqual(395);
  });

  it('retries a 5xx, and after the configured retries fails with the network error, recording nothing', async () => {
    server.failNext(1, { kind: 'server-error', status: 502 });
    await expect(fetchBarsWith(db(), btc(T0, T0 + 50 * MIN), settings, ctx())).resolves.toMatchObject({ fetched: 50 });
    server.clearRequests();

    server.failNext(10, { kind: 'server-error' });
    const failing = fetchBarsWith(db(), btc(T0 + 50 * MIN, T0 + 100 * MIN), { ...settings, retryBaseMs: 10 }, ctx());
    await expect(failing).rejects.toBeInstanceOf(ccxt.ExchangeNotAvailable);
    expect(server.candleRequests().map((r) => r.status)).toEqual([503, 503, 503, 503]); // 1 + 3 retries
    expect(await db().marketDataRange.count({ where: { exchange: 'okx', fromTime: new Date(T0 + 50 * MIN) } })).toBe(0);
  });

  it('reports an unknown symbol as a clear non-retryable failure without asking for candles', async () => {
    const env = new MockActivityEnvironment({ activityId: 'bad-symbol' });
    const input: FetchBarsInput = { symbol: 'DOGE/USDT', timeframe: '1m', from: iso(T0), to: iso(T0 + 10 * MIN) };
    const run = env.run(fetchBars, input);
    const err = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'BadSymbol', nonRetryable: true });
    expect((err as Error).message).toMatch(/okx does not have market symbol DOGE\/USDT/);
    expect(server.candleRequests()).toEqual([]);
  });

  it('rejects malformed input naming the field', async () => {
    const env = new MockActivityEnvironment();
    const input: FetchBarsInput = { symbol: 'BTC/USDT', timeframe: '1m', from: 'yesterday', to: iso(T0) };
    const err = await env.run(fetchBars, input).catch((e: unknown) => e);
    expect(err).toMatchObject({ type: 'InvalidMarketDataRequest', nonRetryable: true });
    expect((err as Error).message).toMatch(/from:/);
  });
});

describe('fetchBars as an activity', () => {
  it('heartbeats its progress and a retried attempt finds everything stored', async () => {
    const info = { activityId: 'eth-daily', workflowExecution: { workflowId: 'wf-market', runId: 'run-1' } };
    const beats: { phase: string; pages: number }[] = [];
    const env = new MockActivityEnvironment(info);
    env.on('heartbeat', (d: { phase: string; pages: number }) => beats.push(d));
    const input: FetchBarsInput = { symbol: 'ETH/USDT', timeframe: '1d', from: '2019-07-01T00:00:00Z', to: '2020-04-01T00:00:00Z' };
    const summary = (await env.run(fetchBars, input)) as FetchBarsSummary;
    const eth = fileBars('crypto/ETH-USDT_1d_jesse.csv', 'ETH/USDT');
    expect(summary).toMatchObject({ fetched: 239, stored: 239, fromDb: 0 });
    expect(server.candleRequests().every((r) => r.query.bar === '1Dutc')).toBe(true);
    expect(beats.filter((b) => b.phase === 'fetching').map((b) => b.pages)).toEqual(Array.from({ length: summary.pages }, (_, i) => i + 1));
    expect(beats.at(-1)?.phase).toBe('storing');
    const stored = await loadBars(db(), { exchange: 'okx', symbol: 'ETH/USDT', timeframe: '1d' }, { fromMs: Date.parse(input.from), toMs: Date.parse(input.to) });
    expect(stored).toEqual({ ...eth, timeMs: Array.from(eth.timeMs) });

    // Temporal retries an activity with the same activity id: the database answers.
    server.clearRequests();
    const retried = await new MockActivityEnvironment(info).run(fetchBars, input);
    expect(retried).toMatchObject({ fromDb: 239, fetched: 0, stored: 0 });
    expect(server.requests).toEqual([]);
    expect(await storedRowCount('okx:ETH/USDT', '1d')).toBe(239);
  });
});

describe('fetchBars after a crash', () => {
  it('resumes where the stored chunks end when the attempt died half-way', async () => {
    const small = { ...settings, chunkBars: 100, retries: 0 };
    const key = { activityKey: 'wf-resume/fetch-1', workflowId: 'wf-resume' };
    // The exchange goes away after two pages: the first chunk (100 bars) is stored, the second is lost.
    server.failNext(5, { kind: 'server-error' }, { afterRequests: 2 });
    await expect(fetchBarsWith(db(), btc(T0, T0 + 300 * MIN), { ...small, pageLimit: 50 }, key)).rejects.toBeInstanceOf(ccxt.ExchangeNotAvailable);
    expect(await storedRowCount('okx:BTC/USDT', '1m')).toBe(100);
    server.clearFailures();
    server.clearRequests();

    // Temporal retries the activity under the same key.
    const retry = await fetchBarsWith(db(), btc(T0, T0 + 300 * MIN), { ...small, pageLimit: 50 }, key);
    expect(retry).toMatchObject({ fromDb: 100, fetched: 200, stored: 200 });
    expect(Number(server.candleRequests()[0]!.query.before) + 1).toBe(T0 + 100 * MIN);
    expect(await storedRowCount('okx:BTC/USDT', '1m')).toBe(300);
    const spans = await db().marketDataRange.findMany({ where: { exchange: 'okx', symbol: 'BTC/USDT' }, orderBy: { fromTime: 'asc' } });
    expect(spans.map((r) => [iso(r.fromTime.getTime()), r.bars])).toEqual([
      [iso(T0), 100],
      [iso(T0 + 100 * MIN), 100],
      [iso(T0 + 200 * MIN), 100],
    ]);
  });
});

describe('storeFetchedSpan', () => {
  const bars = (b: KlineColumns) =>
    Array.from(b.timeMs, (t, i) => ({ timeMs: t, open: b.open[i]!, high: b.high[i]!, low: b.low[i]!, close: b.close[i]!, volume: b.volume[i]! }));
  const btc4h = fileBars('crypto/BTC-USDT_4h_jesse.csv', 'BTC/USDT');
  const span = { fromMs: btc4h.timeMs[0]!, toMs: btc4h.timeMs[btc4h.timeMs.length - 1]! + 4 * 3_600_000 };
  const input = { exchange: 'okx', symbol: 'BTC/USDT', timeframe: '4h' as const, ...span, bars: bars(btc4h), workflowId: 'wf-crash' };

  it('stores once when the same activity key stores twice (retry after a crash)', async () => {
    const first = await storeFetchedSpan(db(), { ...input, activityKey: 'wf-crash/1/span' });
    const second = await storeFetchedSpan(db(), { ...input, activityKey: 'wf-crash/1/span' });
    expect(first).toEqual({ inserted: 209, updated: 0, alreadyStored: false });
    expect(second).toEqual({ inserted: 0, updated: 0, alreadyStored: true });
    expect(await storedRowCount('okx:BTC/USDT', '4h')).toBe(209);
    expect(await db().marketDataRange.count({ where: { activityKey: 'wf-crash/1/span' } })).toBe(1);
    expect(await db().barImport.count({ where: { activityKey: 'wf-crash/1/span' } })).toBe(1);
  });

  it('records the span when a crash came after the bars were committed, without storing them again', async () => {
    // The first attempt's bar transaction committed, then the worker died before the span was recorded.
    await storeBars(db(), { ...btc4h, symbol: 'okx:BTC/USDT' }, {
      activityKey: 'wf-crash/2/span',
      workflowId: 'wf-crash',
      source: 'exchange:okx',
      buildStats: (c) => ({ symbol: 'okx:BTC/USDT', timeframe: '4h', timezone: 'UTC', rows: 209, ...c, firstTime: null, lastTime: null, gaps: { count: 0, sessionBreaksIgnored: 0, possibleHolidays: 0, largest: [] }, durationMs: 0, source: 'exchange:okx' }),
    });
    const retry = await storeFetchedSpan(db(), { ...input, activityKey: 'wf-crash/2/span' });
    expect(retry).toEqual({ inserted: 0, updated: 0, alreadyStored: true });
    expect(await storedRowCount('okx:BTC/USDT', '4h')).toBe(209);
    const summary = await fetchBarsWith(db(), { symbol: 'BTC/USDT', timeframe: '4h', from: iso(span.fromMs), to: iso(span.toMs) }, settings, ctx());
    expect(summary).toMatchObject({ fromDb: 209, pages: 0 });
  });

  it('a different key over the same bars updates rows instead of duplicating them', async () => {
    await storeFetchedSpan(db(), { ...input, activityKey: 'wf-a/span' });
    const other = await storeFetchedSpan(db(), { ...input, activityKey: 'wf-b/span' });
    expect(other).toEqual({ inserted: 0, updated: 209, alreadyStored: false });
    expect(await storedRowCount('okx:BTC/USDT', '4h')).toBe(209);
  });
});
