import { intParam } from './validate';

// Indicator math is statistical, so plain floats throughout. Every class repeats TA-Lib's floating-point operation
// order (not just its formula) so values agree with TA-Lib to the last bit or close to it, and each batch function
// is the class run over the array, so batch and incremental results are bit-identical by construction.

/**
 * Simple moving average, TA-Lib TA_SMA: lookback period-1. The running total is kept the way TA_INT_SMA keeps it —
 * add the newest value, divide, then subtract the value leaving the window — rather than re-summed per bar.
 */
export class Sma {
  readonly lookback: number;
  value = NaN;
  private readonly ring: Float64Array;
  private head = 0;
  private count = 0;
  private total = 0;

  constructor(readonly period: number) {
    intParam('sma', 'period', period, 1);
    this.lookback = period - 1;
    this.ring = new Float64Array(period);
  }

  update(x: number): number {
    const p = this.period;
    this.ring[this.head] = x;
    this.total += x;
    if (++this.head === p) this.head = 0;
    if (this.count < p - 1) {
      this.count++;
      return NaN;
    }
    const out = this.total / p;
    // ring[head] is now the oldest value of the window that just produced `out`.
    this.total -= this.ring[this.head]!;
    return (this.value = out);
  }

  reset(): void {
    this.ring.fill(0);
    this.head = this.count = this.total = 0;
    this.value = NaN;
  }
}

/** Weight factor TA-Lib uses for an EMA of `period` (PER_TO_K). */
export function emaK(period: number): number {
  return 2 / (period + 1);
}

/**
 * Exponential moving average, TA-Lib TA_EMA in its default compatibility mode: lookback period-1, the first value is
 * the plain average of the first `period` inputs, then prev = (x - prev) * k + prev with k = 2 / (period + 1).
 */
export class Ema {
  readonly lookback: number;
  readonly k: number;
  value = NaN;
  private count = 0;
  private seed = 0;

  constructor(readonly period: number) {
    intParam('ema', 'period', period, 1);
    this.lookback = period - 1;
    this.k = emaK(period);
  }

  update(x: number): number {
    if (this.count >= this.period) return (this.value = (x - this.value) * this.k + this.value);
    this.seed += x;
    if (++this.count < this.period) return NaN;
    return (this.value = this.seed / this.period);
  }

  reset(): void {
    this.count = this.seed = 0;
    this.value = NaN;
  }
}

/**
 * Linearly weighted moving average, TA-Lib TA_WMA: lookback period-1, weights 1..period (newest heaviest) over
 * period*(period+1)/2. Kept as TA-Lib keeps it: a weighted sum and a plain sum, both updated in O(1) per bar.
 */
export class Wma {
  readonly lookback: number;
  value = NaN;
  private readonly ring: Float64Array;
  private readonly divider: number;
  private head = 0;
  private count = 0;
  private periodSum = 0;
  private periodSub = 0;
  private trailing = 0;

  constructor(readonly period: number) {
    intParam('wma', 'period', period, 1);
    this.lookback = period - 1;
    this.ring = new Float64Array(period);
    this.divider = (period * (period + 1)) / 2;
  }

  update(x: number): number {
    const p = this.period;
    if (this.count < p - 1) {
      this.ring[this.head] = x;
      if (++this.head === p) this.head = 0;
      this.count++;
      this.periodSub += x;
      this.periodSum += x * this.count;
      return NaN;
    }
    this.periodSub += x;
    this.periodSub -= this.trailing;
    this.periodSum += x * p;
    // The value that leaves the window on the next bar is the oldest one of the current window.
    this.ring[this.head] = x;
    if (++this.head === p) this.head = 0;
    this.trailing = this.ring[this.head]!;
    const out = this.periodSum / this.divider;
    this.periodSum -= this.periodSub;
    return (this.value = out);
  }

  reset(): void {
    this.ring.fill(0);
    this.head = this.count = this.periodSum = this.periodSub = this.trailing = 0;
    this.value = NaN;
  }
}

/** Runs a one-input indicator over a series; shared by the batch functions so they cannot drift from the classes. */
export function runSeries(ind: { update(x: number): number }, values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ind.update(values[i]!);
  return out;
}

export function sma(values: ArrayLike<number>, period: number): Float64Array {
  return runSeries(new Sma(period), values);
}

export function ema(values: ArrayLike<number>, period: number): Float64Array {
  return runSeries(new Ema(period), values);
}

export function wma(values: ArrayLike<number>, period: number): Float64Array {
  return runSeries(new Wma(period), values);
}
