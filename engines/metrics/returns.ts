// Return-series statistics, ported from empyrical-reloaded 0.7.1 (stats.py) for one-dimensional series. These are
// statistical floats over per-period simple returns; money stays in decimal.js elsewhere.
import { annualizationFactor, type AnnualizationOptions } from './periods';
import { dropNaN, nanmax, nanmin, type Series } from './nan-stats';

/** Simple returns of a price series: one fewer value; a zero price gives ±Infinity / NaN as in numpy. */
export function simpleReturns(prices: Series): Float64Array {
  const n = Math.max(prices.length - 1, 0);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (prices[i + 1]! - prices[i]!) / prices[i]!;
  return out;
}

/**
 * Cumulative returns; NaN periods count as 0. With `startingValue` 0 the result is the compounded return so far,
 * otherwise the value of `startingValue` invested.
 */
export function cumReturns(returns: Series, startingValue = 0): Float64Array {
  const out = new Float64Array(returns.length);
  let wealth = 1;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i]!;
    wealth *= Number.isNaN(r) ? 1 : 1 + r;
    out[i] = wealth;
  }
  for (let i = 0; i < out.length; i++) out[i] = startingValue === 0 ? out[i]! - 1 : out[i]! * startingValue;
  return out;
}

/** Total compounded return (empyrical `cum_returns_final`); NaN for an empty series. */
export function cumReturnsFinal(returns: Series, startingValue = 0): number {
  if (returns.length === 0) return NaN;
  let wealth = 1;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i]!;
    if (!Number.isNaN(r)) wealth *= r + 1;
  }
  return startingValue === 0 ? wealth - 1 : wealth * startingValue;
}

/**
 * Compound annual growth rate. The number of years counts every period, NaN ones included, as empyrical does
 * (`len(returns) / factor`).
 */
export function annualReturn(returns: Series, opts: AnnualizationOptions = {}): number {
  if (returns.length < 1) return NaN;
  const numYears = returns.length / annualizationFactor(opts);
  const ending = cumReturnsFinal(returns, 1);
  return ending ** (1 / numYears) - 1;
}

/** Alias of {@link annualReturn}, as in empyrical. */
export const cagr = annualReturn;

/**
 * R² of a least-squares line through the cumulative log returns (NaN periods dropped), as scipy.stats.linregress
 * computes it. Where scipy raises (no present value at all) this returns NaN.
 */
export function stabilityOfTimeseries(returns: Series): number {
  if (returns.length < 2) return NaN;
  const present = dropNaN(returns);
  const n = present.length;
  if (n === 0) return NaN;
  const y = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += Math.log1p(present[i]!);
    y[i] = acc;
  }
  const xMean = (n - 1) / 2;
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += y[i]!;
  yMean /= n;
  let ssxm = 0;
  let ssym = 0;
  let ssxym = 0;
  for (let i = 0; i < n; i++) {
    const dx = i - xMean;
    const dy = y[i]! - yMean;
    ssxm += dx * dx;
    ssym += dy * dy;
    ssxym += dx * dy;
  }
  let r: number;
  if (ssxm === 0 || ssym === 0) {
    r = ssxym === 0 ? NaN : 0;
  } else {
    r = Math.min(1, Math.max(-1, ssxym / Math.sqrt(ssxm * ssym)));
  }
  return r * r;
}

/** Best single-period return (NaN ignored; NaN if none). Not an empyrical function. */
export function bestPeriod(returns: Series): number {
  return nanmax(returns);
}

/** Worst single-period return (NaN ignored; NaN if none). Not an empyrical function. */
export function worstPeriod(returns: Series): number {
  return nanmin(returns);
}

/** Fraction of present periods with a positive return. Not an empyrical function; NaN if none present. */
export function positivePeriodsRatio(returns: Series): number {
  const present = dropNaN(returns);
  if (present.length === 0) return NaN;
  let up = 0;
  for (const r of present) if (r > 0) up++;
  return up / present.length;
}
