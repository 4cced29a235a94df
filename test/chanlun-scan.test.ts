import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBacktestBars } from '../activities/backtest/bars';
import { MockActivityEnvironment } from '@temporalio/testing';
import { chanScan, summarizeAnalysis } from '../activities/chanlun';
import { analyzeStructureInputSchema, type ChanScanResult } from '../core/contracts/chanlun';
import { db } from '../core/db';
import { repoRoot } from '../core/paths';
import { analyzeChan, analyzeLevels, type BuySellPoint, type ChanResult } from '../engines/chanlun';
import { decodeKlineSource, parseKlineCsv } from '../engines/klines';
import { createTestKey, startApi, startWorker, waitForRun, type RunningApi, type RunningWorker } from './helpers';

// The ChanLun scan on the real dev server over the imported SSE Composite daily file: REST structure and points, the
// analyze node, and the "ChanLun scan" template end to end, checked against analyzeChan on the very bars stored.

const INDEX = '000001.SH';
const WITHIN = 400;

let api: RunningApi;
let worker: RunningWorker;
let trader: string;
let userId: string;
let daily: ChanResult;
let dailyBars: number;

async function runToEnd(workflowId: string) {
  const run = await waitForRun(api, trader, workflowId, 180_000);
  if (run.status !== 'COMPLETED') throw new Error(`${workflowId} ${run.status}: ${JSON.stringify(run.failure)}`);
  return run;
}

const nodeOf = (run: { nodes: { nodeId: string; output: any; status: string }[] }, id: string) => run.nodes.find((n) => n.nodeId === id)!;
const pointKey = (p: { type: string; side: string; timeMs: number; price: string }) => `${p.type}:${p.side}:${p.timeMs}:${p.price}`;

beforeAll(async () => {
  worker = await startWorker();
  api = await startApi();
  trader = await createTestKey('trader');
  const me = await api.request('GET', '/api/auth/whoami', { key: trader });
  userId = me.body.user.id;
  // Quotas are another part's subject: the free plan's per-key rate would only slow this file's polling down.
  await db().user.update({ where: { id: userId }, data: { plan: 'enterprise' } });
  const res = await api.request('POST', '/api/imports', { key: trader, body: { source: { type: 'path', path: '../shared/data/ashare/000001.SH_D.csv' } } });
  expect(res.status).toBe(202);
  await runToEnd(res.body.workflowId);
  // The reference: the engine on the same stored bars the activities read.
  const { bars } = await loadBacktestBars(db(), INDEX, '1d', {});
  dailyBars = bars.timeMs.length;
  daily = analyzeChan(bars);
});
afterAll(async () => {
  await api?.app.close();
  await worker?.stop();
});

