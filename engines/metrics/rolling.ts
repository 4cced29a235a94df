// Rolling-window versions of a few statistics, with empyrical's two window conventions kept apart because they give
// different lengths: the "vectorised" roll functions shrink the window to the series length, `roll` does not.
import { alphaBeta, downCapture, upCapture, upDownCapture, type AlphaOptions } from './benchmark';
import { maxDrawdown } from './drawdown';
import type { AnnualizationOptions } from './periods';
import { sharpeRatio, type SharpeOptions } from './risk';
import { toFloat64, type Series } from './nan-stats';

function windows(length: number, window: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let end = window; end <= length; end++) out.push([end - window, end]);
  return out;
}


/** empyrical's vectorised roll: one value per full window, the window clamped to the series length. */
function vectorised(values: Series, window: number, fn: (w: Float64Array) => number): Float64Array {
  if (values.length === 0) return new Float64Array(0);
  const all = toFloat64(values);
  const w = Math.min(values.length, window);
  return Float64Array.from(windows(all.length, w), ([a, b]) => fn(all.subarray(a, b)));
}

/** empyrical's `roll`: windows of exactly `window` periods, none when the series is shorter. */
function pairwise(returns: Series, factorReturns: Series, window: number, fn: (r: Float64Array, f: Float64Array) => number): Float64Array {
  const r = toFloat64(returns);
  const f = toFloat64(factorReturns);
  return Float64Array.from(windows(r.length, window), ([a, b]) => fn(r.subarray(a, b), f.subarray(a, b)));
}

export function rollMaxDrawdown(returns: Series, window: number): Float64Array {
  return vectorised(returns, window, maxDrawdown);
}

export function rollSharpeRatio(returns: Series, window: number, opts: SharpeOptions = {}): Float64Array {
  return vectorised(returns, window, (w) => sharpeRatio(w, opts));
}

/** Rolling [alpha, beta] pairs; empty input of either side gives no windows. */
export function rollAlphaBeta(returns: Series, factorReturns: Series, window: number, opts: AlphaOptions = {}): Array<[number, number]> {
  if (window < 1 || returns.length === 0 || factorReturns.length === 0) return [];
  const r = toFloat64(returns);
  const f = toFloat64(factorReturns);
  return windows(r.length, Math.min(r.length, window)).map(([a, b]) => alphaBeta(r.subarray(a, b), f.subarray(a, b), opts));
}

export function rollUpCapture(returns: Series, factorReturns: Series, window: number, opts: AnnualizationOptions = {}): Float64Array {
  return pairwise(returns, factorReturns, window, (r, f) => upCapture(r, f, opts));
}

export function rollDownCapture(returns: Series, factorReturns: Series, window: number, opts: AnnualizationOptions = {}): Float64Array {
  return pairwise(returns, factorReturns, window, (r, f) => downCapture(r, f, opts));
}

export function rollUpDownCapture(returns: Series, factorReturns: Series, window: number, opts: AnnualizationOptions = {}): Float64Array {
  return pairwise(returns, factorReturns, window, (r, f) => upDownCapture(r, f, opts));
}
