import path from 'node:path';
import Decimal from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacktestSummary, BatchResult, RankedRow } from '../core/contracts/backtest';
import { repoRoot } from '../core/paths';
import { temporalClient } from '../core/temporal';
import type { BacktestResult } from '../engines/backtest';
import { createTestKey, startApi, startWorker, waitFor, waitForRun, type RunningApi, type RunningWorker } from './helpers';

const data = path.join(repoRoot, '..', 'shared', 'data');
const INDEX = '000001.SH';
const ETH = 'ETH-USDT';

let api: RunningApi;
let worker: RunningWorker;
let trader: string;

async function runToEnd(workflowId: string) {
  const run = await waitForRun(api, trader, workflowId, 180_000);
  if (run.status !== 'COMPLETED') throw new Error(`${workflowId} ${run.status}: ${JSON.stringify(run.failure)}`);
  return run;
}

async function importFile(file: string, symbol?: string) {
  const res = await api.request('POST', '/api/imports', { key: trader, body: { source: { type: 'path', path: path.join(data, file) }, ...(symbol ? { symbol } : {}) } });
  expect(res.status).toBe(202);
  await runToEnd(res.body.workflowId);
}

async function start(route: string, body: unknown): Promise<string> {
  const res = await api.request('POST', route, { key: trader, body });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.workflowId;
}

beforeAll(async () => {
  worker = await startWorker();
  api = await startApi();
  trader = await createTestKey('trader');
  await importFile('ashare/000001.SH_D.csv');
  await importFile('crypto/ETH-USDT_1d_jesse.csv', ETH);
});
afterAll(async () => {
  await api?.app.close();
  await worker?.stop();
});

