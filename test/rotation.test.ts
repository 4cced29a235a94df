import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Decimal from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RotationSummary } from '../core/contracts/rotation';
import { repoRoot } from '../core/paths';
import { runRotation, type BacktestConfigInput, type RotationParamsInput, type RotationResult } from '../engines/backtest';
import { parseKlineCsv, type KlineColumns } from '../engines/klines';
import { deriveDailyCsv } from './derived-csv';
import { createTestKey, startApi, startWorker, waitForRun, type RunningApi, type RunningWorker } from './helpers';

// The universe: the SSE Composite daily file (../shared/data/ashare/000001.SH_D.csv, 3,332 bars 2006-11 → 2020-07,
// imported as is) and two series derived from it line by line, written as CSVs of the same layout into the test data
// directory (an import root) and imported through the same API:
// - 510001.SH "inverse": 30000 ÷ every price of the index (high and low swap), to the cent;
// - 600020.SH "half beta": √price × 0.2 to the cent, with every 23rd trading day missing (suspensions).
const SHARED = path.join(repoRoot, '..', 'shared', 'data', 'ashare', '000001.SH_D.csv');
const INDEX = '000001.SH';
const INVERSE = '510001.SH';
const HALF = '600020.SH';

let api: RunningApi;
let worker: RunningWorker;
let trader: string;
const csvs: Record<string, string> = {};

async function runToEnd(workflowId: string) {
  const run = await waitForRun(api, trader, workflowId, 180_000);
  if (run.status !== 'COMPLETED') throw new Error(`${workflowId} ${run.status}: ${JSON.stringify(run.failure)}`);
  return run;
}

async function importFile(file: string) {
  const res = await api.request('POST', '/api/imports', { key: trader, body: { source: { type: 'path', path: file } } });
  expect(res.status, res.text).toBe(202);
  await runToEnd(res.body.workflowId);
}

beforeAll(async () => {
  worker = await startWorker();
  api = await startApi();
  trader = await createTestKey('trader');
  const source = readFileSync(SHARED, 'utf8');
  csvs[INDEX] = source;
  csvs[INVERSE] = deriveDailyCsv(source, INVERSE, (p) => 30000 / p, { swapHighLow: true });
  csvs[HALF] = deriveDailyCsv(source, HALF, (p) => Math.sqrt(p) * 0.2, { skipEvery: 23 });
  await importFile(SHARED);
  for (const symbol of [INVERSE, HALF]) {
    const file = path.join(process.env.LURUS_DATA_DIR!, `${symbol}_D.csv`);
    writeFileSync(file, csvs[symbol]!);
    await importFile(file);
  }
});
afterAll(async () => {
  await api?.app.close();
  await worker?.stop();
});

/** The engine run on the same files, parsed here: what the stored result must equal. */
function localRun(params: RotationParamsInput, config: BacktestConfigInput): RotationResult {
  const universe: KlineColumns[] = [INDEX, INVERSE, HALF].map((symbol) => {
    const parsed = parseKlineCsv(csvs[symbol]!, {});
    if (!parsed.ok) throw new Error(`${symbol} does not parse`);
    return parsed.bars;
  });
  return runRotation(universe, params, config);
}

