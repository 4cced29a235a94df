/**
 * TA-Lib's "treat as zero" band (TA_IS_ZERO / TA_IS_ZERO_OR_NEG in ta_utility.h). The C library bundled with
 * ta-lib 0.8.x uses TA_EPSILON = 1e-14; older releases used 1e-8. It only decides degenerate cases (flat prices,
 * zero true range), where RSI/CCI/ADX/Bollinger fall back to 0 instead of dividing by ~0.
 */
export const TA_EPSILON = 1e-14;

export function isZero(v: number): boolean {
  return -TA_EPSILON < v && v < TA_EPSILON;
}

export function isZeroOrNeg(v: number): boolean {
  return v < TA_EPSILON;
}

/**
 * Zero test relative to the operands' magnitude (TA-Lib 0.8's TA_IS_ZERO_SCALED idea): a difference of two values
 * near 30,000 carries rounding residue far above 1e-14, and only a band scaled by `scale` recognises it as zero.
 */
export function isZeroScaled(v: number, scale: number): boolean {
  return Math.abs(v) <= TA_EPSILON * scale;
}

export function isZeroOrNegScaled(v: number, scale: number): boolean {
  return v <= TA_EPSILON * scale;
}
