import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as ind from './index';

// Reference series from the real TA-Lib (reference/generate-talib-fixture.ts runs the PyPI wheel over the first 400
// SSE Composite daily bars and the 239 ETH/USDT daily bars of ../shared/data, plus a slice that goes flat at a high
// price level; inputs are stored in the fixture).

interface Slice {
  source: string;
  rows: number;
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
  /** Only these cases were generated (degenerate slices, where differences of near-equal values are meaningless). */
  cases?: string[];
  results: Record<string, { fn: string; params: Record<string, number>; outputs: Record<string, (number | null)[]> }>;
}

const fixture = JSON.parse(readFileSync(new URL('./reference/talib-fixture.json', import.meta.url), 'utf8')) as {
  talib: string;
  talibC: string;
  slices: Record<string, Slice>;
};

type Outputs = Record<string, ArrayLike<number>>;
const CASES: Record<string, (s: Slice) => Outputs> = {
  sma_10: (s) => ({ value: ind.sma(s.close, 10) }),
  sma_30: (s) => ({ value: ind.sma(s.close, 30) }),
  ema_12: (s) => ({ value: ind.ema(s.close, 12) }),
  ema_26: (s) => ({ value: ind.ema(s.close, 26) }),
  wma_10: (s) => ({ value: ind.wma(s.close, 10) }),
  macd_12_26_9: (s) => ind.macd(s.close, 12, 26, 9),
  macd_5_35_5: (s) => ind.macd(s.close, 5, 35, 5),
  rsi_14: (s) => ({ value: ind.rsi(s.close, 14) }),
  rsi_6: (s) => ({ value: ind.rsi(s.close, 6) }),
  trange: (s) => ({ value: ind.trueRange(s.high, s.low, s.close) }),
  atr_14: (s) => ({ value: ind.atr(s.high, s.low, s.close, 14) }),
  atr_5: (s) => ({ value: ind.atr(s.high, s.low, s.close, 5) }),
  bbands_20_2: (s) => ind.bollinger(s.close, 20, 2, 2),
  'bbands_10_1.5': (s) => ind.bollinger(s.close, 10, 1.5, 1.5),
  stoch_5_3_3: (s) => ind.stochastic(s.high, s.low, s.close, 5, 3, 3),
  stoch_14_3_3: (s) => ind.stochastic(s.high, s.low, s.close, 14, 3, 3),
  adx_14: (s) => ({ value: ind.adx(s.high, s.low, s.close, 14).adx }),
  adx_7: (s) => ({ value: ind.adx(s.high, s.low, s.close, 7).adx }),
  plus_di_14: (s) => ({ value: ind.adx(s.high, s.low, s.close, 14).plusDI }),
  minus_di_14: (s) => ({ value: ind.adx(s.high, s.low, s.close, 14).minusDI }),
  obv: (s) => ({ value: ind.obv(s.close, s.volume) }),
  max_high_20: (s) => ({ value: ind.highest(s.high, 20) }),
  min_low_20: (s) => ({ value: ind.lowest(s.low, 20) }),
  roc_10: (s) => ({ value: ind.roc(s.close, 10) }),
  mom_10: (s) => ({ value: ind.mom(s.close, 10) }),
  cci_14: (s) => ({ value: ind.cci(s.high, s.low, s.close, 14) }),
  cci_20: (s) => ({ value: ind.cci(s.high, s.low, s.close, 20) }),
  willr_14: (s) => ({ value: ind.willr(s.high, s.low, s.close, 14) }),
  trix_15: (s) => ({ value: ind.trix(s.close, 15) }),
};

const REL = 1e-9;

/** First index where ours and TA-Lib's disagree (NaN placement or value beyond REL), or null. */
function firstMismatch(ours: ArrayLike<number>, ref: (number | null)[]): string | null {
  if (ours.length !== ref.length) return `length ${ours.length} vs ${ref.length}`;
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i] ?? NaN;
    const o = ours[i]!;
    if (Number.isNaN(r) !== Number.isNaN(o)) return `index ${i}: ours ${o}, TA-Lib ${r}`;
    if (Number.isNaN(r)) continue;
    if (Math.abs(o - r) > REL * Math.max(Math.abs(r), Math.abs(o))) return `index ${i}: ours ${o}, TA-Lib ${r}`;
  }
  return null;
}

describe(`agreement with TA-Lib ${fixture.talib} (C ${fixture.talibC})`, () => {
  it('the real-data slices cover every case this test knows, and nothing else', () => {
    for (const [name, slice] of Object.entries(fixture.slices)) {
      if (slice.cases) expect(Object.keys(slice.results).sort(), name).toEqual([...slice.cases].sort());
      else expect(Object.keys(slice.results).sort(), name).toEqual(Object.keys(CASES).sort());
    }
  });

  for (const [sliceName, slice] of Object.entries(fixture.slices)) {
    describe(`${sliceName} (${slice.rows} bars of ${slice.source})`, () => {
      for (const [key, compute] of Object.entries(CASES)) {
        if (!(key in slice.results)) continue;
        it(`${key} matches at every index, NaN warm-up included`, () => {
          const ref = slice.results[key]!;
          const ours = compute(slice);
          expect(Object.keys(ours).sort()).toEqual(Object.keys(ref.outputs).sort());
          for (const [out, series] of Object.entries(ref.outputs)) {
            expect(firstMismatch(ours[out]!, series), `${key}.${out}`).toBeNull();
            // Guard against a vacuous pass: every case must have real values to compare.
            expect(series.some((v) => v !== null)).toBe(true);
          }
        });
      }
    });
  }
});
