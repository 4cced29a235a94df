import { isZero } from './ta-zero';
import { intParam } from './validate';

/**
 * Relative strength index, TA-Lib TA_RSI in its default (non-Metastock) mode: lookback `period`. Average gain and
 * loss start as plain means of the first `period` changes, then follow Wilder's smoothing
 * avg = (avg * (period - 1) + change) / period; RSI = 100 * gain / (gain + loss), 0 when both are (near) zero.
 */
export class Rsi {
  readonly lookback: number;
  value = NaN;
  private count = 0;
  private prev = 0;
  private gain = 0;
  private loss = 0;

  constructor(readonly period: number) {
    intParam('rsi', 'period', period, 2);
    this.lookback = period;
  }

  update(x: number): number {
    const p = this.period;
    if (this.count === 0) {
      this.count = 1;
      this.prev = x;
      return NaN;
    }
    const change = x - this.prev;
    this.prev = x;
    if (this.count > p) {
      this.loss *= p - 1;
      this.gain *= p - 1;
      if (change < 0) this.loss -= change;
      else this.gain += change;
      this.loss /= p;
      this.gain /= p;
      return (this.value = this.ratio());
    }
    if (change < 0) this.loss -= change;
    else this.gain += change;
    if (++this.count <= p) return NaN;
    this.loss /= p;
    this.gain /= p;
    return (this.value = this.ratio());
  }

  private ratio(): number {
    const total = this.gain + this.loss;
    return isZero(total) ? 0 : 100 * (this.gain / total);
  }

  reset(): void {
    this.count = this.prev = this.gain = this.loss = 0;
    this.value = NaN;
  }
}
