import { assertTimeZone, utcOffsetMs } from '../klines';

/**
 * On-balance volume, TA-Lib TA_OBV: lookback 0; the first value is the first bar's volume, then volume is added on
 * an up close, subtracted on a down close, and ignored on an unchanged close.
 */
export class Obv {
  readonly lookback = 0;
  value = NaN;
  private prevClose = NaN;
  private started = false;

  update(close: number, volume: number): number {
    if (!this.started) {
      this.started = true;
      this.prevClose = close;
      return (this.value = volume);
    }
    if (close > this.prevClose) this.value += volume;
    else if (close < this.prevClose) this.value -= volume;
    this.prevClose = close;
    return this.value;
  }

  reset(): void {
    this.started = false;
    this.prevClose = this.value = NaN;
  }
}

/**
 * Volume-weighted average price (not in TA-Lib). Convention: typical price (high + low + close) / 3 weighted by
 * volume, cumulated from the start of the session; a bar passed with `newSession = true` starts a new session
 * (the cumulation restarts with that bar). Lookback 0; NaN while the session has seen no volume, since there is no
 * traded price to average. Batch callers mark session starts with `dailySessionStarts` or their own flags.
 */
export class Vwap {
  readonly lookback = 0;
  value = NaN;
  private pv = 0;
  private vol = 0;

  update(high: number, low: number, close: number, volume: number, newSession = false): number {
    if (newSession) this.pv = this.vol = 0;
    this.pv += ((high + low + close) / 3) * volume;
    this.vol += volume;
    return (this.value = this.vol > 0 ? this.pv / this.vol : NaN);
  }

  reset(): void {
    this.pv = this.vol = 0;
    this.value = NaN;
  }
}

const DAY_MS = 86_400_000;

/**
 * Tells, bar by bar, whether a bar opens a new calendar day in `timeZone` (VWAP's default session). Bars must come
 * in time order; the first bar always opens a session.
 */
export class DailySessions {
  readonly timeZone: string;
  private prevDay = NaN;

  constructor(timeZone: string) {
    this.timeZone = assertTimeZone(timeZone);
  }

  isNewSession(timeMs: number): boolean {
    const day = Math.floor((timeMs + utcOffsetMs(timeMs, this.timeZone)) / DAY_MS);
    const isNew = day !== this.prevDay;
    this.prevDay = day;
    return isNew;
  }

  reset(): void {
    this.prevDay = NaN;
  }
}
