import { describe, expect, it } from 'vitest';
import { runBacktest } from '../backtest';
import { atr, sma } from '../indicators';
import { backtestConfigForSpec, compileSpec } from './compile';
import type { StrategySpecInput } from './spec';
import { dailyBars, firstBars, sharedBars } from './test-helpers/data';

const maCross: StrategySpecInput = {
  name: 'SMA 5/20',
  timeframe: '1d',
  indicators: [
    { id: 'fast', indicator: 'sma', params: { period: 5 } },
    { id: 'slow', indicator: 'sma', params: { period: 20 } },
  ],
  long: {
    entry: { op: 'crossAbove', left: 'fast', right: 'slow' },
    exit: { op: 'crossBelow', left: 'fast', right: 'slow' },
  },
};

const closes = (bars = dailyBars()) => bars.close.map(Number);

describe('compileSpec on the SSE daily file', () => {
  it('trades exactly at the crosses computed independently from batch SMAs (next-bar fills)', () => {
    const bars = dailyBars();
    const close = closes(bars);
    const fast = sma(close, 5);
    const slow = sma(close, 20);
    // Expected round trips from a plain state machine over the batch series.
    const expected: [number, number | null][] = [];
    let open: number | null = null;
    for (let i = 1; i < close.length - 1; i++) {
      const defined = [fast[i], slow[i], fast[i - 1], slow[i - 1]].every((v) => Number.isFinite(v));
      if (!defined) continue;
      const up = fast[i]! > slow[i]! && fast[i - 1]! <= slow[i - 1]!;
      const down = fast[i]! < slow[i]! && fast[i - 1]! >= slow[i - 1]!;
      if (open === null && up) open = i + 1;
      else if (open !== null && down) {
        expected.push([open, i + 1]);
        open = null;
      }
    }
    const result = runBacktest(bars, compileSpec(maCross), { market: 'ashare' });
    expect(result.counts.rejected).toBe(0);
    expect(result.trades.map((t) => [t.entryIndex, t.exitIndex])).toEqual(expected);
    expect(result.trades.length).toBeGreaterThan(90);
    expect(result.trades.every((t) => t.exitReason === 'signal')).toBe(true);
  });

  it('places nothing until every value a rule reads (at its offset) is defined', () => {
    // The first rule is always true; the second reads SMA(20) five bars back, defined from bar 19 + 5.
    const spec: StrategySpecInput = {
      ...maCross,
      long: { entry: { op: 'and', conditions: [{ op: 'gt', left: 'close', right: 0 }, { op: 'gt', left: { ref: 'slow', offset: 5 }, right: 0 }] } },
    };
    const result = runBacktest(dailyBars(), compileSpec(spec), { market: 'ashare' });
    expect(result.orders[0]!.placedIndex).toBe(24);
  });

  it('a rule whose operand is not a number never fires, even under not()', () => {
    // close / (open - open) is ±Infinity or NaN on every bar.
    const broken = { op: 'gt', left: { math: 'div', left: 'close', right: { math: 'sub', left: 'open', right: 'open' } }, right: 0 } as const;
    for (const entry of [broken, { op: 'not', condition: broken } as const]) {
      const result = runBacktest(dailyBars(), compileSpec({ ...maCross, long: { entry } }), { market: 'ashare' });
      expect(result.orders).toEqual([]);
    }
  });

  it('is deterministic, and one compiled strategy can run twice', () => {
    const strategy = compileSpec(maCross);
    const a = runBacktest(dailyBars(), strategy, { market: 'ashare' });
    const b = runBacktest(dailyBars(), strategy, { market: 'ashare' });
    const c = runBacktest(dailyBars(), compileSpec(maCross), { market: 'ashare' });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).toBe(JSON.stringify(a));
  });

  it('percent stop-loss and take-profit become engine exits on the entry order', () => {
    const spec = { ...maCross, stopLoss: { kind: 'percent', percent: 3 }, takeProfit: { kind: 'percent', percent: 6 } } as const;
    const result = runBacktest(dailyBars(), compileSpec(spec), { market: 'ashare' });
    const byReason = (r: string) => result.trades.filter((t) => t.exitReason === r);
    expect(byReason('stopLoss').length).toBeGreaterThan(10);
    expect(byReason('takeProfit').length).toBeGreaterThan(5);
    // Stops fill at the stop or at a worse gap open; a 3 % stop never gives back less than about 3 %.
    for (const t of byReason('stopLoss')) expect(t.returnFraction).toBeLessThan(-0.029);
    for (const t of byReason('takeProfit')) expect(t.returnFraction).toBeGreaterThan(0.059);
  });

  it('an ATR stop sits multiple × ATR(period) of the signal bar below the entry', () => {
    const bars = dailyBars();
    const spec = { ...maCross, stopLoss: { kind: 'atr', multiple: 1.5, period: 14 } } as const;
    const result = runBacktest(bars, compileSpec(spec), { market: 'ashare' });
    const atr14 = atr(bars.high.map(Number), bars.low.map(Number), closes(bars), 14);
    const stopped = result.trades.filter((t) => t.exitReason === 'stopLoss');
    expect(stopped.length).toBeGreaterThan(5);
    for (const t of stopped) {
      const stop = Number(t.entryPrice) - 1.5 * atr14[t.entryIndex - 1]!;
      const open = Number(bars.open[t.exitIndex]);
      // Filled at the stop (to the tick) or at the open when the bar gapped below it.
      expect(Math.abs(Number(t.exitPrice) - Math.min(stop, open))).toBeLessThan(0.011);
    }
  });

  it('risk sizing sizes each entry from the stop distance', () => {
    const spec = { ...maCross, sizing: { kind: 'risk', riskPercent: 5 }, stopLoss: { kind: 'percent', percent: 10 } } as const;
    const result = runBacktest(dailyBars(), compileSpec(spec), { market: 'ashare' });
    // 5 % risk over a 10 % stop is about half the equity per entry, in whole lots of 100.
    for (const o of result.orders.filter((x) => x.tag === 'long.entry' && x.status === 'filled')) {
      const notional = Number(o.quantity) * Number(o.fillPrice);
      const equity = Number(o.equityAfter);
      expect(notional / equity).toBeGreaterThan(0.2);
      expect(notional / equity).toBeLessThan(0.55);
      expect(Number(o.quantity) % 100).toBe(0);
    }
  });
});

