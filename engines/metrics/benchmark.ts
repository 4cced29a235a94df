// Statistics against a benchmark (factor) return series, ported from empyrical-reloaded 0.7.1. Both series are per-period
// simple returns of the same length, already aligned by date (NaN where one side has no value); statistical floats.
import { annualizationFactor, type AnnualizationOptions } from './periods';
import { nanmean, nanstd, subtract, type ScalarOrSeries, type Series } from './nan-stats';
import { annualReturn } from './returns';
import { zeroDispersionStd } from './risk';

function assertSameLength(returns: Series, factorReturns: Series): void {
  if (returns.length !== factorReturns.length) {
    throw new Error(`factorReturns has ${factorReturns.length} values but returns has ${returns.length}; align them first`);
  }
}

/**
 * Mean active return over tracking error (a simplified information ratio, not annualised). ±Infinity for a constant
 * non-zero active return, NaN below two periods or when the tracking error is undefined.
 */
export function excessSharpe(returns: Series, factorReturns: ScalarOrSeries): number {
  if (returns.length < 2) return NaN;
  const active = subtract(returns, factorReturns, 'factorReturns');
  const trackingError = zeroDispersionStd(active, nanstd(active, 1));
  return nanmean(active) / trackingError;
}

/**
 * Beta as Cov(X, Y) / Var(X) over the periods where the strategy return is present (population moments). A factor
 * variance below 1e-30 gives NaN. Like empyrical, the risk-free rate does not enter beta.
 */
export function beta(returns: Series, factorReturns: Series): number {
  assertSameLength(returns, factorReturns);
  if (returns.length < 1 || factorReturns.length < 2) return NaN;
  const n = returns.length;
  const independent = new Float64Array(n);
  for (let i = 0; i < n; i++) independent[i] = Number.isNaN(returns[i]) ? NaN : factorReturns[i]!;
  const indMean = nanmean(independent);
  const residual = new Float64Array(n);
  const product = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    residual[i] = independent[i]! - indMean;
    product[i] = residual[i]! * returns[i]!;
    residual[i] = residual[i]! * residual[i]!;
  }
  const covariance = nanmean(product);
  const variance = nanmean(residual);
  return variance < 1e-30 || Number.isNaN(variance) ? NaN : covariance / variance;
}

export interface AlphaOptions extends AnnualizationOptions {
  /** Constant per-period risk-free return, or one per period. Default 0. */
  riskFree?: ScalarOrSeries;
}

/** Annualised alpha: (1 + mean(r - rf - β (f - rf)))^factor - 1. NaN below two periods. */
export function alpha(returns: Series, factorReturns: Series, opts: AlphaOptions = {}, knownBeta?: number): number {
  assertSameLength(returns, factorReturns);
  if (returns.length < 2) return NaN;
  const factor = annualizationFactor(opts);
  const b = knownBeta ?? beta(returns, factorReturns);
  const riskFree = opts.riskFree ?? 0;
  const adjReturns = subtract(returns, riskFree, 'riskFree');
  const adjFactor = subtract(factorReturns, riskFree, 'riskFree');
  const alphaSeries = new Float64Array(returns.length);
  for (let i = 0; i < alphaSeries.length; i++) alphaSeries[i] = adjReturns[i]! - b * adjFactor[i]!;
  return (nanmean(alphaSeries) + 1) ** factor - 1;
}

/** empyrical `alpha_beta`: [annualised alpha, beta]. */
export function alphaBeta(returns: Series, factorReturns: Series, opts: AlphaOptions = {}): [alpha: number, beta: number] {
  const b = beta(returns, factorReturns);
  return [alpha(returns, factorReturns, opts, b), b];
}

/** The periods where both series are present and the benchmark moved in the given direction. */
function pairsWhere(returns: Series, factorReturns: Series, up: boolean): [Float64Array, Float64Array] {
  assertSameLength(returns, factorReturns);
  const r = new Float64Array(returns.length);
  const f = new Float64Array(returns.length);
  let n = 0;
  for (let i = 0; i < returns.length; i++) {
    const x = returns[i]!;
    const y = factorReturns[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    if (up ? y > 0 : y < 0) {
      r[n] = x;
      f[n] = y;
      n++;
    }
  }
  return [r.subarray(0, n), f.subarray(0, n)];
}

/** Alpha and beta over the periods where the benchmark rose. */
export function upAlphaBeta(returns: Series, factorReturns: Series, opts: AlphaOptions = {}): [number, number] {
  const [r, f] = pairsWhere(returns, factorReturns, true);
  return alphaBeta(r, f, opts);
}

/** Alpha and beta over the periods where the benchmark fell. */
export function downAlphaBeta(returns: Series, factorReturns: Series, opts: AlphaOptions = {}): [number, number] {
  const [r, f] = pairsWhere(returns, factorReturns, false);
  return alphaBeta(r, f, opts);
}

/**
 * Annual return of the strategy over annual return of the benchmark. empyrical's version takes only `period`; an
 * explicit `annualization` is accepted here as an extension (e.g. 244 A-share or 365 crypto days).
 */
export function capture(returns: Series, factorReturns: Series, opts: AnnualizationOptions = {}): number {
  return annualReturn(returns, opts) / annualReturn(factorReturns, opts);
}

/** Capture ratio over the periods where the benchmark rose (both values present). */
export function upCapture(returns: Series, factorReturns: Series, opts: AnnualizationOptions = {}): number {
  const [r, f] = pairsWhere(returns, factorReturns, true);
  return capture(r, f, opts);
}

/** Capture ratio over the periods where the benchmark fell (both values present). */
export function downCapture(returns: Series, factorReturns: Series, opts: AnnualizationOptions = {}): number {
  const [r, f] = pairsWhere(returns, factorReturns, false);
  return capture(r, f, opts);
}

export function upDownCapture(returns: Series, factorReturns: Series, opts: AnnualizationOptions = {}): number {
  return upCapture(returns, factorReturns, opts) / downCapture(returns, factorReturns, opts);
}

export interface BattingAverage {
  /** Fraction of periods the strategy beat the benchmark. */
  battingAverage: number;
  /** Same, over periods with a benchmark return ≥ 0. */
  upMarket: number;
  /** Same, over periods with a benchmark return < 0. */
  downMarket: number;
}

/** Share of periods with a positive active return; pairs with a non-finite value are left out, empty subsets give NaN. */
export function battingAverage(returns: Series, factorReturns: Series): BattingAverage {
  assertSameLength(returns, factorReturns);
  let n = 0;
  let wins = 0;
  let upN = 0;
  let upWins = 0;
  let downN = 0;
  let downWins = 0;
  for (let i = 0; i < returns.length; i++) {
    const f = factorReturns[i]!;
    const active = returns[i]! - f;
    if (!Number.isFinite(active) || !Number.isFinite(f)) continue;
    const win = active > 0 ? 1 : 0;
    n++;
    wins += win;
    if (f >= 0) {
      upN++;
      upWins += win;
    } else {
      downN++;
      downWins += win;
    }
  }
  return {
    battingAverage: n > 0 ? wins / n : NaN,
    upMarket: upN > 0 ? upWins / upN : NaN,
    downMarket: downN > 0 ? downWins / downN : NaN,
  };
}
