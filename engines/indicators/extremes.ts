import { intParam } from './validate';

/**
 * Highest (or lowest) value of the last `period` inputs including the current one, TA-Lib TA_MAX / TA_MIN:
 * lookback period-1. A monotonic deque in preallocated typed arrays gives the same values as TA-Lib's rescanning
 * loop in amortised O(1) per bar without allocating.
 */
export class RollingExtreme {
  readonly lookback: number;
  value = NaN;
  private readonly vals: Float64Array;
  private readonly bars: Float64Array;
  private head = 0;
  private size = 0;
  private bar = 0;
  private readonly sign: number;

  constructor(
    readonly kind: 'max' | 'min',
    readonly period: number,
  ) {
    intParam(kind, 'period', period, 1);
    this.lookback = period - 1;
    this.vals = new Float64Array(period);
    this.bars = new Float64Array(period);
    // Comparing sign*x turns the min deque into a max deque over negated values without a second code path.
    this.sign = kind === 'max' ? 1 : -1;
  }

  update(x: number): number {
    const cap = this.period;
    const s = this.sign;
    const sx = s * x;
    // Drop values the new one dominates: they can never be the extreme again while x is in the window.
    while (this.size > 0) {
      let back = this.head + this.size - 1;
      if (back >= cap) back -= cap;
      if (s * this.vals[back]! > sx) break;
      this.size--;
    }
    // Expire the front if it left the window (at most one per bar, since one value enters per bar).
    if (this.size > 0 && this.bars[this.head]! <= this.bar - cap) {
      if (++this.head === cap) this.head = 0;
      this.size--;
    }
    let slot = this.head + this.size;
    if (slot >= cap) slot -= cap;
    this.vals[slot] = x;
    this.bars[slot] = this.bar;
    this.size++;
    if (++this.bar < cap) return NaN;
    return (this.value = this.vals[this.head]!);
  }

  reset(): void {
    this.head = this.size = this.bar = 0;
    this.value = NaN;
  }
}

export class Highest extends RollingExtreme {
  constructor(period: number) {
    super('max', period);
  }
}

export class Lowest extends RollingExtreme {
  constructor(period: number) {
    super('min', period);
  }
}

/**
 * Donchian channel (not in TA-Lib): upper = highest high and lower = lowest low of the last `period` bars INCLUDING
 * the current one (TA-Lib MAX/MIN convention), middle = (upper + lower) / 2; lookback period-1. A breakout rule
 * ("close above the N-bar high") must therefore compare against the previous bar's upper band.
 */
export class Donchian {
  readonly lookback: number;
  value = NaN;
  upper = NaN;
  lower = NaN;
  middle = NaN;
  private readonly hi: Highest;
  private readonly lo: Lowest;

  constructor(readonly period: number) {
    intParam('donchian', 'period', period, 1);
    this.lookback = period - 1;
    this.hi = new Highest(period);
    this.lo = new Lowest(period);
  }

  /** Returns the upper band; `lower` and `middle` are read from the instance. */
  update(high: number, low: number): number {
    const u = this.hi.update(high);
    const l = this.lo.update(low);
    if (u !== u) return NaN;
    this.upper = u;
    this.lower = l;
    this.middle = (u + l) / 2;
    return (this.value = u);
  }

  reset(): void {
    this.hi.reset();
    this.lo.reset();
    this.value = this.upper = this.lower = this.middle = NaN;
  }
}
