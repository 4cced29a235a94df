// Drawdowns over a compounded wealth index (statistical floats). `drawdownSeries`, `maxDrawdown` and `calmarRatio` follow
// empyrical-reloaded 0.7.1; the duration / recovery figures are ours (empyrical has none) and are defined below.
import { annualReturn } from './returns';
import type { AnnualizationOptions } from './periods';
import { nanmin, type Series } from './nan-stats';

/**
 * Wealth index with the starting anchor: index 0 is the value before the first return, index i + 1 the value after
 * return i. NaN returns count as 0, as in empyrical's cum_returns.
 */
function wealthIndex(returns: Series, start = 100): Float64Array {
  const out = new Float64Array(returns.length + 1);
  out[0] = start;
  let wealth = 1;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i]!;
    wealth *= Number.isNaN(r) ? 1 : 1 + r;
    out[i + 1] = wealth * start;
  }
  return out;
}

/**
 * Drawdown after each period, relative to the running peak, as a fraction ≤ 0. The peak includes the starting value,
 * so a loss on the first period is already a drawdown.
 */
export function drawdownSeries(returns: Series): Float64Array {
  const wealth = wealthIndex(returns);
  const out = new Float64Array(returns.length);
  let peak = wealth[0]!;
  for (let i = 1; i < wealth.length; i++) {
    const w = wealth[i]!;
    if (!(w <= peak)) peak = w;
    out[i - 1] = (w - peak) / peak;
  }
  return out;
}

/** Deepest drawdown as a negative fraction (0 when there is none), NaN for an empty series. */
export function maxDrawdown(returns: Series): number {
  if (returns.length < 1) return NaN;
  return nanmin(drawdownSeries(returns));
}

/** Annual return over |max drawdown|; NaN without a drawdown or when the quotient is infinite. */
export function calmarRatio(returns: Series, opts: AnnualizationOptions = {}): number {
  const maxDd = maxDrawdown(returns);
  if (!(maxDd < 0)) return NaN;
  const ratio = annualReturn(returns, opts) / Math.abs(maxDd);
  return Number.isFinite(ratio) ? ratio : NaN;
}

export interface DrawdownPeriod {
  /** Depth as a negative fraction. */
  depth: number;
  /** Wealth-index position of the peak: 0 is the start, i + 1 is after return i. */
  peak: number;
  /** Wealth-index position of the trough. */
  trough: number;
  /** Wealth-index position where the peak was regained, or null if it never was. */
  recovery: number | null;
}

/**
 * Underwater spells of the wealth index: each begins at a running peak and ends at the first position back at or
 * above it. Positions are in periods, so `recovery - peak` is the spell's length in periods.
 */
export function drawdownPeriods(returns: Series): DrawdownPeriod[] {
  const wealth = wealthIndex(returns);
  const spells: DrawdownPeriod[] = [];
  let peakAt = 0;
  let current: DrawdownPeriod | null = null;
  for (let i = 1; i < wealth.length; i++) {
    const w = wealth[i]!;
    const peak = wealth[peakAt]!;
    if (w >= peak) {
      if (current) {
        current.recovery = i;
        spells.push(current);
        current = null;
      }
      peakAt = i;
      continue;
    }
    const depth = (w - peak) / peak;
    if (!current) current = { depth, peak: peakAt, trough: i, recovery: null };
    else if (depth < current.depth) {
      current.depth = depth;
      current.trough = i;
    }
  }
  if (current) spells.push(current);
  return spells;
}

/**
 * Longest time under water, in periods: from a peak to the first period back at it, or to the last period when the
 * peak was never regained. 0 without a drawdown, NaN for an empty series.
 */
export function maxDrawdownDuration(returns: Series): number {
  if (returns.length < 1) return NaN;
  let longest = 0;
  for (const s of drawdownPeriods(returns)) longest = Math.max(longest, (s.recovery ?? returns.length) - s.peak);
  return longest;
}

/**
 * Periods from the trough of the deepest drawdown (the first one when several tie) back to its previous peak; null if
 * it has not recovered by the last period, 0 without a drawdown, NaN for an empty series.
 */
export function maxDrawdownRecovery(returns: Series): number | null {
  if (returns.length < 1) return NaN;
  let deepest: DrawdownPeriod | null = null;
  for (const s of drawdownPeriods(returns)) if (!deepest || s.depth < deepest.depth) deepest = s;
  if (!deepest) return 0;
  return deepest.recovery === null ? null : deepest.recovery - deepest.trough;
}
