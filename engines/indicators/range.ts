import { intParam } from './validate';

/** TA-Lib's true range of a bar given the previous close: max(h - l, |h - prevClose|, |l - prevClose|). */
export function trueRangeOf(high: number, low: number, prevClose: number): number {
  let range = high - low;
  const up = Math.abs(high - prevClose);
  if (up > range) range = up;
  const down = Math.abs(low - prevClose);
  if (down > range) range = down;
  return range;
}

/** True range, TA-Lib TA_TRANGE: lookback 1 (the first bar has no previous close). */
export class TrueRange {
  readonly lookback = 1;
  value = NaN;
  private prevClose = NaN;
  private started = false;

  update(high: number, low: number, close: number): number {
    if (!this.started) {
      this.started = true;
      this.prevClose = close;
      return NaN;
    }
    const tr = trueRangeOf(high, low, this.prevClose);
    this.prevClose = close;
    return (this.value = tr);
  }

  reset(): void {
    this.started = false;
    this.prevClose = this.value = NaN;
  }
}

/**
 * Average true range, TA-Lib TA_ATR: lookback `period`. The first ATR is the plain average of the first `period`
 * true ranges (bars 1..period), then Wilder smoothing atr = (atr * (period - 1) + tr) / period. Period 1 is the
 * true range itself, as in TA-Lib.
 */
export class Atr {
  readonly lookback: number;
  value = NaN;
  private readonly tr = new TrueRange();
  private count = 0;
  private sum = 0;

  constructor(readonly period: number) {
    intParam('atr', 'period', period, 1);
    this.lookback = period;
  }

  update(high: number, low: number, close: number): number {
    const tr = this.tr.update(high, low, close);
    if (tr !== tr) return NaN;
    const p = this.period;
    if (this.count >= p) {
      let atr = this.value * (p - 1);
      atr += tr;
      return (this.value = atr / p);
    }
    this.sum += tr;
    if (++this.count < p) return NaN;
    return (this.value = this.sum / p);
  }

  reset(): void {
    this.tr.reset();
    this.count = this.sum = 0;
    this.value = NaN;
  }
}
