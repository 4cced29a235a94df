import type { StrokeLimits } from './config';

/**
 * Inclusion (包含), fractals (分型) and strokes (笔) as one incremental state machine over raw bars. Everything here is
 * geometric on float highs/lows (statistical structure detection, not money); prices go back to callers as raw bar
 * indices so they can report the original decimal strings. Each raw bar costs amortised O(1).
 *
 * The stroke logic is czsc's (waditu/czsc `CZSC::update_bar`), restated over fractal indices instead of re-scanning
 * windows of bars; RULES.md gives the rules and where this differs from czsc.
 */

const UP = 1;
const DOWN = -1;

class F64 {
  a = new Float64Array(1024);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
}

class I32 {
  a = new Int32Array(1024);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
}

export class ChanStructure {
  /** Raw bars. */
  readonly high = new F64();
  readonly low = new F64();

  /** Merged (inclusion-free) bars. */
  readonly mHigh = new F64();
  readonly mLow = new F64();
  /** First and last raw bar the merged bar covers. */
  readonly mFirst = new I32();
  readonly mLast = new I32();
  /** Raw bar whose high (low) is the merged bar's high (low); ties go to the later bar, as in czsc. */
  readonly mHighBar = new I32();
  readonly mLowBar = new I32();

  /** Fractals: merged bar of the middle, +1 top / -1 bottom. Final as soon as they appear. */
  readonly fxMerged = new I32();
  readonly fxKind = new I32();

  /** Strokes as pairs of fractal indices; the last one may still be extended or withdrawn. */
  strokeStart: number[] = [];
  strokeEnd: number[] = [];

  /** Fractal a new stroke would start from (the last stroke's end, or the first stroke's provisional start). */
  private anchor = -1;
  /** Most extreme opposite fractal after the anchor that lies beyond it; the first of equals wins. */
  private best = -1;
  /** Bumped whenever the stroke list changes, so derived layers know to recompute. */
  version = 0;

  constructor(private readonly limits: StrokeLimits) {}

  get barCount(): number {
    return this.high.n;
  }
  get mergedCount(): number {
    return this.mHigh.n;
  }
  get fractalCount(): number {
    return this.fxMerged.n;
  }

  /** Raw bar at a fractal's extreme: the high bar of a top, the low bar of a bottom. */
  fxBar(f: number): number {
    const m = this.fxMerged.a[f]!;
    return this.fxKind.a[f] === UP ? this.mHighBar.a[m]! : this.mLowBar.a[m]!;
  }
  fxPrice(f: number): number {
    const m = this.fxMerged.a[f]!;
    return this.fxKind.a[f] === UP ? this.mHigh.a[m]! : this.mLow.a[m]!;
  }

  push(h: number, l: number): void {
    const r = this.high.n;
    this.high.push(h);
    this.low.push(l);
    const n = this.mHigh.n;
    if (n === 0) {
      this.appendMerged(r, h, l);
      return;
    }
    const k = n - 1;
    const mh = this.mHigh.a;
    const ml = this.mLow.a;
    const h2 = mh[k]!;
    const l2 = ml[k]!;
    const included = (h2 >= h && l2 <= l) || (h2 <= h && l2 >= l);
    if (!included) {
      this.appendMerged(r, h, l);
      if (n + 1 >= 3) this.checkFractal(n - 1);
    } else {
      // Direction from the two last merged bars; with only one merged bar there is none yet, and up is assumed.
      const dir = n >= 2 && mh[k - 1]! > h2 ? DOWN : UP;
      const onePrice = h === l;
      if (dir === UP) {
        // A one-price bar at the merged high would collapse the bar to a point: it is covered, nothing moves.
        if (!(onePrice && h === h2)) {
          if (h >= h2) {
            mh[k] = h;
            this.mHighBar.a[k] = r;
          }
          if (l >= l2) {
            ml[k] = l;
            this.mLowBar.a[k] = r;
          }
        }
      } else if (!(onePrice && l === l2)) {
        if (h <= h2) {
          mh[k] = h;
          this.mHighBar.a[k] = r;
        }
        if (l <= l2) {
          ml[k] = l;
          this.mLowBar.a[k] = r;
        }
      }
      this.mLast.a[k] = r;
    }
    this.checkBreak();
  }

  private appendMerged(r: number, h: number, l: number): void {
    this.mHigh.push(h);
    this.mLow.push(l);
    this.mFirst.push(r);
    this.mLast.push(r);
    this.mHighBar.push(r);
    this.mLowBar.push(r);
  }

  /**
   * Fractal at merged bar m, checked when bar m+1 appears. Later bars merged into m+1 move it away from m (its
   * direction is fixed by m vs m+1), so the answer never changes afterwards.
   */
  private checkFractal(m: number): void {
    const mh = this.mHigh.a;
    const ml = this.mLow.a;
    const h1 = mh[m - 1]!;
    const h2 = mh[m]!;
    const h3 = mh[m + 1]!;
    const l1 = ml[m - 1]!;
    const l2 = ml[m]!;
    const l3 = ml[m + 1]!;
    let kind = 0;
    if (h2 > h1 && h2 > h3 && l2 > l1 && l2 > l3) kind = UP;
    else if (l2 < l1 && l2 < l3 && h2 < h1 && h2 < h3) kind = DOWN;
    if (kind === 0) return;
    const f = this.fxMerged.n;
    this.fxMerged.push(m);
    this.fxKind.push(kind);
    this.onFractal(f);
  }