describe('compileSpec: markets', () => {
  it('trades the short side on crypto (ETH daily)', () => {
    const bars = sharedBars('crypto/ETH-USDT_1d_jesse.csv', 'ETH/USDT');
    const spec: StrategySpecInput = {
      ...maCross,
      market: 'crypto',
      short: { entry: { op: 'crossBelow', left: 'fast', right: 'slow' }, exit: { op: 'crossAbove', left: 'fast', right: 'slow' } },
    };
    const result = runBacktest(bars, compileSpec(spec), backtestConfigForSpec(compileSpec(spec).spec, { market: 'crypto', initialCash: '10000' }));
    const sides = new Set(result.trades.map((t) => t.side));
    expect(sides).toEqual(new Set(['long', 'short']));
    expect(result.counts.rejected).toBe(0);
  });

  it('re-places an exit the engine refused under A-share T+1 on 1-minute bars', () => {
    const bars = firstBars(sharedBars('ashare/000001.XSHG_1min.zip'), 4000);
    const day = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
    const result = runBacktest(bars, compileSpec(maCross), { market: 'ashare' });
    const refused = result.orders.filter((o) => o.status === 'rejected' && /^T\+1/.test(o.reason ?? ''));
    expect(refused.length).toBeGreaterThan(5);
    // One refusal per blocked exit, then the exit is placed once the shares can be sold (next trading day).
    expect(result.counts.rejected).toBe(refused.length);
    const exits = result.orders.filter((o) => o.tag === 'long.exit' && o.status === 'filled');
    for (const r of refused) {
      const next = exits.find((o) => o.placedIndex > r.placedIndex);
      if (!next) {
        expect(result.openPosition).not.toBeNull();
        continue;
      }
      expect(day(bars.timeMs[next.doneIndex!]!)).not.toBe(day(bars.timeMs[r.placedIndex]!));
    }
    for (const t of result.trades) expect(day(t.exitTimeMs) > day(t.entryTimeMs)).toBe(true);
  });

  it('a spec without a market starts VWAP days in the time zone of the market the run trades in', () => {
    // Round-the-clock bars, so Shanghai days (from 16:00 UTC) and UTC days cut the VWAP sessions differently.
    const bars = sharedBars('crypto/BTC-USDT_4h_jesse.csv', 'BTC/USDT');
    const spec: StrategySpecInput = {
      name: 'close vs VWAP',
      timeframe: '4h',
      indicators: [{ id: 'vwap', indicator: 'vwap', params: { session: 'day' } }],
      long: { entry: { op: 'crossAbove', left: 'close', right: 'vwap' }, exit: { op: 'crossBelow', left: 'close', right: 'vwap' } },
    };
    const run = (s: StrategySpecInput) => runBacktest(bars, compileSpec(s), { market: 'ashare', initialCash: '10000000' });
    const implicit = run(spec);
    const shanghai = run({ ...spec, market: 'ashare' });
    const utc = run({ ...spec, market: 'crypto' });
    expect(shanghai.trades.length).toBeGreaterThan(5);
    // The two session cuts give different trades, so equality with the Shanghai run is not a coincidence.
    expect(utc.trades).not.toEqual(shanghai.trades);
    expect(implicit.trades).toEqual(shanghai.trades);
    expect(implicit.orders).toEqual(shanghai.orders);
  });

  it('backtestConfigForSpec applies the spec market and fee overrides on the base config', () => {
    const spec = compileSpec({ ...maCross, market: 'ashare', fees: { takerRate: 0.0003, minFee: 5, stampDutyRate: 0.001 } }).spec;
    expect(backtestConfigForSpec(spec, { market: 'crypto', initialCash: '50000', fees: { makerRate: '0.0001' } })).toEqual({
      market: 'ashare',
      initialCash: '50000',
      fees: { makerRate: '0.0001', takerRate: '0.0003', minFee: '5', stampDutyRate: '0.001' },
    });
    const result = runBacktest(dailyBars(), compileSpec(spec), backtestConfigForSpec(spec, { market: 'ashare' }));
    expect(Number(result.final.totalStampDuty)).toBeGreaterThan(0);
    expect(result.orders.filter((o) => o.status === 'filled').every((o) => Number(o.commission) >= 5)).toBe(true);
  });

  it('refuses to compile an invalid spec, listing the problems', () => {
    expect(() => compileSpec({ ...maCross, indicators: [] })).toThrow(/\$\.long\.entry\.left: 'fast' is not a declared/);
  });
});
