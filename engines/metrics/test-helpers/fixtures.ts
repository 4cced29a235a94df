// empyrical-reloaded 0.7.1 test fixtures (tests/conftest.py), ported. The deterministic ones are written out here; the
// random ones (numpy RandomState(1337)) come from empyrical-reference.json, drawn by empyrical_reference.py in the same
// order as conftest.py draws them.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

const pct = (xs: number[]): Float64Array => Float64Array.from(xs, (x) => x / 100);
const linspace = (start: number, stop: number, num: number): Float64Array => {
  // numpy.linspace: i * step + start, with the last point set to `stop` exactly.
  const step = (stop - start) / (num - 1);
  const out = Float64Array.from({ length: num }, (_, i) => (step === 0 ? 0 : i * step) + start);
  out[num - 1] = stop;
  return out;
};
const fill = (n: number, v: number): Float64Array => new Float64Array(n).fill(v);

type Encoded = number | 'NaN' | 'Infinity' | '-Infinity';
export const decode = (x: Encoded): number =>
  x === 'NaN' ? NaN : x === 'Infinity' ? Infinity : x === '-Infinity' ? -Infinity : x;
export const decodeAll = (xs: Encoded[]): Float64Array => Float64Array.from(xs, decode);

export interface SampledSeries {
  length: number;
  step: number;
  values: Encoded[];
}

export interface ReferenceCase {
  returns: string;
  factor: string;
  options: { period?: 'daily' | 'weekly'; annualization?: number; risk_free?: number; required_return?: number };
  expected: Record<string, Encoded | SampledSeries>;
}

export interface Reference {
  versions: Record<string, string>;
  conftest: Record<'noise' | 'noise_uniform' | 'sparse_noise' | 'simple_benchmark_w_noise', Encoded[]>;
  inputs: Record<string, Encoded[]>;
  cases: Record<string, ReferenceCase>;
}

export const reference: Reference = JSON.parse(
  readFileSync(new URL('../reference/empyrical-reference.json', import.meta.url), 'utf8'),
) as Reference;

const noise = decodeAll(reference.conftest.noise);

export const fx = {
  simple_benchmark: pct([0, 1, 0, 1, 0, 1, 0, 1, 0]),
  simple_benchmark_w_noise: decodeAll(reference.conftest.simple_benchmark_w_noise),
  positive_returns: pct([1, 2, 1, 1, 1, 1, 1, 1, 1]),
  negative_returns: pct([0, -6, -7, -1, -9, -2, -6, -8, -5]),
  all_negative_returns: pct([-2, -6, -7, -1, -9, -2, -6, -8, -5]),
  mixed_returns: pct([NaN, 1, 10, -4, 2, 3, 2, 1, -10]),
  weekly_returns: pct([0, 1, 10, -4, 2, 3, 2, 1, -10]),
  monthly_returns: pct([0, 1, 10, -4, 2, 3, 2, 1, -10]),
  one_return: pct([1]),
  udu_returns: pct([10, -10, 10]),
  empty_returns: new Float64Array(0),
  noise,
  inv_noise: noise.map((x) => -x),
  noise_uniform: decodeAll(reference.conftest.noise_uniform),
  sparse_noise: decodeAll(reference.conftest.sparse_noise),
  flat_line_0: linspace(0, 0, 1000),
  flat_line_1: pct([1, 1, 1, 1, 1, 1, 1, 1, 1]),
  flat_line_1_tz: linspace(0.01, 0.01, 1000),
  flat_line_yearly: pct([3, 3, 3]),
  pos_line: linspace(0, 1, 1000),
  neg_line: linspace(0, -1, 1000),
  one: Float64Array.from([-0.00171614, 0.01322056, 0.03063862, -0.01422057, -0.00489779, 0.01268925, -0.03357711, 0.01797036]),
  two: Float64Array.from([0.01846232, 0.00793951, -0.01448395, 0.00422537, -0.00339611, 0.03756813, 0.0151531, 0.03549769]),
  fill,
};

/** A fixture sliced like pandas `s[1:]` and re-aligned to the original 9-day index: NaN in the first slot. */
export function dropFirstAligned(values: Float64Array): Float64Array {
  const out = values.slice();
  out[0] = NaN;
  return out;
}

/**
 * numpy.testing.assert_almost_equal: |actual - expected| < 1.5 * 10^-decimal, NaN equals NaN, infinities must match.
 */
export function expectAlmostEqual(actual: number | null, expected: number, decimal = 8): void {
  if (actual === null) throw new Error(`expected ${expected}, got null`);
  if (Number.isNaN(expected)) {
    if (!Number.isNaN(actual)) throw new Error(`expected NaN, got ${actual}`);
    return;
  }
  if (!Number.isFinite(expected)) {
    if (actual !== expected) throw new Error(`expected ${expected}, got ${actual}`);
    return;
  }
  const tolerance = 1.5 * 10 ** -decimal;
  if (!(Math.abs(actual - expected) < tolerance)) {
    throw new Error(`expected ${expected} ± ${tolerance}, got ${actual} (diff ${Math.abs(actual - expected)})`);
  }
}

export function expectAllAlmostEqual(actual: ArrayLike<number>, expected: ArrayLike<number>, decimal = 8): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    try {
      expectAlmostEqual(actual[i]!, expected[i]!, decimal);
    } catch (e) {
      throw new Error(`at [${i}]: ${(e as Error).message}`);
    }
  }
}