  private onFractal(f: number): void {
    if (this.anchor < 0) {
      this.anchor = f;
      return;
    }
    const kind = this.fxKind.a[f]!;
    const aKind = this.fxKind.a[this.anchor]!;
    if (kind === aKind) {
      // Before the first stroke the start is the most extreme fractal of the first fractal's kind (later wins ties).
      if (this.strokeStart.length === 0 && this.atLeastAsExtreme(f, this.anchor)) {
        this.anchor = f;
        this.best = -1;
      }
      return;
    }
    if (this.beyond(f, this.anchor) && (this.best < 0 || this.moreExtreme(f, this.best))) this.best = f;
    this.tryForm();
  }

  /** A top above the anchor bottom's low, or a bottom below the anchor top's high. */
  private beyond(f: number, a: number): boolean {
    return this.fxKind.a[f] === UP ? this.fxPrice(f) > this.fxPrice(a) : this.fxPrice(f) < this.fxPrice(a);
  }
  private moreExtreme(f: number, g: number): boolean {
    return this.fxKind.a[f] === UP ? this.fxPrice(f) > this.fxPrice(g) : this.fxPrice(f) < this.fxPrice(g);
  }
  private atLeastAsExtreme(f: number, g: number): boolean {
    return this.fxKind.a[f] === UP ? this.fxPrice(f) >= this.fxPrice(g) : this.fxPrice(f) <= this.fxPrice(g);
  }

  private canConnect(a: number, b: number): boolean {
    const ma = this.fxMerged.a[a]!;
    const mb = this.fxMerged.a[b]!;
    if (mb - ma < this.limits.minSpan) return false;
    if (this.limits.minRawBetween > 0 && this.fxBar(b) - this.fxBar(a) - 1 < this.limits.minRawBetween) return false;
    const ha = this.mHigh.a[ma]!;
    const la = this.mLow.a[ma]!;
    const hb = this.mHigh.a[mb]!;
    const lb = this.mLow.a[mb]!;
    // The two fractal middle bars must not contain one another.
    if ((ha > hb && la < lb) || (ha < hb && la > lb)) return false;
    // The end must still be the extreme: the bar after it may already have gone further (czsc forms then withdraws).
    const last = this.mHigh.n - 1;
    if (this.fxKind.a[b] === UP ? this.mHigh.a[last]! > hb : this.mLow.a[last]! < lb) return false;
    return true;
  }

  private tryForm(): void {
    while (this.best >= 0 && this.canConnect(this.anchor, this.best)) {
      this.strokeStart.push(this.anchor);
      this.strokeEnd.push(this.best);
      this.version++;
      this.anchor = this.best;
      this.recomputeBest();
    }
  }

  private recomputeBest(): void {
    this.best = -1;
    const a = this.anchor;
    const aKind = this.fxKind.a[a]!;
    for (let f = a + 1; f < this.fxMerged.n; f++) {
      if (this.fxKind.a[f] === aKind) continue;
      if (this.beyond(f, a) && (this.best < 0 || this.moreExtreme(f, this.best))) this.best = f;
    }
  }

  /** The last stroke is withdrawn when the newest merged bar goes past its end; its start becomes the anchor again. */
  private checkBreak(): void {
    let changed = false;
    const last = this.mHigh.n - 1;
    while (this.strokeEnd.length > 0) {
      const e = this.strokeEnd[this.strokeEnd.length - 1]!;
      const broken = this.fxKind.a[e] === UP ? this.mHigh.a[last]! > this.fxPrice(e) : this.mLow.a[last]! < this.fxPrice(e);
      if (!broken) break;
      this.strokeEnd.pop();
      this.anchor = this.strokeStart.pop()!;
      this.version++;
      changed = true;
      if (this.strokeStart.length === 0) this.reanchorFirst();
    }
    if (changed) {
      // The withdrawn stroke's start must still be the extreme since it; if price went further meanwhile, the stroke
      // that ends there is withdrawn too, so it can be redrawn to the further point (czsc keeps it; see RULES.md).
      while (this.limits.strictExtremes && this.strokeStart.length > 0 && this.passedSince(this.anchor)) {
        this.strokeEnd.pop();
        this.anchor = this.strokeStart.pop()!;
        if (this.strokeStart.length === 0) this.reanchorFirst();
      }
      this.recomputeBest();
      this.tryForm();
    }
  }

  /** A later fractal of the same kind lies beyond fractal a. */
  private passedSince(a: number): boolean {
    const kind = this.fxKind.a[a]!;
    for (let f = a + 1; f < this.fxMerged.n; f++) {
      if (this.fxKind.a[f] === kind && this.moreExtreme(f, a)) return true;
    }
    return false;
  }

  private reanchorFirst(): void {
    const kind = this.fxKind.a[this.anchor]!;
    for (let f = this.anchor + 1; f < this.fxMerged.n; f++) {
      if (this.fxKind.a[f] === kind && this.atLeastAsExtreme(f, this.anchor)) this.anchor = f;
    }
  }
}