describe('ChanLun REST', () => {
  it('serves the whole structure of the stored bars, as analyzeChan finds it, prices as decimal strings', async () => {
    expect(dailyBars).toBe(3332);
    const res = await api.request('GET', `/api/chanlun/${INDEX}?timeframe=1d`, { key: trader });
    expect(res.status, res.text).toBe(200);
    const b = res.body;
    expect(b).toMatchObject({ symbol: INDEX, timeframe: '1d', bars: 3332, truncated: false, firstTime: '2006-11-06T07:00:00.000Z' });
    expect(b.fractals).toHaveLength(daily.fractals.length);
    expect(b.strokes.map((s: { end: unknown }) => s.end)).toEqual(daily.strokes.map((s) => s.end));
    expect(b.segments).toHaveLength(daily.segments.length);
    expect(b.strokeCenters.map((c: { zg: string; zd: string }) => [c.zg, c.zd])).toEqual(daily.strokeCenters.map((c) => [c.zg, c.zd]));
    expect(b.points.map(pointKey)).toEqual(daily.points.map(pointKey));
    for (const p of b.points) expect(p.price).toMatch(/^\d+(\.\d+)?$/);
  });

  it('filters points by type, side and confirmation', async () => {
    const res = await api.request('GET', `/api/chanlun/${INDEX}/points?timeframe=1d&types=1,2&side=buy&confirmedOnly=true`, { key: trader });
    expect(res.status, res.text).toBe(200);
    const expected = daily.points.filter((p) => ['1', '2'].includes(p.type) && p.side === 'buy' && p.confirmed);
    expect(expected.length).toBeGreaterThan(0);
    expect(res.body.points.map(pointKey)).toEqual(expected.map(pointKey));
    expect(res.body.points[0]).toMatchObject({ symbol: INDEX, timeframe: '1d', barsAgo: dailyBars - 1 - expected[0]!.bar });
  });

  it('names the bad field, and answers 404 for a symbol without bars', async () => {
    const bad = await api.request('GET', `/api/chanlun/${INDEX}?timeframe=1d&levels=5m,2x`, { key: trader });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('levels.1');
    const coarser = await api.request('GET', `/api/chanlun/${INDEX}?timeframe=1d&levels=1w`, { key: trader });
    expect(coarser.status).toBe(400);
    expect(coarser.body.issues[0].path).toBe('levels.0');
    const types = await api.request('GET', `/api/chanlun/${INDEX}/points?types=1,4`, { key: trader });
    expect(types.status).toBe(400);
    expect(types.body.issues[0].path).toBe('types.1');
    const weekly = await api.request('GET', `/api/chanlun/${INDEX}?timeframe=1w`, { key: trader });
    expect(weekly.status).toBe(400);
    expect(weekly.body.issues[0]).toMatchObject({ path: 'timeframe', message: expect.stringMatching(/weekly bars are not supported|intraday/) });
    const missing = await api.request('GET', '/api/chanlun/NOPE.SH', { key: trader });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toMatch(/no bars stored for NOPE.SH/);
  });
});

