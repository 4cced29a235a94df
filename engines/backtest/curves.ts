import type { CurvePoints } from './types';

/**
 * Chart points from the full equity series: at most `maxPoints`, keeping the first and last bar and, per bucket,
 * the lowest and highest equity in time order, so peaks and troughs (and so the drawdowns) survive downsampling.
 */
export function downsampleCurve(timeMs: Float64Array, equity: Float64Array, drawdown: Float64Array, maxPoints: number): CurvePoints {
  const n = equity.length;
  const out: CurvePoints = { timeMs: [], equity: [], drawdown: [], sourcePoints: n };
  const push = (i: number) => {
    out.timeMs.push(timeMs[i]!);
    out.equity.push(equity[i]!);
    out.drawdown.push(drawdown[i]!);
  };
  if (n <= maxPoints) {
    for (let i = 0; i < n; i++) push(i);
    return out;
  }
  push(0);
  const buckets = Math.floor((maxPoints - 2) / 2);
  const inner = n - 2;
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (end <= start) continue;
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (equity[i]! < equity[lo]!) lo = i;
      if (equity[i]! > equity[hi]!) hi = i;
    }
    if (lo === hi) push(lo);
    else if (lo < hi) {
      push(lo);
      push(hi);
    } else {
      push(hi);
      push(lo);
    }
  }
  push(n - 1);
  return out;
}

/** Simple returns and drawdown of a mark-to-market equity series (float64: statistics, not money). */
export function returnsAndDrawdown(equity: Float64Array, initial: number): { returns: Float64Array; drawdown: Float64Array } {
  const n = equity.length;
  const returns = new Float64Array(n);
  const drawdown = new Float64Array(n);
  let prev = initial;
  let peak = initial;
  for (let i = 0; i < n; i++) {
    const e = equity[i]!;
    returns[i] = e / prev - 1;
    prev = e;
    if (e > peak) peak = e;
    drawdown[i] = e / peak - 1;
  }
  return { returns, drawdown };
}
