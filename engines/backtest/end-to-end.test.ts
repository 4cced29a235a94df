import DecimalJs from 'decimal.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { repoRoot } from '../../core/paths';
import { Sma } from '../indicators';
import { parseKlineCsv, type KlineColumns } from '../klines';
import { runBacktestWithSeries, runBacktestWithSeriesAsync, type BacktestConfigInput, type BacktestResult, type Strategy } from './index';

// Wide enough that the test's own sums never round (the default 20 digits would).
const Decimal = DecimalJs.clone({ precision: 80, toExpNeg: -9e15, toExpPos: 9e15 });

const data = path.join(repoRoot, '..', 'shared', 'data');

function load(file: string, symbol?: string): KlineColumns {
  const parsed = parseKlineCsv(readFileSync(path.join(data, file), 'utf8'), symbol ? { symbol } : {});
  if (!parsed.ok) throw new Error(`cannot parse ${file}`);
  return parsed.bars;
}

/** SMA(fast/slow) cross with optional shorting, protective exits and partial exits, to exercise every ledger path. */
function smaCross(opts: { short?: boolean; exits?: boolean; partial?: boolean } = {}): Strategy {
  const fast = new Sma(10);
  const slow = new Sma(30);
  let prev = NaN;
  return {
    name: 'sma-cross-e2e',
    onBar(ctx) {
      const d = fast.update(ctx.close) - slow.update(ctx.close);
      const exits = opts.exits ? { stopLoss: { percent: 8 }, trailingStop: { percent: 15 } } : undefined;
      if (d > 0 && prev < 0) {
        if (ctx.position === 'short') ctx.closePosition();
        if (ctx.position !== 'long') ctx.buy({ sizing: { kind: 'percentEquity', percent: 95 }, exits });
      } else if (d < 0 && prev > 0) {
        if (ctx.position === 'long') {
          if (opts.partial) ctx.sell({ sizing: { kind: 'percentEquity', percent: 40 } });
          else ctx.closePosition();
        }
        if (opts.short) ctx.sell({ sizing: { kind: 'percentEquity', percent: 50 }, exits });
      }
      if (d !== 0 && !Number.isNaN(d)) prev = d;
    },
  };
}

/** The accounting identities every run must satisfy exactly, in decimal. */
function checkInvariants(r: BacktestResult, initialCash: string) {
  let cash = new Decimal(initialCash);
  let commission = new Decimal(0);
  let stamp = new Decimal(0);
  for (const o of r.orders) {
    if (o.status !== 'filled') continue;
    if (o.origin === 'strategy') expect(o.doneIndex!).toBeGreaterThan(o.placedIndex);
    const notional = new Decimal(o.quantity!).times(o.fillPrice!);
    const fees = new Decimal(o.commission!).plus(o.stampDuty ?? 0);
    cash = o.side === 'buy' ? cash.minus(notional).minus(fees) : cash.plus(notional).minus(fees);
    expect(o.cashAfter, `cash after order ${o.id}`).toBe(cash.toString());
    // cash + position value = equity at every fill
    expect(new Decimal(o.cashAfter!).plus(new Decimal(o.positionAfter!).times(o.fillPrice!)).eq(o.equityAfter!), `equity at order ${o.id}`).toBe(true);
    commission = commission.plus(o.commission!);
    stamp = stamp.plus(o.stampDuty ?? 0);
  }
  expect(cash.toString()).toBe(r.final.cash);
  expect(commission.toString()).toBe(r.final.totalCommission);
  expect(stamp.toString()).toBe(r.final.totalStampDuty);

  const pnl = r.trades.reduce((s, t) => s.plus(t.pnl), new Decimal(0));
  const tradeFees = r.trades.reduce((s, t) => s.plus(t.fees), new Decimal(0));
  for (const t of r.trades) expect(new Decimal(t.grossPnl).minus(t.fees).eq(t.pnl)).toBe(true);
  const unrealized = new Decimal(r.openPosition?.unrealizedPnl ?? 0);
  const unallocated = new Decimal(r.openPosition?.unallocatedFees ?? 0);
  // Σ trade pnl (after their fees) + open pnl − fees not yet in a trade = final equity − initial cash, exactly.
  expect(pnl.plus(unrealized).minus(unallocated).eq(new Decimal(r.final.equity).minus(initialCash))).toBe(true);
  expect(tradeFees.plus(unallocated).eq(r.final.totalFees)).toBe(true);
  expect(pnl.toString()).toBe(r.final.realizedPnl);
}

