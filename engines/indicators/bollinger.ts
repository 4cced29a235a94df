import { isZeroOrNegScaled } from './ta-zero';
import { intParam, realParam } from './validate';

const REANCHOR_EVERY = 128;

/**
 * Bollinger Bands, TA-Lib TA_BBANDS with an SMA middle band: lookback period-1; the deviation is the POPULATION
 * standard deviation (divide by period); upper = middle + devUp * sd, lower = middle - devDown * sd.
 *
 * The middle band is TA-Lib's running SMA, bit for bit. The variance comes from running sums of the inputs shifted by
 * the first input (S1 = Σ(x-K), S2 = Σ(x-K)², var = (S2 - S1²/p) / p) rather than the textbook mean(x²) - sma²: at
 * price levels of thousands the textbook form cancels catastrophically and leaves a spurious deviation on a flat
 * window, where TA-Lib 0.8 reports exactly 0. Agreement with TA-Lib 0.8 is ~1e-14 relative; a variance within
 * TA_EPSILON of the squared mean counts as 0.
 */
export class Bollinger {
  readonly lookback: number;
  value = NaN;
  upper = NaN;
  middle = NaN;
  lower = NaN;
  /** The standard deviation behind the current bands (useful for band width / %b). */
  stdDev = NaN;
  private readonly ring: Float64Array;
  private head = 0;
  private count = 0;
  private total = 0;
  private shift = 0;
  private s1 = 0;
  private s2 = 0;
  private sinceAnchor = 0;

  constructor(
    readonly period = 20,
    readonly devUp = 2,
    readonly devDown = devUp,
  ) {
    intParam('bollinger', 'period', period, 2);
    realParam('bollinger', 'devUp', devUp, -3e37, 3e37);
    realParam('bollinger', 'devDown', devDown, -3e37, 3e37);
    this.lookback = period - 1;
    this.ring = new Float64Array(period);
  }

  /** Returns the middle band; `upper`, `lower` and `stdDev` are read from the instance. */
  update(x: number): number {
    const p = this.period;
    if (this.count === 0) this.shift = x;
    const d = x - this.shift;
    this.ring[this.head] = x;
    this.total += x;
    this.s1 += d;
    this.s2 += d * d;
    if (++this.head === p) this.head = 0;
    if (this.count < p - 1) {
      this.count++;
      return NaN;
    }
    const mid = this.total / p;
    const variance = (this.s2 - (this.s1 * this.s1) / p) / p;
    const oldest = this.ring[this.head]!;
    const od = oldest - this.shift;
    this.total -= oldest;
    this.s1 -= od;
    this.s2 -= od * od;
    if (++this.sinceAnchor === REANCHOR_EVERY) this.reanchor(mid);
    const sd = isZeroOrNegScaled(variance, mid * mid) ? 0 : Math.sqrt(variance);
    this.middle = mid;
    this.stdDev = sd;
    this.upper = mid + this.devUp * sd;
    this.lower = mid - this.devDown * sd;
    return (this.value = mid);
  }

  /**
   * Re-centres the shifted sums on the current mean and recomputes them from the window's remaining period-1 values.
   * Add/subtract residue in S2 otherwise accumulates over hundreds of thousands of bars. Against an exact two-pass
   * deviation over the 239,550 one-minute SSE bars the worst relative error is 1.7e-7 without re-anchoring, 7e-11
   * re-anchoring every 1024 bars and 1.7e-12 every 128, at O(period) per re-anchor.
   */
  private reanchor(shift: number): void {
    const p = this.period;
    let s1 = 0;
    let s2 = 0;
    for (let k = 1; k < p; k++) {
      let slot = this.head + k;
      if (slot >= p) slot -= p;
      const d = this.ring[slot]! - shift;
      s1 += d;
      s2 += d * d;
    }
    this.shift = shift;
    this.s1 = s1;
    this.s2 = s2;
    this.sinceAnchor = 0;
  }

  reset(): void {
    this.ring.fill(0);
    this.head = this.count = this.total = this.shift = this.s1 = this.s2 = this.sinceAnchor = 0;
    this.value = this.upper = this.middle = this.lower = this.stdDev = NaN;
  }
}
