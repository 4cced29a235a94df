// NaN-aware reductions with the semantics empyrical gets from bottleneck / numpy. Everything here is statistical float
// math over return series, not money.

/** A per-period return series: plain numbers, NaN marks a missing observation. */
export type Series = ArrayLike<number>;
/** A scalar applied to every period, or one value per period (empyrical accepts both for risk-free / thresholds). */
export type ScalarOrSeries = number | Series;

export function toFloat64(values: Series): Float64Array {
  return values instanceof Float64Array ? values : Float64Array.from(values as ArrayLike<number>);
}

/** `returns - by`, elementwise when `by` is a series (which must have the same length). */
export function subtract(returns: Series, by: ScalarOrSeries, name = 'adjustment'): Float64Array {
  const out = new Float64Array(returns.length);
  if (typeof by === 'number') {
    for (let i = 0; i < returns.length; i++) out[i] = returns[i]! - by;
    return out;
  }
  if (by.length !== returns.length) {
    throw new Error(`${name} has ${by.length} values but returns has ${returns.length}; align them first`);
  }
  for (let i = 0; i < returns.length; i++) out[i] = returns[i]! - by[i]!;
  return out;
}

export function nanCount(values: Series): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) n++;
  return n;
}

/** bottleneck.nanmean: NaN when nothing is present. */
export function nanmean(values: Series): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? NaN : sum / n;
}

/** bottleneck.nanstd: two-pass, NaN when fewer than ddof + 1 values are present. */
export function nanstd(values: Series, ddof = 0): number {
  const mean = nanmean(values);
  let ss = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) {
      const d = v - mean;
      ss += d * d;
      n++;
    }
  }
  return n > ddof ? Math.sqrt(ss / (n - ddof)) : NaN;
}

export function nanmin(values: Series): number {
  let m = NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v) && !(v >= m)) m = v;
  }
  return m;
}

export function nanmax(values: Series): number {
  let m = NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v) && !(v <= m)) m = v;
  }
  return m;
}

export function dropNaN(values: Series): Float64Array {
  const out = new Float64Array(nanCount(values));
  let j = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) out[j++] = values[i]!;
  return out;
}

/** Plain mean; NaN propagates, empty gives NaN (numpy.mean). */
export function mean(values: Series): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

export function hasNaN(values: Series): boolean {
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) return true;
  return false;
}

/**
 * numpy.percentile with the default 'linear' method, including numpy's two-sided lerp (interpolating from the upper
 * neighbour when the fraction is ≥ 0.5). Any NaN gives NaN, as numpy does; empty gives NaN.
 */
export function percentile(values: Series, q: number): number {
  if (values.length === 0 || hasNaN(values)) return NaN;
  return percentileOfSorted(Float64Array.from(values as ArrayLike<number>).sort(), q);
}

/** {@link percentile} of values already sorted ascending without NaN, so several percentiles share one sort. */
export function percentileOfSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const index = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(index);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const t = index - lo;
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}