describe('ChanLun nodes and the scan template', () => {
  it('scans the universe, alerts the owner and a fitting subscription, and never alerts twice on a re-run', async () => {
    const sub = await api.request('POST', '/api/alerts/subscriptions', {
      key: trader,
      body: { name: 'index type 1 and 2 buys', symbols: [INDEX], timeframe: '1d', pointTypes: ['1', '2'], side: 'buy' },
    });
    expect(sub.status, sub.text).toBe(201);

    const made = await api.request('POST', '/api/templates/chanlun-scan/instantiate', { key: trader, body: { name: 'daily scan' } });
    expect(made.status, made.text).toBe(201);
    const input = { symbols: [INDEX, 'NOPE.SH'], withinBars: WITHIN };
    const first = await runToEnd((await api.request('POST', `/api/graphs/${made.body.id}/runs`, { key: trader, body: { input } })).body.workflowId);

    const expected = daily.points.filter((p) => p.side === 'buy' && dailyBars - 1 - p.bar < WITHIN);
    expect(expected.length).toBeGreaterThan(2);
    const scan = nodeOf(first, 'scan').output;
    expect(scan).toMatchObject({ scanned: 1, matched: expected.length, symbols: [INDEX], missing: [{ symbol: 'NOPE.SH' }] });
    expect(scan.matches.map(pointKey)).toEqual(expected.map(pointKey));
    expect(first.result.outputs.matched).toBe(expected.length);

    const forSub = expected.filter((p: BuySellPoint) => ['1', '2'].includes(p.type));
    expect(forSub.length).toBeGreaterThan(0);
    // Other test files may hold subscriptions on the same symbol (one database per test run): count ours, at least.
    const notified = nodeOf(first, 'notify').output;
    expect(notified).toMatchObject({ ownerId: userId });
    expect(notified.subscriptions).toBeGreaterThanOrEqual(1);
    expect(notified.recorded).toBeGreaterThanOrEqual(expected.length + forSub.length);
    expect(nodeOf(first, 'log').output.message).toMatch(new RegExp(`^${expected.length} buy points`));

    const alerts = await api.request('GET', '/api/alerts?limit=500', { key: trader });
    expect(alerts.status).toBe(200);
    expect(alerts.body.alerts).toHaveLength(expected.length + forSub.length);
    const fromSub = alerts.body.alerts.filter((a: { subscriptionId: string | null }) => a.subscriptionId === sub.body.id);
    expect(fromSub.map((a: { payload: { timeMs: number } }) => a.payload.timeMs).sort()).toEqual(forSub.map((p) => p.timeMs).sort());
    expect(alerts.body.alerts[0].source).toBe(first.workflowId);

    const again = await runToEnd((await api.request('POST', `/api/graphs/${made.body.id}/runs`, { key: trader, body: { input } })).body.workflowId);
    expect(nodeOf(again, 'scan').output.matched).toBe(expected.length);
    expect(nodeOf(again, 'notify').output).toMatchObject({ offered: notified.offered, recorded: 0 });
    expect(await db().alertEvent.count({ where: { userId } })).toBe(expected.length + forSub.length);
  });

  it('scan heartbeats once per symbol, and a retry resumes after the last symbol reported', async () => {
    const params = { symbols: [INDEX, 'NOPE.SH'], timeframe: '1d' as const, withinBars: WITHIN };
    const beats: unknown[] = [];
    const env = new MockActivityEnvironment();
    env.on('heartbeat', (d: unknown) => beats.push(d));
    const full: ChanScanResult = await env.run(chanScan, params);
    expect(beats).toHaveLength(2);
    expect(beats[0]).toMatchObject({ symbolsDone: 1, symbolsTotal: 2, matched: full.matched });

    // A second attempt that finds the first symbol done analyses only the second, and keeps the first one's matches.
    const retryBeats: unknown[] = [];
    const retry = new MockActivityEnvironment({ attempt: 2, heartbeatDetails: beats[0] });
    retry.on('heartbeat', (d: unknown) => retryBeats.push(d));
    expect(await retry.run(chanScan, params)).toEqual(full);
    expect(retryBeats).toHaveLength(1);
    expect(retryBeats[0]).toMatchObject({ symbolsDone: 2 });
  });

  it('takes the quiet branch when no buy point is recent enough', async () => {
    const made = await api.request('POST', '/api/templates/chanlun-scan/instantiate', { key: trader, body: { name: 'quiet scan' } });
    const lastBuy = [...daily.points].reverse().find((p) => p.side === 'buy')!;
    const within = dailyBars - 1 - lastBuy.bar; // one bar short of the latest buy point
    const run = await runToEnd((await api.request('POST', `/api/graphs/${made.body.id}/runs`, { key: trader, body: { input: { symbols: [INDEX], withinBars: within } } })).body.workflowId);
    expect(nodeOf(run, 'scan').output.matched).toBe(0);
    expect(nodeOf(run, 'notify').status).toBe('skipped');
    expect(nodeOf(run, 'quiet').status).toBe('completed');
  });
});

