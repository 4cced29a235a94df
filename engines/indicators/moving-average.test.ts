import { describe, expect, it } from 'vitest';
import { Ema, Sma, Wma, ema, sma, wma } from './moving-average';
import { IndicatorParamError } from './validate';

describe('moving averages', () => {
  it('SMA is NaN for period-1 bars, then the window mean', () => {
    expect(Array.from(sma([1, 2, 3, 4, 5, 6], 3))).toEqual([NaN, NaN, 2, 3, 4, 5]);
  });

  it('EMA seeds with the SMA of the first period values, then smooths with k = 2/(period+1)', () => {
    const out = ema([2, 4, 6, 8, 10], 3);
    expect(Array.from(out.subarray(0, 2))).toEqual([NaN, NaN]);
    expect(out[2]).toBe(4);
    expect(out[3]).toBe((8 - 4) * 0.5 + 4);
    expect(out[4]).toBe((10 - 6) * 0.5 + 6);
  });

  it('WMA weighs the newest value by period', () => {
    // (1*1 + 2*2 + 3*3) / 6, then (2*1 + 3*2 + 10*3) / 6
    const out = wma([1, 2, 3, 10], 3);
    expect(out[2]).toBeCloseTo(14 / 6, 14);
    expect(out[3]).toBeCloseTo(38 / 6, 14);
  });

  it('incremental classes return what the batch functions return', () => {
    const xs = Array.from({ length: 200 }, (_, i) => 100 + Math.sin(i / 7) * 10 + (i % 5));
    for (const [Cls, fn] of [
      [Sma, sma],
      [Ema, ema],
      [Wma, wma],
    ] as const) {
      const ind = new Cls(14);
      const batch = fn(xs, 14);
      xs.forEach((x, i) => expect(Object.is(ind.update(x), batch[i])).toBe(true));
    }
  });

  it('refuses a non-integer or too small period, naming it', () => {
    expect(() => new Sma(0)).toThrow(IndicatorParamError);
    expect(() => new Ema(2.5)).toThrow(/ema: period must be an integer/);
  });
});