describe('momentum rotation on the real worker', () => {
  const params = { lookback: 20, top: 2, rebalanceEvery: 5, minReturnPercent: 0 };
  const config = { initialCash: '1000000', fees: { takerRate: '0.0003', minFee: '5', stampDutyRate: '0.001' }, slippage: { kind: 'ticks', ticks: 1 } };

  it('runs through POST /api/backtests/rotation and stores a result whose money adds up exactly', async () => {
    const res = await api.request('POST', '/api/backtests/rotation', { key: trader, body: { symbols: [INDEX, INVERSE, HALF], timeframe: '1d', params, config } });
    expect(res.status, res.text).toBe(202);
    const summary = (await runToEnd(res.body.workflowId)).result as RotationSummary;
    expect(summary).toMatchObject({ symbols: [INDEX, INVERSE, HALF], timeframe: '1d', bars: 3332, rebalances: Math.floor((3332 - 1 - 20) / 5) + 1 });

    const stored = await api.request('GET', `/api/backtests/${summary.backtestId}`, { key: trader });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ symbol: `${INDEX},${INVERSE},${HALF}`, definition: { kind: 'rotation', params, symbols: [INDEX, INVERSE, HALF] } });
    const result = stored.body.result as RotationResult;
    expect(result.config.market).toBe('ashare');
    expect(result.barsBySymbol).toEqual({ [INDEX]: 3332, [INVERSE]: 3332, [HALF]: 3332 - 145 });

    // Σ closed-trade pnl + open pnl − unallocated entry fees = final equity − initial cash, to the last digit.
    let pnl = new Decimal(0);
    for (const t of result.trades) pnl = pnl.plus(t.pnl);
    for (const p of result.openPositions) pnl = pnl.plus(p.unrealizedPnl).minus(p.unallocatedFees);
    expect(pnl.toFixed()).toBe(new Decimal(result.final.equity).minus('1000000').toFixed());
    let equity = new Decimal(result.final.cash);
    for (const p of result.final.positions) equity = equity.plus(new Decimal(p.quantity).times(p.lastPrice));
    expect(equity.toFixed()).toBe(new Decimal(result.final.equity).toFixed());
    const fees = result.orders.filter((o) => o.status === 'filled').reduce((s, o) => s.plus(o.commission!).plus(o.stampDuty ?? 0), new Decimal(0));
    expect(fees.toFixed()).toBe(new Decimal(result.final.totalFees).toFixed());
    expect(summary.totalFees).toBe(result.final.totalFees);

    // Holdings after each rebalance: at most `top`, what was selected unless an order was refused, worth cash + Σ q × mark.
    for (const r of result.rebalances) {
      if (!r.after) continue;
      const worth = r.after.holdings.reduce((s, h) => s.plus(new Decimal(h.quantity).times(h.markPrice)), new Decimal(r.after.cash));
      expect(worth.toFixed()).toBe(new Decimal(r.after.equity).toFixed());
      const refused = result.orders.some((o) => r.orderIds.includes(o.id) && o.status === 'rejected');
      if (!refused) expect(r.after.holdings.map((h) => h.symbol).sort()).toEqual([...r.selected].sort());
    }
    expect(summary.holdings).toEqual(result.final.positions.map((p) => p.symbol));

    // What the worker stored is exactly what the engine computes from the same files here.
    const local = localRun(params, { ...config, market: 'ashare' } as BacktestConfigInput);
    expect(result.final).toEqual(local.final);
    expect(result.rebalances).toEqual(JSON.parse(JSON.stringify(local.rebalances)));
    // Money compares exactly; statistical floats may lose their last digit on the way through the JSON column.
    const money = ({ returnFraction: _, ...t }: RotationResult['trades'][number]) => t;
    expect(result.trades.map(money)).toEqual(JSON.parse(JSON.stringify(local.trades.map(money))));
    result.trades.forEach((t, i) => expect(t.returnFraction).toBeCloseTo(local.trades[i]!.returnFraction, 12));
    expect(result.metrics.byId.sharpe_ratio!.value as number).toBeCloseTo(local.metrics.byId.sharpe_ratio!.value as number, 10);
    console.log(`stored rotation: ${result.trades.length} trades, ${result.counts.rejected} refused orders, final equity ${result.final.equity}, fees ${result.final.totalFees}, engine ${summary.engineMs} ms`);
  });

  it('runs as the backtest.rotation node of a graph', async () => {
    const graph = {
      nodes: [
        { id: 'start', type: 'trigger.manual' },
        { id: 'rotate', type: 'backtest.rotation', params: { symbols: [INDEX, INVERSE], timeframe: '1d', params: { lookback: 60, top: 1, rebalanceEvery: 20 } } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'rotate' }],
    };
    const made = await api.request('POST', '/api/graphs', { key: trader, body: { name: 'rotation', graph } });
    expect(made.status, made.text).toBe(201);
    const started = await api.request('POST', `/api/graphs/${made.body.id}/runs`, { key: trader, body: { input: {} } });
    const run = await runToEnd(started.body.workflowId);
    const out = run.nodes.find((n: { nodeId: string }) => n.nodeId === 'rotate').output as RotationSummary;
    expect(out).toMatchObject({ symbols: [INDEX, INVERSE], bars: 3332, rebalances: Math.floor((3332 - 1 - 60) / 20) + 1 });
    expect(out.trades).toBeGreaterThan(10);
  });

  it('refuses bad params, unknown symbols and mixed markets with the field that is wrong, before any run', async () => {
    const badParams = await api.request('POST', '/api/backtests/rotation', { key: trader, body: { symbols: [INDEX, INVERSE], timeframe: '1d', params: { lookback: 0 } } });
    expect(badParams.status).toBe(400);
    expect(badParams.body.issues[0].path).toBe('params.lookback');

    const unknown = await api.request('POST', '/api/backtests/rotation', { key: trader, body: { symbols: [INDEX, 'NOPE.SZ'], timeframe: '1d' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.issues[0]).toEqual({ path: 'symbols', message: 'no bars stored for NOPE.SZ' });

    const mixed = await api.request('POST', '/api/backtests/rotation', { key: trader, body: { symbols: [INDEX, 'okx:BTC/USDT'], timeframe: '1d' } });
    expect(mixed.status).toBe(400);
    expect(mixed.body.issues[0].path).toBe('symbols');

    const badConfig = await api.request('POST', '/api/backtests/rotation', { key: trader, body: { symbols: [INDEX, INVERSE], timeframe: '1d', config: { qtyStep: '0.1' } } });
    expect(badConfig.status).toBe(400);
    expect(badConfig.body.issues[0].path).toBe('config.qtyStep');
  });
});
