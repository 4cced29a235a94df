import { Ema } from './moving-average';
import { intParam } from './validate';

/**
 * MACD, TA-Lib TA_MACD: lookback (slow - 1) + (signal - 1); all three outputs start on the same bar. As in TA-Lib the
 * fast EMA is aligned with the slow one: it is seeded with the mean of the `fast` values that end where the slow
 * seed ends (inputs slow-fast .. slow-1), not from the first bar. The signal line is an EMA of the MACD line,
 * itself SMA-seeded; hist = macd - signal. A slow period smaller than the fast one is swapped, as TA-Lib does.
 */
export class Macd {
  readonly lookback: number;
  readonly fast: number;
  readonly slow: number;
  value = NaN;
  macd = NaN;
  signal = NaN;
  hist = NaN;
  private readonly fastEma: Ema;
  private readonly slowEma: Ema;
  private readonly signalEma: Ema;
  private bar = 0;
  private readonly fastStart: number;

  constructor(
    fast = 12,
    slow = 26,
    readonly signalPeriod = 9,
  ) {
    intParam('macd', 'fast', fast, 2);
    intParam('macd', 'slow', slow, 2);
    intParam('macd', 'signal', signalPeriod, 1);
    if (slow < fast) [fast, slow] = [slow, fast];
    this.fast = fast;
    this.slow = slow;
    this.fastStart = slow - fast;
    this.lookback = slow - 1 + (signalPeriod - 1);
    this.fastEma = new Ema(fast);
    this.slowEma = new Ema(slow);
    this.signalEma = new Ema(signalPeriod);
  }

  /** Returns the MACD line; `signal` and `hist` are read from the instance. NaN for all three during warm-up. */
  update(x: number): number {
    const s = this.slowEma.update(x);
    const f = this.bar >= this.fastStart ? this.fastEma.update(x) : NaN;
    this.bar++;
    if (s !== s) return NaN;
    const line = f - s;
    const sig = this.signalEma.update(line);
    if (sig !== sig) return NaN;
    this.macd = line;
    this.signal = sig;
    this.hist = line - sig;
    return (this.value = line);
  }

  reset(): void {
    this.fastEma.reset();
    this.slowEma.reset();
    this.signalEma.reset();
    this.bar = 0;
    this.value = this.macd = this.signal = this.hist = NaN;
  }
}
