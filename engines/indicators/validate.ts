/**
 * Parameter checks shared by every indicator constructor. They run once per instance, never per bar, so a bad
 * period fails loudly at construction with the parameter's name instead of producing NaN series later.
 */
export class IndicatorParamError extends RangeError {
  constructor(
    readonly indicator: string,
    readonly param: string,
    message: string,
  ) {
    super(`${indicator}: ${param} ${message}`);
    this.name = 'IndicatorParamError';
  }
}

export function intParam(indicator: string, param: string, value: number, min: number, max = 100_000): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new IndicatorParamError(indicator, param, `must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}

export function realParam(indicator: string, param: string, value: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new IndicatorParamError(indicator, param, `must be a number in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}

/** Batch inputs that travel together (high/low/close …) must line up bar for bar. */
export function sameLength(indicator: string, columns: Record<string, ArrayLike<number>>): number {
  let n = -1;
  let first = '';
  for (const [name, col] of Object.entries(columns)) {
    if (n < 0) {
      n = col.length;
      first = name;
    } else if (col.length !== n) {
      throw new IndicatorParamError(indicator, name, `has ${col.length} values but ${first} has ${n}`);
    }
  }
  return Math.max(n, 0);
}
