// Volatility and risk-adjusted ratios, ported from empyrical-reloaded 0.7.1 for one-dimensional series. Statistical
// floats: the raw functions return exactly what empyrical returns, including NaN and ±Infinity.
import { annualizationFactor, APPROX_BDAYS_PER_YEAR, type AnnualizationOptions } from './periods';
import {
  dropNaN,
  hasNaN,
  mean,
  nanmax,
  nanmean,
  nanmin,
  nanstd,
  percentile,
  percentileOfSorted,
  subtract,
  type ScalarOrSeries,
  type Series,
} from './nan-stats';

/** Annualised sample standard deviation (ddof 1); `alpha` is the Lévy stability exponent (2 = square-root rule). */
export function annualVolatility(returns: Series, opts: AnnualizationOptions & { alpha?: number } = {}): number {
  if (returns.length < 2) return NaN;
  const factor = annualizationFactor(opts);
  return nanstd(returns, 1) * factor ** (1 / (opts.alpha ?? 2));
}

/**
 * empyrical's `_zero_dispersion_std`: when every present value is identical the sample deviation is exactly zero, but
 * the float mean can miss those values by one ulp, leaving a ~1e-18 residue that would turn an infinite ratio into an
 * arbitrary 1e15. Such a std is forced to 0; an undefined (NaN) std stays NaN.
 */
export function zeroDispersionStd(values: Series, std: number): number {
  const constant = nanmax(values) === nanmin(values) && Number.isFinite(std);
  return constant ? 0 : std;
}

export interface SharpeOptions extends AnnualizationOptions {
  /** Constant per-period risk-free return, or one per period. Default 0. */
  riskFree?: ScalarOrSeries;
}

/** Annualised Sharpe ratio: NaN below two periods; ±Infinity for a constant non-zero excess return, NaN if zero. */
export function sharpeRatio(returns: Series, opts: SharpeOptions = {}): number {
  if (returns.length < 2) return NaN;
  const adjusted = subtract(returns, opts.riskFree ?? 0, 'riskFree');
  const std = zeroDispersionStd(adjusted, nanstd(adjusted, 1));
  return (nanmean(adjusted) / std) * Math.sqrt(annualizationFactor(opts));
}

export interface DownsideOptions extends AnnualizationOptions {
  /** Minimum acceptable per-period return, constant or one per period. Default 0. */
  requiredReturn?: ScalarOrSeries;
}

/** Annualised root-mean-square of the shortfalls below the required return (not the std of negative returns). */
export function downsideRisk(returns: Series, opts: DownsideOptions = {}): number {
  if (returns.length < 1) return NaN;
  const factor = annualizationFactor(opts);
  const diff = subtract(returns, opts.requiredReturn ?? 0, 'requiredReturn');
  for (let i = 0; i < diff.length; i++) {
    const d = diff[i]!;
    // NaN stays NaN (np.clip), so nanmean leaves it out.
    const clipped = d > 0 ? 0 : d;
    diff[i] = clipped * clipped;
  }
  return Math.sqrt(nanmean(diff)) * Math.sqrt(factor);
}

/** Annualised Sortino ratio: +Infinity with no shortfall and a positive mean, NaN for a zero mean and no shortfall. */
export function sortinoRatio(returns: Series, opts: DownsideOptions = {}): number {
  if (returns.length < 2) return NaN;
  const adjusted = subtract(returns, opts.requiredReturn ?? 0, 'requiredReturn');
  const averageAnnualReturn = nanmean(adjusted) * annualizationFactor(opts);
  return averageAnnualReturn / downsideRisk(returns, opts);
}

export interface OmegaOptions {
  /** Constant per-period risk-free return, or one per period. Default 0. */
  riskFree?: ScalarOrSeries;
  /** Minimum acceptable return as an ANNUAL rate, de-annualised with `annualization` (empyrical's convention). */
  requiredReturn?: number;
  /** Periods per year used to de-annualise `requiredReturn`; 1 uses it as is. Default 252. */
  annualization?: number;
}

