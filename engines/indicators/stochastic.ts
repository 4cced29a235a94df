import { Highest, Lowest } from './extremes';
import { Sma } from './moving-average';
import { intParam } from './validate';

/**
 * Slow stochastic, TA-Lib TA_STOCH with SMA smoothing (defaults fastK 5, slowK 3, slowD 3): lookback
 * (fastK - 1) + (slowK - 1) + (slowD - 1), and %K and %D both start on that bar. Raw %K is computed as TA-Lib writes it,
 * (close - lowest) / ((highest - lowest) / 100), and is 0 when the range is flat; %K = SMA(raw, slowK),
 * %D = SMA(%K, slowD).
 */
export class Stochastic {
  readonly lookback: number;
  value = NaN;
  k = NaN;
  d = NaN;
  private readonly hi: Highest;
  private readonly lo: Lowest;
  private readonly slowKSma: Sma;
  private readonly slowDSma: Sma;

  constructor(
    readonly fastK = 5,
    readonly slowK = 3,
    readonly slowD = 3,
  ) {
    intParam('stochastic', 'fastK', fastK, 1);
    intParam('stochastic', 'slowK', slowK, 1);
    intParam('stochastic', 'slowD', slowD, 1);
    this.lookback = fastK - 1 + (slowK - 1) + (slowD - 1);
    this.hi = new Highest(fastK);
    this.lo = new Lowest(fastK);
    this.slowKSma = new Sma(slowK);
    this.slowDSma = new Sma(slowD);
  }

  /** Returns slow %K; `d` is read from the instance. */
  update(high: number, low: number, close: number): number {
    const h = this.hi.update(high);
    const l = this.lo.update(low);
    if (h !== h) return NaN;
    const diff = (h - l) / 100;
    const raw = diff !== 0 ? (close - l) / diff : 0;
    const k = this.slowKSma.update(raw);
    if (k !== k) return NaN;
    const d = this.slowDSma.update(k);
    if (d !== d) return NaN;
    this.k = k;
    this.d = d;
    return (this.value = k);
  }

  reset(): void {
    this.hi.reset();
    this.lo.reset();
    this.slowKSma.reset();
    this.slowDSma.reset();
    this.value = this.k = this.d = NaN;
  }
}
