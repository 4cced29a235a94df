import { describe, expect, it } from 'vitest';
import * as ind from './index';
import type { BarValues, IndicatorId, IndicatorParams, PriceSource } from './index';
import { loadSharedBars, type FloatBars } from './test-helpers/bars';

// The strategy runtime feeds indicators bar by bar (createIndicator → update) while charts and research use the
// batch functions; both must produce the same floats on real data, bit for bit, warm-up NaNs included.

const DATA: Record<string, FloatBars> = {
  'SSE Composite daily': loadSharedBars('ashare/000001.SH_D.csv'),
  'ETH/USDT daily': loadSharedBars('crypto/ETH-USDT_1d_jesse.csv', { symbol: 'ETH/USDT' }),
  'BTC/USDT 1m': loadSharedBars('crypto/BTC-USDT_1m_jesse.csv', { symbol: 'BTC/USDT' }),
};

function sourceOf(b: FloatBars, s: PriceSource): number[] {
  const n = b.close.length;
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const o = b.open[i]!, h = b.high[i]!, l = b.low[i]!, c = b.close[i]!, v = b.volume[i]!;
    out[i] = { close: c, open: o, high: h, low: l, volume: v, hl2: (h + l) / 2, hlc3: (h + l + c) / 3, ohlc4: (o + h + l + c) / 4 }[s];
  }
  return out;
}

/** The batch function for a catalog entry, by output name. */
function batch(id: IndicatorId, p: IndicatorParams, b: FloatBars, timeZone: string): Record<string, Float64Array> {
  const n = (k: string) => p[k] as number;
  const src = () => sourceOf(b, p.source as PriceSource);
  const { high: h, low: l, close: c, volume: v } = b;
  switch (id) {
    case 'sma': return { value: ind.sma(src(), n('period')) };
    case 'ema': return { value: ind.ema(src(), n('period')) };
    case 'wma': return { value: ind.wma(src(), n('period')) };
    case 'macd': return ind.macd(src(), n('fast'), n('slow'), n('signal'));
    case 'rsi': return { value: ind.rsi(src(), n('period')) };
    case 'atr': return { value: ind.atr(h, l, c, n('period')) };
    case 'trange': return { value: ind.trueRange(h, l, c) };
    case 'bollinger': return ind.bollinger(src(), n('period'), n('devUp'), n('devDown'));
    case 'stochastic': return ind.stochastic(h, l, c, n('fastK'), n('slowK'), n('slowD'));
    case 'adx': return ind.adx(h, l, c, n('period'));
    case 'obv': return { value: ind.obv(c, v) };
    case 'vwap': return { value: ind.vwap(h, l, c, v, p.session === 'day' ? ind.dailySessionStarts(b.timeMs, timeZone) : undefined) };
    case 'donchian': return ind.donchian(h, l, n('period'));
    case 'highest': return { value: ind.highest(src(), n('period')) };
    case 'lowest': return { value: ind.lowest(src(), n('period')) };
    case 'roc': return { value: ind.roc(src(), n('period')) };
    case 'mom': return { value: ind.mom(src(), n('period')) };
    case 'cci': return { value: ind.cci(h, l, c, n('period')) };
    case 'willr': return { value: ind.willr(h, l, c, n('period')) };
    case 'trix': return { value: ind.trix(src(), n('period')) };
  }
}

function runIncremental(inst: ind.IndicatorInstance, b: FloatBars): Record<string, Float64Array> {
  const readers = inst.outputs.map((o) => [o, inst.reader(o)] as const);
  const out = Object.fromEntries(inst.outputs.map((o) => [o, new Float64Array(b.close.length)]));
  const bar: BarValues = { timeMs: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  for (let i = 0; i < b.close.length; i++) {
    bar.timeMs = b.timeMs[i]!;
    bar.open = b.open[i]!;
    bar.high = b.high[i]!;
    bar.low = b.low[i]!;
    bar.close = b.close[i]!;
    bar.volume = b.volume[i]!;
    const primary = inst.update(bar);
    for (const [o, read] of readers) {
      // Multi-output fields hold their last valid values; like the batch form, report NaN while the output is
      // still warming up (primary NaN) — except ADX's DI lines, which TA-Lib defines from bar `period`.
      out[o]![i] = primary !== primary && o !== 'plusDI' && o !== 'minusDI' ? NaN : read();
    }
  }
  return out;
}

function firstDifference(a: Float64Array, b: Float64Array): number {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

const VARIANTS: [IndicatorId, Record<string, number | string>][] = [
  ...ind.indicatorIds.map((id) => [id, {}] as [IndicatorId, Record<string, number | string>]),
  ['sma', { period: 7, source: 'hlc3' }],
  ['ema', { period: 50, source: 'volume' }],
  ['macd', { fast: 5, slow: 35, signal: 5, source: 'ohlc4' }],
  ['rsi', { period: 2 }],
  ['bollinger', { period: 10, devUp: 2.5, devDown: 1.5, source: 'hl2' }],
  ['stochastic', { fastK: 14, slowK: 1, slowD: 5 }],
  ['adx', { period: 5 }],
  ['donchian', { period: 55 }],
  ['highest', { period: 4, source: 'close' }],
  ['vwap', { session: 'none' }],
];

describe('incremental (createIndicator) and batch give bit-identical series', () => {
  for (const [name, bars] of Object.entries(DATA)) {
    describe(`${name} (${bars.close.length} bars)`, () => {
      const timeZone = name.startsWith('SSE') ? 'Asia/Shanghai' : 'UTC';
      for (const [id, params] of VARIANTS) {
        it(`${id} ${JSON.stringify(params)}`, () => {
          const inst = ind.createIndicator(id, params, { timeZone });
          const expected = batch(id, inst.params, bars, timeZone);
          const first = runIncremental(inst, bars);
          expect(Object.keys(first).sort()).toEqual(Object.keys(expected).sort());
          for (const o of inst.outputs) {
            expect(firstDifference(first[o]!, expected[o]!), `${id}.${o} first differing bar`).toBe(-1);
            expect(expected[o]!.some((x) => Number.isFinite(x)), `${id}.${o} has values`).toBe(true);
          }
          // A reset instance replays the same series, so a runner can be reused across backtests.
          inst.reset();
          const again = runIncremental(inst, bars);
          for (const o of inst.outputs) expect(firstDifference(again[o]!, first[o]!), `${id}.${o} after reset`).toBe(-1);
          expect(Number.isNaN(first[inst.outputs[0]!]![inst.lookback - 1] ?? NaN)).toBe(true);
          expect(Number.isNaN(first[inst.outputs[0]!]![inst.lookback]!)).toBe(false);
        });
      }
    });
  }
});