describe('several levels from the 1-minute file', () => {
  const MINUTE = '000001.XSHG';
  const from = '2018-01-01T00:00:00Z';
  const to = '2019-01-01T00:00:00Z';
  const span = { fromMs: Date.parse(from), toMs: Date.parse(to) };

  beforeAll(async () => {
    const res = await api.request('POST', '/api/imports', { key: trader, body: { source: { type: 'path', path: '../shared/data/ashare/000001.XSHG_1min.zip' } } });
    expect(res.status).toBe(202);
    await runToEnd(res.body.workflowId);
  });

  it('REST: 30-minute and 5-minute structure resampled from 1-minute bars, 5-minute points nested in 30-minute strokes', async () => {
    const res = await api.request('GET', `/api/chanlun/${MINUTE}?timeframe=30m&levels=5m&from=${from}&to=${to}`, { key: trader });
    expect(res.status, res.text).toBe(200);
    const bars30 = (await loadBacktestBars(db(), MINUTE, '30m', span)).bars;
    const bars5 = (await loadBacktestBars(db(), MINUTE, '5m', span)).bars;
    const multi = analyzeLevels([{ level: '30m', bars: bars30 }, { level: '5m', bars: bars5 }]);
    expect(res.body).toMatchObject({ timeframe: '30m', resampledFrom: '1m', bars: bars30.timeMs.length });
    expect(res.body.levels[0]).toMatchObject({ timeframe: '5m', resampledFrom: '1m', bars: bars5.timeMs.length });
    expect(res.body.points.map(pointKey)).toEqual(multi.levels[0]!.result.points.map(pointKey));
    expect(res.body.levels[0].points.map(pointKey)).toEqual(multi.levels[1]!.result.points.map(pointKey));
    expect(res.body.nested.map((n: { lower: unknown[] }) => n.lower.length)).toEqual(multi.nested.map((n) => n.lower.length));
    expect(multi.nested.some((n) => n.lower.length > 0)).toBe(true);
  });

  it('analyze node: counts and the latest points match the engine, the finer levels come along, the payload stays small', async () => {
    const graph = {
      nodes: [
        { id: 'start', type: 'trigger.manual' },
        { id: 'analyze', type: 'chanlun.analyze', params: { symbol: MINUTE, timeframe: '1d', levels: ['5m', '30m'], from, to, maxPoints: 10, lastN: 3 } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'analyze' }],
      outputs: { strokes: 'nodes.analyze.out.counts.strokes' },
    };
    const made = await api.request('POST', '/api/graphs', { key: trader, body: { name: 'analyze levels', graph } });
    expect(made.status, made.text).toBe(201);
    const started = await api.request('POST', `/api/graphs/${made.body.id}/runs`, { key: trader, body: { input: {} } });
    const run = await runToEnd(started.body.workflowId);
    const out = nodeOf(run, 'analyze').output;
    const levels = await Promise.all((['1d', '30m', '5m'] as const).map(async (tf) => ({ level: tf, bars: (await loadBacktestBars(db(), MINUTE, tf, span)).bars })));
    const multi = analyzeLevels(levels);
    const day = multi.levels[0]!.result;
    expect(out).toMatchObject({ timeframe: '1d', resampledFrom: '1m', counts: { strokes: day.strokes.length, segments: day.segments.length, points: day.points.length } });
    expect(out.points.map(pointKey)).toEqual(day.points.slice(-10).map(pointKey));
    expect(out.lastStrokes).toHaveLength(Math.min(3, day.strokes.length));
    // Finer levels highest first, whatever order they were given in.
    expect(out.levels.map((l: { timeframe: string }) => l.timeframe)).toEqual(['30m', '5m']);
    expect(out.levels[1]).toMatchObject({ counts: { points: multi.levels[2]!.result.points.length }, pointsTruncated: true });
    expect(out.levels[1].points).toHaveLength(10);
    expect(run.result.outputs.strokes).toBe(day.strokes.length);
    expect(JSON.stringify(out).length).toBeLessThan(64 * 1024);
  });
});

describe('compact workflow payloads', () => {
  it('a 240,000-bar analysis summarises to kilobytes', () => {
    const file = 'ashare/000001.XSHG_1min.zip';
    const parsed = parseKlineCsv(decodeKlineSource(readFileSync(path.join(repoRoot, '..', 'shared', 'data', file)), file), {});
    if (!parsed.ok) throw new Error('the 1-minute file does not parse');
    const result = analyzeChan(parsed.bars);
    expect(parsed.bars.timeMs.length).toBeGreaterThan(239_000);
    const summary = summarizeAnalysis({ symbol: parsed.bars.symbol, levels: [{ timeframe: '1m', bars: parsed.bars, result }], nested: [] }, analyzeStructureInputSchema.parse({ symbol: 'x', timeframe: '1m' }));
    expect(summary.counts.points).toBe(result.points.length);
    expect(summary.points).toHaveLength(100);
    expect(summary.pointsTruncated).toBe(true);
    expect(JSON.stringify(summary).length).toBeLessThan(64 * 1024);
    expect(JSON.stringify(result.points).length).toBeGreaterThan(1024 * 1024);
  });
});
