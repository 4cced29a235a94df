import { Ema } from '../indicators';

/**
 * MACD histogram on closes for divergence (背驰) measures — floats, a statistical series. TA-Lib TA_MACD alignment:
 * EMAs seeded with an SMA; the fast EMA starts slow−fast bars in so both seeds end on the same bar; the signal line is
 * an SMA-seeded EMA of the MACD line. Built on engines/indicators' Ema (its Macd class was not exported when this
 * was written). Keeps running sums so the histogram area of any bar range is O(1).
 */
export class MacdTrack {
  private readonly fastEma: Ema;
  private readonly slowEma: Ema;
  private readonly signalEma: Ema;
  private readonly fastStart: number;
  private bars = 0;
  /** Index of the first bar with a histogram value. */
  firstValid = -1;
  hist = new Float64Array(1024);
  /** pos[i] = Σ max(hist, 0) over bars < i; neg likewise for −hist. */
  pos = new Float64Array(1025);
  neg = new Float64Array(1025);

  constructor(fast: number, slow: number, signal: number) {
    if (slow < fast) [fast, slow] = [slow, fast];
    this.fastEma = new Ema(fast);
    this.slowEma = new Ema(slow);
    this.signalEma = new Ema(signal);
    this.fastStart = slow - fast;
  }

  get count(): number {
    return this.bars;
  }

  push(close: number): void {
    const i = this.bars;
    if (i === this.hist.length) this.grow();
    const s = this.slowEma.update(close);
    const f = i >= this.fastStart ? this.fastEma.update(close) : NaN;
    let h = NaN;
    if (s === s) {
      const line = f - s;
      const sig = this.signalEma.update(line);
      if (sig === sig) h = line - sig;
    }
    this.hist[i] = h;
    if (h === h && this.firstValid < 0) this.firstValid = i;
    this.pos[i + 1] = this.pos[i]! + (h > 0 ? h : 0);
    this.neg[i + 1] = this.neg[i]! + (h < 0 ? -h : 0);
    this.bars = i + 1;
  }

  private grow(): void {
    const n = this.hist.length * 2;
    const h = new Float64Array(n);
    h.set(this.hist);
    this.hist = h;
    const p = new Float64Array(n + 1);
    p.set(this.pos);
    this.pos = p;
    const q = new Float64Array(n + 1);
    q.set(this.neg);
    this.neg = q;
  }

  /** Histogram area on the side of `dir` over bars [from, to]; NaN when the range starts in the warm-up. */
  area(from: number, to: number, dir: number): number {
    if (this.firstValid < 0 || from < this.firstValid) return NaN;
    return dir > 0 ? this.pos[to + 1]! - this.pos[from]! : this.neg[to + 1]! - this.neg[from]!;
  }

  /** Largest histogram magnitude on the side of `dir` over bars [from, to]; NaN in the warm-up. */
  peak(from: number, to: number, dir: number): number {
    if (this.firstValid < 0 || from < this.firstValid) return NaN;
    let m = 0;
    const h = this.hist;
    for (let i = from; i <= to; i++) {
      const v = dir > 0 ? h[i]! : -h[i]!;
      if (v > m) m = v;
    }
    return m;
  }
}