/** Omega ratio: gains over losses around the threshold; NaN below two periods, with no losses or a threshold ≤ -100%. */
export function omegaRatio(returns: Series, opts: OmegaOptions = {}): number {
  if (returns.length < 2) return NaN;
  const annualization = opts.annualization ?? APPROX_BDAYS_PER_YEAR;
  const requiredReturn = opts.requiredReturn ?? 0;
  let threshold: number;
  if (annualization === 1) threshold = requiredReturn;
  else if (requiredReturn <= -1) return NaN;
  else threshold = (1 + requiredReturn) ** (1 / annualization) - 1;

  const lessThreshold = subtract(subtract(returns, opts.riskFree ?? 0, 'riskFree'), threshold);
  let numer = 0;
  let denom = 0;
  for (const v of lessThreshold) {
    if (v > 0) numer += v;
    else if (v < 0) denom -= v;
  }
  return denom > 0 ? numer / denom : NaN;
}

/** |95th percentile| / |5th percentile| of the present returns. */
export function tailRatio(returns: Series): number {
  if (returns.length < 1) return NaN;
  return tailRatioOfSorted(dropNaN(returns).sort());
}

/** {@link tailRatio} of the present returns already sorted ascending (computeMetrics sorts once for all tails). */
export function tailRatioOfSorted(present: Float64Array): number {
  if (present.length < 1) return NaN;
  return Math.abs(percentileOfSorted(present, 95)) / Math.abs(percentileOfSorted(present, 5));
}

/** Historical VaR: the `cutoff` percentile of the returns (numpy linear interpolation; any NaN gives NaN). */
export function valueAtRisk(returns: Series, cutoff = 0.05): number {
  if (returns.length < 1) return NaN;
  return percentile(returns, 100 * cutoff);
}

/** Historical CVaR: mean of the lowest int((n - 1) * cutoff) + 1 present returns; NaN periods are left out first. */
export function conditionalValueAtRisk(returns: Series, cutoff = 0.05): number {
  return conditionalValueAtRiskOfSorted(dropNaN(returns).sort(), cutoff);
}

/** {@link conditionalValueAtRisk} of the present returns already sorted ascending. */
export function conditionalValueAtRiskOfSorted(present: Float64Array, cutoff = 0.05): number {
  if (present.length === 0) return NaN;
  const cutoffIndex = Math.trunc((present.length - 1) * cutoff);
  return mean(present.subarray(0, cutoffIndex + 1));
}

/** Central moments as scipy computes them (mean-centred, powers by squaring). */
function centralMoments(values: Series): { mean: number; m2: number; m3: number; m4: number } {
  const n = values.length;
  const mu = mean(values);
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mu;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  return { mean: mu, m2: m2 / n, m3: m3 / n, m4: m4 / n };
}

/**
 * Whether scipy treats the sample as having no spread: it returns NaN rather than dividing by a variance that is only
 * rounding noise relative to the mean.
 */
function negligibleVariance(m2: number, mu: number): boolean {
  return m2 <= (Number.EPSILON * mu) ** 2;
}

/** Biased sample skewness, scipy.stats.skew(bias=True): NaN propagates; empty or constant gives NaN. */
export function skew(returns: Series): number {
  if (returns.length === 0 || hasNaN(returns)) return NaN;
  const { mean: mu, m2, m3 } = centralMoments(returns);
  return negligibleVariance(m2, mu) ? NaN : m3 / m2 ** 1.5;
}

/** Biased excess (Fisher) kurtosis, scipy.stats.kurtosis(fisher=True, bias=True). */
export function kurtosis(returns: Series): number {
  if (returns.length === 0 || hasNaN(returns)) return NaN;
  const { mean: mu, m2, m4 } = centralMoments(returns);
  return negligibleVariance(m2, mu) ? NaN : m4 / m2 ** 2 - 3;
}
