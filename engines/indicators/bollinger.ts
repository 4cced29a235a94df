import { isZeroOrNeg } from './ta-zero';
import { intParam, realParam } from './validate';

/**
 * Bollinger Bands, TA-Lib TA_BBANDS with an SMA middle band: lookback period-1; the deviation is the POPULATION
 * standard deviation (divide by period), computed as TA-Lib does from running sums: sqrt(mean(x²) - sma²), 0 when
 * that is (near) zero or negative. upper = middle + devUp * sd, lower = middle - devDown * sd.
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
  private total2 = 0;

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
    this.ring[this.head] = x;
    this.total += x;
    this.total2 += x * x;
    if (++this.head === p) this.head = 0;
    if (this.count < p - 1) {
      this.count++;
      return NaN;
    }
    const mid = this.total / p;
    let meanSq = this.total2 / p;
    const oldest = this.ring[this.head]!;
    this.total -= oldest;
    this.total2 -= oldest * oldest;
    meanSq -= mid * mid;
    const sd = isZeroOrNeg(meanSq) ? 0 : Math.sqrt(meanSq);
    this.middle = mid;
    this.stdDev = sd;
    this.upper = mid + this.devUp * sd;
    this.lower = mid - this.devDown * sd;
    return (this.value = mid);
  }

  reset(): void {
    this.ring.fill(0);
    this.head = this.count = this.total = this.total2 = 0;
    this.value = this.upper = this.middle = this.lower = this.stdDev = NaN;
  }
}
