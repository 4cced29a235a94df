import { trueRangeOf } from './range';
import { isZero } from './ta-zero';
import { intParam } from './validate';

/**
 * ADX with +DI / -DI, TA-Lib TA_ADX / TA_PLUS_DI / TA_MINUS_DI (Wilder, without the rounding of his book).
 * - Directional movement: +DM = up move if it is positive and larger than the down move, -DM likewise.
 * - +DM, -DM and TR are summed over bars 1..period-1, then each bar smoothed as s = s - s / period + today.
 * - +DI/-DI = 100 * DM / TR from bar `period` on (TA-Lib's DI lookback), 0 when TR is (near) zero.
 * - DX = 100 * |+DI - -DI| / (+DI + -DI); the first ADX (bar 2*period-1, TA-Lib's lookback) is the mean of the
 *   first `period` DX, then adx = (adx * (period - 1) + dx) / period. A bar whose DX is undefined (zero range)
 *   leaves ADX unchanged, as in TA-Lib.
 */
export class Adx {
  readonly lookback: number;
  /** First bar on which `plusDI` / `minusDI` are defined. */
  readonly diLookback: number;
  value = NaN;
  adx = NaN;
  plusDI = NaN;
  minusDI = NaN;
  private bar = 0;
  private prevHigh = 0;
  private prevLow = 0;
  private prevClose = 0;
  private plusDM = 0;
  private minusDM = 0;
  private tr = 0;
  private sumDX = 0;

  constructor(readonly period = 14) {
    intParam('adx', 'period', period, 2);
    this.lookback = 2 * period - 1;
    this.diLookback = period;
  }

  /** Returns ADX; `plusDI` and `minusDI` are read from the instance (defined earlier than ADX, see diLookback). */
  update(high: number, low: number, close: number): number {
    const p = this.period;
    const bar = this.bar++;
    if (bar === 0) {
      this.prevHigh = high;
      this.prevLow = low;
      this.prevClose = close;
      return NaN;
    }
    const diffP = high - this.prevHigh;
    const diffM = this.prevLow - low;
    this.prevHigh = high;
    this.prevLow = low;
    const tr = trueRangeOf(high, low, this.prevClose);
    this.prevClose = close;
    if (bar < p) {
      if (diffM > 0 && diffP < diffM) this.minusDM += diffM;
      else if (diffP > 0 && diffP > diffM) this.plusDM += diffP;
      this.tr += tr;
      return NaN;
    }
    this.minusDM -= this.minusDM / p;
    this.plusDM -= this.plusDM / p;
    if (diffM > 0 && diffP < diffM) this.minusDM += diffM;
    else if (diffP > 0 && diffP > diffM) this.plusDM += diffP;
    this.tr = this.tr - this.tr / p + tr;

    let dx = NaN;
    if (isZero(this.tr)) {
      this.plusDI = this.minusDI = 0;
    } else {
      const minusDI = 100 * (this.minusDM / this.tr);
      const plusDI = 100 * (this.plusDM / this.tr);
      this.minusDI = minusDI;
      this.plusDI = plusDI;
      const sum = minusDI + plusDI;
      if (!isZero(sum)) dx = 100 * (Math.abs(minusDI - plusDI) / sum);
    }

    if (bar < 2 * p - 1) {
      if (dx === dx) this.sumDX += dx;
      return NaN;
    }
    if (bar === 2 * p - 1) {
      if (dx === dx) this.sumDX += dx;
      this.adx = this.sumDX / p;
    } else if (dx === dx) {
      this.adx = (this.adx * (p - 1) + dx) / p;
    }
    return (this.value = this.adx);
  }

  reset(): void {
    this.bar = this.prevHigh = this.prevLow = this.prevClose = 0;
    this.plusDM = this.minusDM = this.tr = this.sumDX = 0;
    this.value = this.adx = this.plusDI = this.minusDI = NaN;
  }
}
