import { describe, expect, it } from 'vitest';
import { runBacktest } from '../backtest';
import { builtinStrategies, builtinStrategyIds, createBuiltinStrategy, findBuiltin, findBuiltinStrategy } from './library';
import { validateSpec } from './validate';
import { dailyBars } from './test-helpers/data';

describe('builtin strategy library', () => {
  it('has at least eight strategies with descriptions and default params in range', () => {
    expect(builtinStrategies.length).toBeGreaterThanOrEqual(8);
    expect(new Set(builtinStrategyIds()).size).toBe(builtinStrategies.length);
    for (const s of builtinStrategies) {
      expect(s.description.length).toBeGreaterThan(30);
      for (const [name, p] of Object.entries(s.params)) {
        expect(p.default, `${s.id}.${name}`).toBeGreaterThanOrEqual(p.min);
        expect(p.default, `${s.id}.${name}`).toBeLessThanOrEqual(p.max);
      }
    }
    expect(builtinStrategyIds()).toEqual(
      expect.arrayContaining(['ma-cross', 'macd-cross', 'rsi-reversion', 'bollinger-breakout', 'donchian-turtle', 'dual-thrust', 'grid', 'momentum']),
    );
  });

  it.each(builtinStrategies.map((s) => [s.id] as const))('%s backtests on the SSE daily file and trades', async (id) => {
    const strategy = await createBuiltinStrategy(id);
    try {
      const result = runBacktest(dailyBars(), strategy, { market: 'ashare' });
      expect(result.trades.length).toBeGreaterThanOrEqual(10);
      // A refused order is a strategy that does not fit the market: only the expected kinds are tolerated.
      const reasons = new Set(result.orders.filter((o) => o.status === 'rejected').map((o) => o.reason?.replace(/[\d.]+/g, 'N')));
      for (const r of reasons) expect(r).toMatch(/no position to close|quantity rounds to N|insufficient cash/);
    } finally {
      strategy.dispose();
    }
  });

  it('builds with overridden params and refuses params out of range', () => {
    const spec = findBuiltin('ma-cross')!.build({ fast: 10, slow: 60 });
    expect(spec.kind === 'spec' && spec.spec.indicators).toEqual([
      { id: 'fast', indicator: 'sma', params: { period: 10 } },
      { id: 'slow', indicator: 'sma', params: { period: 60 } },
    ]);
    expect(() => findBuiltin('ma-cross')!.build({ fast: 1 })).toThrow('ma-cross.fast must be an integer in [2, 200], got 1');
    expect(() => findBuiltin('ma-cross')!.build({ fats: 3 })).toThrow(/no param 'fats'/);
  });

  it('changing a param changes the trades', async () => {
    const a = runBacktest(dailyBars(), await createBuiltinStrategy('dual-thrust'), { market: 'ashare' });
    const b = runBacktest(dailyBars(), await createBuiltinStrategy('dual-thrust', { k1: 1 }), { market: 'ashare' });
    expect(b.trades.length).toBeLessThan(a.trades.length);
  });

  it('serves spec builtins as validated specs; grid is a code strategy', () => {
    for (const s of builtinStrategies) {
      const spec = findBuiltinStrategy(s.id);
      if (s.kind === 'code') {
        expect(spec).toBeUndefined();
        expect(s.build().kind).toBe('code');
      } else {
        expect(validateSpec(spec).ok).toBe(true);
      }
    }
    expect(findBuiltin('grid')!.kind).toBe('code');
  });

  it('the grid holds several slices at once and sells them one step up', async () => {
    const strategy = await createBuiltinStrategy('grid');
    try {
      const result = runBacktest(dailyBars(), strategy, { market: 'ashare' });
      const buys = result.orders.filter((o) => o.tag === 'grid.buy' && o.status === 'filled');
      const sells = result.orders.filter((o) => o.tag === 'grid.sell' && o.status === 'filled');
      expect(buys.length).toBeGreaterThan(20);
      expect(sells.length).toBeGreaterThan(20);
      // Pyramiding: some buy fills while a position is already held.
      expect(buys.some((o) => Number(o.positionAfter) > Number(o.quantity))).toBe(true);
    } finally {
      strategy.dispose();
    }
  });
});
