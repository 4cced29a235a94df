import { Adx } from './adx';
import { Bollinger } from './bollinger';
import { Donchian, Highest, Lowest } from './extremes';
import { Macd } from './macd';
import { runSeries } from './moving-average';
import { Cci, Mom, Roc, Trix, WillR } from './oscillators';
import { Atr, TrueRange } from './range';
import { Rsi } from './rsi';
import { Stochastic } from './stochastic';
import { sameLength } from './validate';
import { DailySessions, Obv, Vwap } from './volume';

// Batch forms over arrays. Each runs the incremental class bar by bar, so a series computed here and the value a
// strategy sees from `update` on the same bar are the same float, not merely close.

type Col = ArrayLike<number>;

function hlc(name: string, high: Col, low: Col, close: Col): number {
  return sameLength(name, { high, low, close });
}

export function highest(values: Col, period: number): Float64Array {
  return runSeries(new Highest(period), values);
}

export function lowest(values: Col, period: number): Float64Array {
  return runSeries(new Lowest(period), values);
}

export function rsi(values: Col, period = 14): Float64Array {
  return runSeries(new Rsi(period), values);
}

export function mom(values: Col, period = 10): Float64Array {
  return runSeries(new Mom(period), values);
}

export function roc(values: Col, period = 10): Float64Array {
  return runSeries(new Roc(period), values);
}

export function trix(values: Col, period = 15): Float64Array {
  return runSeries(new Trix(period), values);
}

export function macd(values: Col, fast = 12, slow = 26, signal = 9): { macd: Float64Array; signal: Float64Array; hist: Float64Array } {
  const ind = new Macd(fast, slow, signal);
  const n = values.length;
  const out = { macd: new Float64Array(n), signal: new Float64Array(n), hist: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const m = ind.update(values[i]!);
    const warm = m !== m;
    out.macd[i] = m;
    out.signal[i] = warm ? NaN : ind.signal;
    out.hist[i] = warm ? NaN : ind.hist;
  }
  return out;
}

export function bollinger(
  values: Col,
  period = 20,
  devUp = 2,
  devDown = devUp,
): { upper: Float64Array; middle: Float64Array; lower: Float64Array } {
  const ind = new Bollinger(period, devUp, devDown);
  const n = values.length;
  const out = { upper: new Float64Array(n), middle: new Float64Array(n), lower: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const m = ind.update(values[i]!);
    const warm = m !== m;
    out.middle[i] = m;
    out.upper[i] = warm ? NaN : ind.upper;
    out.lower[i] = warm ? NaN : ind.lower;
  }
  return out;
}

export function trueRange(high: Col, low: Col, close: Col): Float64Array {
  const n = hlc('trueRange', high, low, close);
  const ind = new TrueRange();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ind.update(high[i]!, low[i]!, close[i]!);
  return out;
}

export function atr(high: Col, low: Col, close: Col, period = 14): Float64Array {
  const n = hlc('atr', high, low, close);
  const ind = new Atr(period);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ind.update(high[i]!, low[i]!, close[i]!);
  return out;
}

export function cci(high: Col, low: Col, close: Col, period = 14): Float64Array {
  const n = hlc('cci', high, low, close);
  const ind = new Cci(period);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ind.update(high[i]!, low[i]!, close[i]!);
  return out;
}

export function willr(high: Col, low: Col, close: Col, period = 14): Float64Array {
  const n = hlc('willr', high, low, close);
  const ind = new WillR(period);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ind.update(high[i]!, low[i]!, close[i]!);
  return out;
}

export function stochastic(high: Col, low: Col, close: Col, fastK = 5, slowK = 3, slowD = 3): { k: Float64Array; d: Float64Array } {
  const n = hlc('stochastic', high, low, close);
  const ind = new Stochastic(fastK, slowK, slowD);
  const out = { k: new Float64Array(n), d: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const k = ind.update(high[i]!, low[i]!, close[i]!);
    out.k[i] = k;
    out.d[i] = k !== k ? NaN : ind.d;
  }
  return out;
}

/** ADX plus the directional indicators; +DI/-DI start at bar `period`, ADX at bar 2*period-1 (TA-Lib lookbacks). */
export function adx(high: Col, low: Col, close: Col, period = 14): { adx: Float64Array; plusDI: Float64Array; minusDI: Float64Array } {
  const n = hlc('adx', high, low, close);
  const ind = new Adx(period);
  const out = { adx: new Float64Array(n), plusDI: new Float64Array(n), minusDI: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    out.adx[i] = ind.update(high[i]!, low[i]!, close[i]!);
    out.plusDI[i] = i < ind.diLookback ? NaN : ind.plusDI;
    out.minusDI[i] = i < ind.diLookback ? NaN : ind.minusDI;
  }
  return out;
}

export function obv(close: Col, volume: Col): Float64Array {
  const n = sameLength('obv', { close, volume });
  const ind = new Obv();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ind.update(close[i]!, volume[i]!);
  return out;
}

/** `newSession[i]` truthy = bar i opens a session (VWAP restarts there); omitted = one session over the whole series. */
export function vwap(high: Col, low: Col, close: Col, volume: Col, newSession?: ArrayLike<boolean | number>): Float64Array {
  const n = sameLength('vwap', newSession ? { high, low, close, volume, newSession: newSession as Col } : { high, low, close, volume });
  const ind = new Vwap();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ind.update(high[i]!, low[i]!, close[i]!, volume[i]!, newSession ? Boolean(newSession[i]) : false);
  return out;
}

/**
 * Session starts for VWAP: true on the first bar of each calendar day in `timeZone` (e.g. 'Asia/Shanghai' for
 * A-shares, 'UTC' for crypto). `timeMs` are the bars' UTC times as the kline parser gives them.
 */
export function dailySessionStarts(timeMs: ArrayLike<number>, timeZone: string): Uint8Array {
  const n = timeMs.length;
  const out = new Uint8Array(n);
  const sessions = new DailySessions(timeZone);
  for (let i = 0; i < n; i++) out[i] = sessions.isNewSession(timeMs[i]!) ? 1 : 0;
  return out;
}

export function donchian(high: Col, low: Col, period = 20): { upper: Float64Array; middle: Float64Array; lower: Float64Array } {
  const n = sameLength('donchian', { high, low });
  const ind = new Donchian(period);
  const out = { upper: new Float64Array(n), middle: new Float64Array(n), lower: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const u = ind.update(high[i]!, low[i]!);
    const warm = u !== u;
    out.upper[i] = u;
    out.middle[i] = warm ? NaN : ind.middle;
    out.lower[i] = warm ? NaN : ind.lower;
  }
  return out;
}