describe('backtests on the real dev server', () => {
  let firstId: string;

  it('runs a builtin strategy on stored bars and stores a result whose money adds up exactly', async () => {
    const run = await runToEnd(await start('/api/backtests', { symbol: INDEX, timeframe: '1d', strategy: { kind: 'builtin', id: 'ma-cross', params: { fast: 5, slow: 20 } } }));
    const [summary] = run.result as BacktestSummary[];
    expect(summary).toMatchObject({ symbol: INDEX, timeframe: '1d', bars: 3332 });
    expect(summary!.trades).toBeGreaterThan(10);
    firstId = summary!.backtestId;

    const stored = await api.request('GET', `/api/backtests/${firstId}`, { key: trader });
    expect(stored.status).toBe(200);
    const result = stored.body.result as BacktestResult;
    expect(result.config.market).toBe('ashare');
    const realized = result.trades.reduce((sum, t) => sum.plus(t.pnl), new Decimal(0));
    const open = result.openPosition ? new Decimal(result.openPosition.unrealizedPnl).minus(result.openPosition.unallocatedFees) : new Decimal(0);
    // Closed trades net of fees plus what the open position would realise = final equity − initial cash, to the cent.
    expect(realized.plus(open).toFixed()).toBe(new Decimal(result.final.equity).minus(result.config.initialCash).toFixed());
    expect(result.metrics.list.length).toBeGreaterThanOrEqual(30);

    const bars = await api.request('GET', `/api/backtests/${firstId}/bars?limit=100`, { key: trader });
    expect(bars.body.bars).toHaveLength(100);
    expect(bars.body.bars[0]).toHaveLength(6);
  });

  it('refuses a broken spec, an unknown symbol and a bad config with the field that is wrong, before any run', async () => {
    const spec = { name: 'bad', timeframe: '1d', indicators: [{ id: 'x', indicator: 'smaa', params: { period: 5 } }], long: { entry: { op: 'gt', left: 'close', right: 'x' }, exit: { op: 'lt', left: 'close', right: 'x' } } };
    const badSpec = await api.request('POST', '/api/backtests', { key: trader, body: { symbol: INDEX, timeframe: '1d', strategy: { kind: 'spec', spec } } });
    expect(badSpec.status).toBe(400);
    expect(badSpec.body.issues[0].path).toBe('strategy.spec.indicators[0].indicator');
    expect(badSpec.body.issues[0].message).toMatch(/sma/);

    const noBars = await api.request('POST', '/api/backtests', { key: trader, body: { symbol: 'NOPE.SZ', timeframe: '1d', strategy: { kind: 'builtin', id: 'ma-cross' } } });
    expect(noBars.status).toBe(400);
    expect(noBars.body.issues[0].path).toBe('symbol');

    const badConfig = await api.request('POST', '/api/backtests', { key: trader, body: { symbol: INDEX, timeframe: '1d', strategy: { kind: 'builtin', id: 'ma-cross' }, config: { allowShort: true } } });
    expect(badConfig.status).toBe(400);
    expect(badConfig.body.issues[0].path).toBe('config.allowShort');
  });

  it('validates a strategy on several symbols as parallel activities and ranks them, exportable as CSV', async () => {
    const run = await runToEnd(await start('/api/backtests/validate', {
      symbols: [INDEX, ETH], timeframe: '1d', strategy: { kind: 'builtin', id: 'macd-cross' }, rankBy: 'total_return',
    }));
    const batch = run.result as BatchResult;
    expect(batch).toMatchObject({ kind: 'validation', rankBy: 'total_return', count: 2 });
    expect(batch.top.map((r) => r.symbol).sort()).toEqual([ETH, INDEX].sort());
    const [a, b] = batch.top;
    expect(a!.rank).toBe(1);
    expect((a!.score ?? -Infinity) >= (b!.score ?? -Infinity)).toBe(true);

    const csv = await api.request('GET', `/api/backtest-batches/${batch.batchId}/csv`, { key: trader });
    expect(csv.status).toBe(200);
    const lines = String(csv.text).trim().split('\n');
    expect(lines[0]).toMatch(/^rank,symbol,timeframe,strategy,/);
    expect(lines).toHaveLength(3);
  });

  it('searches a parameter grid through child workflows and stores every setting ranked', async () => {
    const workflowId = await start('/api/backtests/search', {
      symbol: INDEX, timeframe: '1d', strategy: { kind: 'builtin', id: 'ma-cross' }, mode: 'grid',
      params: [{ path: 'indicators.0.params.period', values: [3, 5, 8] }, { path: 'indicators.1.params.period', min: 20, max: 30, step: 10 }],
    });
    const batch = (await runToEnd(workflowId)).result as BatchResult;
    expect(batch.count).toBe(6);
    const stored = await api.request('GET', `/api/backtest-batches/${batch.batchId}`, { key: trader });
    const rows = stored.body.rows as RankedRow[];
    expect(rows.map((r) => JSON.stringify(r.overrides)).sort()).toEqual([
      { 'indicators.0.params.period': 3, 'indicators.1.params.period': 20 }, { 'indicators.0.params.period': 3, 'indicators.1.params.period': 30 },
      { 'indicators.0.params.period': 5, 'indicators.1.params.period': 20 }, { 'indicators.0.params.period': 5, 'indicators.1.params.period': 30 },
      { 'indicators.0.params.period': 8, 'indicators.1.params.period': 20 }, { 'indicators.0.params.period': 8, 'indicators.1.params.period': 30 },
    ].map((o) => JSON.stringify(o)).sort());
    const children = (await temporalClient()).workflow.list({ query: `WorkflowId STARTS_WITH "${workflowId}/chunk-"` });
    let n = 0;
    for await (const _ of children) n++;
    expect(n).toBe(1);
  });

  it('refuses a grid larger than maxRuns with a clear failure', async () => {
    const workflowId = await start('/api/backtests/search', {
      symbol: INDEX, timeframe: '1d', strategy: { kind: 'builtin', id: 'ma-cross' }, maxRuns: 10,
      params: [{ path: 'indicators.0.params.period', min: 2, max: 20, step: 1 }],
    });
    const run = await waitForRun(api, trader, workflowId);
    expect(run.status).toBe('FAILED');
    expect(run.failure.message).toMatch(/19 settings .* more than maxRuns 10/);
  });

  it('a long backtest shows its bars as it goes, and a cancel stops it between slices', async () => {
    // About 2 ms of sandboxed work per bar: several seconds over the 3,332 daily bars.
    const source = 'function onBar(ctx) { let x = 0; for (let i = 0; i < 60000; i++) x += i; }';
    const id = await start('/api/backtests', { symbol: INDEX, timeframe: '1d', strategy: { kind: 'code', name: 'slow', source } });
    const seen: number[] = [];
    const progress = await waitFor('two progress reports from the running backtest', async () => {
      const res = await api.request('GET', `/api/runs/${id}`, { key: trader });
      const p = res.body.progress as { phase: string; done: number; total: number } | null;
      if (p?.phase === 'backtesting' && p.done > 0 && !seen.includes(p.done)) seen.push(p.done);
      return seen.length >= 2 ? p : undefined;
    }, 120_000, 200);
    expect(progress!.total).toBe(3332);
    expect(seen[1]!).toBeGreaterThan(seen[0]!);
    expect(seen[1]!).toBeLessThan(3332);

    const cancel = await api.request('POST', `/api/runs/${id}/cancel`, { key: trader });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(202);
    const run = await waitForRun(api, trader, id, 60_000);
    expect(run.status).toBe('CANCELLED');
    const stored = await api.request('GET', '/api/backtests', { key: trader });
    expect(JSON.stringify(stored.body)).not.toContain(id);
  });
});
