import { describe, expect, it } from 'vitest';
import { rotationParamsSchema, runBacktest, runRotation } from '../backtest';
import { builtinPortfolioStrategies, builtinStrategies, builtinStrategyIds, createBuiltinStrategy, findBuiltin, findBuiltinStrategy, findPortfolioBuiltin } from './library';
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

  it('lists the momentum rotation as a portfolio entry, not as a single-symbol strategy', () => {
    expect(builtinStrategyIds()).not.toContain('momentum-rotation');
    expect(builtinPortfolioStrategies.map((s) => s.id)).toEqual(['momentum-rotation']);
    const rotation = findPortfolioBuiltin('momentum-rotation')!;
    expect(rotation.kind).toBe('rotation');
    // Ranges come from the engine's own schema; the library adds the absolute-momentum default.
    expect(rotation.params).toMatchObject({
      lookback: { default: 20, min: 1, max: 2000, integer: true },
      top: { default: 2, min: 1, max: 100, integer: true },
      rebalanceEvery: { default: 5, integer: true },
      minReturnPercent: { default: 0, integer: false },
    });
    expect(rotation.build({ top: 3 })).toEqual({ kind: 'rotation', params: { lookback: 20, top: 3, rebalanceEvery: 5, minReturnPercent: 0 } });
    expect(() => rotation.build({ top: 0 })).toThrow('momentum-rotation.top must be an integer in [1, 100], got 0');
    expect(rotationParamsSchema.safeParse(rotation.build().params).success).toBe(true);
    expect(findBuiltin('momentum')!.description).toMatch(/momentum-rotation/);
  });

  it('the momentum rotation runs on a universe with its library params', () => {
    const index = dailyBars();
    const inverse = { ...index, symbol: '510001.SH', open: index.open.map((p) => (30000 / Number(p)).toFixed(2)), close: index.close.map((p) => (30000 / Number(p)).toFixed(2)), high: index.low.map((p) => (30000 / Number(p)).toFixed(2)), low: index.high.map((p) => (30000 / Number(p)).toFixed(2)) };
    const result = runRotation([index, inverse], findPortfolioBuiltin('momentum-rotation')!.build({ top: 1 }).params, { market: 'ashare' });
    expect(result.trades.length).toBeGreaterThanOrEqual(10);
    expect(new Set(result.trades.map((t) => t.symbol))).toEqual(new Set(['000001.SH', '510001.SH']));
  });
});
