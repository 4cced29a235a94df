import { Highest, Lowest } from './extremes';
import { Ema } from './moving-average';
import { isZeroScaled } from './ta-zero';
import { intParam } from './validate';

/** Fixed-size history of the last `size` inputs, for indicators that compare with the value n bars ago. */
class Lag {
  private readonly ring: Float64Array;
  private head = 0;
  count = 0;

  constructor(readonly size: number) {
    this.ring = new Float64Array(size);
  }

  /** Stores x and returns the value `size` bars before it (undefined content until `count > size`). */
  push(x: number): number {
    const old = this.ring[this.head]!;
    this.ring[this.head] = x;
    if (++this.head === this.size) this.head = 0;
    this.count++;
    return old;
  }

  reset(): void {
    this.ring.fill(0);
    this.head = this.count = 0;
  }
}

/** Momentum, TA-Lib TA_MOM: x - x[period bars ago]; lookback `period`. */
export class Mom {
  readonly lookback: number;
  value = NaN;
  private readonly lag: Lag;

  constructor(readonly period = 10) {
    intParam('mom', 'period', period, 1);
    this.lookback = period;
    this.lag = new Lag(period);
  }

  update(x: number): number {
    const old = this.lag.push(x);
    if (this.lag.count <= this.period) return NaN;
    return (this.value = x - old);
  }

  reset(): void {
    this.lag.reset();
    this.value = NaN;
  }
}

/** Rate of change, TA-Lib TA_ROC: ((x / x[period bars ago]) - 1) * 100, 0 when the old value is 0; lookback `period`. */
export class Roc {
  readonly lookback: number;
  value = NaN;
  private readonly lag: Lag;

  constructor(readonly period = 10) {
    intParam('roc', 'period', period, 1);
    this.lookback = period;
    this.lag = new Lag(period);
  }

  update(x: number): number {
    const old = this.lag.push(x);
    if (this.lag.count <= this.period) return NaN;
    return (this.value = old !== 0 ? (x / old - 1) * 100 : 0);
  }

  reset(): void {
    this.lag.reset();
    this.value = NaN;
  }
}

/**
 * Commodity channel index, TA-Lib TA_CCI: lookback period-1; typical price (h + l + c) / 3,
 * cci = (tp - mean) / (0.015 * meanAbsDev), 0 when either part is zero relative to the price level (TA-Lib 0.8's
 * scaled zero test, so a flat window gives 0 rather than ±66.7 from rounding residue). The mean absolute deviation needs
 * the whole window, so this one costs O(period) per bar (still allocation-free); the sums run over the ring in
 * slot order exactly as TA-Lib's circular buffer does, which keeps the floats identical.
 */
export class Cci {
  readonly lookback: number;
  value = NaN;
  private readonly ring: Float64Array;
  private idx = 0;
  private count = 0;

  constructor(readonly period = 14) {
    intParam('cci', 'period', period, 2);
    this.lookback = period - 1;
    this.ring = new Float64Array(period);
  }

  update(high: number, low: number, close: number): number {
    const p = this.period;
    const ring = this.ring;
    const tp = (high + low + close) / 3;
    ring[this.idx] = tp;
    if (++this.idx === p) this.idx = 0;
    if (this.count < p - 1) {
      this.count++;
      return NaN;
    }
    let mean = 0;
    for (let j = 0; j < p; j++) mean += ring[j]!;
    mean /= p;
    let dev = 0;
    for (let j = 0; j < p; j++) dev += Math.abs(ring[j]! - mean);
    const diff = tp - mean;
    const scale = Math.abs(mean);
    const flat = isZeroScaled(diff, Math.abs(tp) + scale) || isZeroScaled(dev, p * scale);
    return (this.value = flat ? 0 : diff / (0.015 * (dev / p)));
  }

  reset(): void {
    this.ring.fill(0);
    this.idx = this.count = 0;
    this.value = NaN;
  }
}

/**
 * Williams %R, TA-Lib TA_WILLR: lookback period-1; (highest - close) / ((highest - lowest) / -100), i.e. 0 at the
 * top of the range and -100 at the bottom; 0 when the range is flat.
 */
export class WillR {
  readonly lookback: number;
  value = NaN;
  private readonly hi: Highest;
  private readonly lo: Lowest;

  constructor(readonly period = 14) {
    intParam('willr', 'period', period, 2);
    this.lookback = period - 1;
    this.hi = new Highest(period);
    this.lo = new Lowest(period);
  }

  update(high: number, low: number, close: number): number {
    const h = this.hi.update(high);
    const l = this.lo.update(low);
    if (h !== h) return NaN;
    const diff = (h - l) / -100;
    return (this.value = diff !== 0 ? (h - close) / diff : 0);
  }

  reset(): void {
    this.hi.reset();
    this.lo.reset();
    this.value = NaN;
  }
}

/**
 * TRIX, TA-Lib TA_TRIX: the 1-bar rate of change (percent) of a triple EMA, each EMA SMA-seeded on its own input;
 * lookback 3 * (period - 1) + 1.
 */
export class Trix {
  readonly lookback: number;
  value = NaN;
  private readonly e1: Ema;
  private readonly e2: Ema;
  private readonly e3: Ema;
  private readonly roc = new Roc(1);

  constructor(readonly period = 15) {
    intParam('trix', 'period', period, 1);
    this.lookback = 3 * (period - 1) + 1;
    this.e1 = new Ema(period);
    this.e2 = new Ema(period);
    this.e3 = new Ema(period);
  }

  update(x: number): number {
    const a = this.e1.update(x);
    if (a !== a) return NaN;
    const b = this.e2.update(a);
    if (b !== b) return NaN;
    const c = this.e3.update(b);
    if (c !== c) return NaN;
    const r = this.roc.update(c);
    if (r !== r) return NaN;
    return (this.value = r);
  }

  reset(): void {
    this.e1.reset();
    this.e2.reset();
    this.e3.reset();
    this.roc.reset();
    this.value = NaN;
  }
}