describe('end to end on the SSE Composite daily file (3,332 bars)', () => {
  const daily = load('ashare/000001.SH_D.csv');
  const initialCash = '1000000';
  const config: BacktestConfigInput = {
    market: 'ashare',
    initialCash,
    fees: { makerRate: '0.00025', takerRate: '0.00025', minFee: '5', stampDutyRate: '0.001' },
    slippage: { kind: 'ticks', ticks: 1 },
  };

  afterEach(() => vi.restoreAllMocks());

  it('a long-only SMA cross with exits keeps cash, positions, fees and PnL consistent to the last digit', () => {
    const { result, series } = runBacktestWithSeries(daily, smaCross({ exits: true }), config);
    expect(result.bars).toBe(3332);
    expect(result.trades.length).toBeGreaterThan(50);
    expect(result.trades.some((t) => t.exitReason === 'stopLoss' || t.exitReason === 'trailingStop')).toBe(true);
    checkInvariants(result, initialCash);
    // The float mark-to-market series ends where the exact ledger does.
    expect(series.equity[series.equity.length - 1]).toBeCloseTo(Number(result.final.equity), 4);
    expect(result.curves.sourcePoints).toBe(3332);
    expect(result.curves.equity.length).toBeLessThanOrEqual(2000);
    expect(Math.min(...result.curves.drawdown)).toBeCloseTo(Math.min(...series.drawdown), 12);
    expect(result.metrics.byId.trade_count!.value).toBe(result.trades.length);
  });

  it('partial exits split cost and fees so the pieces still add up', () => {
    const { result } = runBacktestWithSeries(daily, smaCross({ partial: true }), config);
    const partial = result.orders.filter((o) => o.status === 'filled' && o.side === 'sell' && o.positionAfter !== '0');
    expect(partial.length).toBeGreaterThan(5);
    checkInvariants(result, initialCash);
  });

  it('is deterministic: the same input gives byte-identical JSON, without reading the clock or randomness', () => {
    vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('the engine read the clock');
    });
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('the engine used randomness');
    });
    const a = JSON.stringify(runBacktestWithSeries(daily, smaCross({ exits: true }), config).result);
    const b = JSON.stringify(runBacktestWithSeries(daily, smaCross({ exits: true }), config).result);
    expect(a.length).toBeGreaterThan(10_000);
    expect(a).toBe(b);
  });

  it('the sliced run that yields to the event loop gives the same bytes as the run in one go', async () => {
    const whole = JSON.stringify(runBacktestWithSeries(daily, smaCross({ exits: true }), config).result);
    // sliceMs 0: a slice of one bar after the first, so the run yields thousands of times.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const progress: number[] = [];
    const sliced = await runBacktestWithSeriesAsync(daily, smaCross({ exits: true }), config, {
      sliceMs: 0,
      onProgress: (p) => progress.push(p.barsDone),
    });
    clearInterval(timer);
    expect(JSON.stringify(sliced.result)).toBe(whole);
    // Timers ran during the run: a worker's heartbeats would have gone out.
    expect(ticks).toBeGreaterThan(3);
    // Every slice end reports, strictly increasing up to the last bar.
    expect(progress.length).toBeGreaterThan(1000);
    expect(progress.every((b, i) => i === 0 || b > progress[i - 1]!)).toBe(true);
    expect(progress.at(-1)).toBe(3332);
  });

  it('a sliced run stops when its signal aborts, with the signal\'s reason', async () => {
    const stop = new AbortController();
    const seen: number[] = [];
    const run = runBacktestWithSeriesAsync(daily, smaCross(), config, {
      sliceMs: 0,
      signal: stop.signal,
      onProgress: (p) => {
        seen.push(p.barsDone);
        if (p.barsDone >= 1000) stop.abort(new Error('cancelled by the workflow'));
      },
    });
    await expect(run).rejects.toThrow('cancelled by the workflow');
    expect(Math.max(...seen)).toBeLessThan(3332);
  });
});

describe('end to end on ETH/USDT daily bars (crypto, long and short)', () => {
  it('reversals and shorts with fractional quantities keep the identities', () => {
    const eth = load('crypto/ETH-USDT_1d_jesse.csv', 'ETH/USDT');
    const initialCash = '10000';
    const { result } = runBacktestWithSeries(eth, smaCross({ short: true, exits: true }), {
      market: 'crypto',
      initialCash,
      qtyStep: '0.0001',
      fees: { makerRate: '0.0002', takerRate: '0.0005' },
      slippage: { kind: 'percent', rate: '0.0005' },
    });
    expect(result.trades.some((t) => t.side === 'short')).toBe(true);
    expect(result.orders.some((o) => o.quantity?.includes('.'))).toBe(true);
    checkInvariants(result, initialCash);
  });
});
