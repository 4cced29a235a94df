import Decimal from 'decimal.js';

/**
 * Exact decimal handling for prices and volumes without constructing a Decimal per field: the common case
 * (plain digits, optional fraction) is validated and normalised by a single character scan, and values are
 * compared on their normalised digit strings. decimal.js is only used for exponent notation.
 */

/** Exponents beyond this are rejected: no price or volume needs them and toFixed() would emit huge strings. */
const MAX_EXPONENT = 100;

const enum Ch {
  Plus = 43,
  Minus = 45,
  Dot = 46,
  Zero = 48,
  Nine = 57,
  LowerE = 101,
  UpperE = 69,
}

function isDigit(c: number): boolean {
  return c >= Ch.Zero && c <= Ch.Nine;
}

function normalizeExponent(raw: string): string | null {
  let d: Decimal;
  try {
    d = new Decimal(raw);
  } catch {
    return null;
  }
  if (!d.isFinite()) return null;
  if (d.isZero()) return '0';
  if (d.e > MAX_EXPONENT || d.e < -MAX_EXPONENT) return null;
  return d.toFixed();
}

/**
 * Canonical form of a decimal literal, or null if `raw` is not one. Accepts `[+-]digits[.digits][e[+-]digits]`
 * (either side of the point may be empty, not both) and nothing else: no NaN, Infinity, spaces, thousands
 * separators or hex. The canonical form has no exponent, no '+', no leading zeros before the integer digit,
 * no trailing fractional zeros and no '-0', so equal numbers have equal strings ('1.10' → '1.1', '1e3' → '1000').
 */
export function normalizeDecimal(raw: string): string | null {
  const n = raw.length;
  if (n === 0) return null;
  let i = 0;
  const first = raw.charCodeAt(0);
  const hasSign = first === Ch.Plus || first === Ch.Minus;
  if (hasSign) i = 1;
  const intStart = i;
  while (i < n && isDigit(raw.charCodeAt(i))) i++;
  const intEnd = i;
  let hasDot = false;
  let fracStart = i;
  let fracEnd = i;
  if (i < n && raw.charCodeAt(i) === Ch.Dot) {
    hasDot = true;
    i++;
    fracStart = i;
    while (i < n && isDigit(raw.charCodeAt(i))) i++;
    fracEnd = i;
  }
  if (intEnd === intStart && fracEnd === fracStart) return null;
  if (i < n) {
    const c = raw.charCodeAt(i);
    if (c !== Ch.LowerE && c !== Ch.UpperE) return null;
    i++;
    if (i < n && (raw.charCodeAt(i) === Ch.Plus || raw.charCodeAt(i) === Ch.Minus)) i++;
    const expStart = i;
    while (i < n && isDigit(raw.charCodeAt(i))) i++;
    if (i === expStart || i !== n) return null;
    return normalizeExponent(raw);
  }

  let a = intStart;
  while (a < intEnd - 1 && raw.charCodeAt(a) === Ch.Zero) a++;
  let fe = fracEnd;
  while (fe > fracStart && raw.charCodeAt(fe - 1) === Ch.Zero) fe--;
  const intIsZero = intEnd === intStart || (intEnd - a === 1 && raw.charCodeAt(a) === Ch.Zero);
  const isZero = intIsZero && fe === fracStart;
  const negative = first === Ch.Minus && !isZero;

  // Already canonical: return the input itself, which is what nearly every field in a real file is.
  const unchanged =
    (!hasSign || negative) &&
    a === intStart &&
    intEnd > intStart &&
    (hasDot ? fe === fracEnd && fe > fracStart : true);
  if (unchanged) return raw;

  const intPart = intEnd === intStart ? '0' : raw.slice(a, intEnd);
  const frac = fe > fracStart ? `.${raw.slice(fracStart, fe)}` : '';
  return `${negative ? '-' : ''}${intPart}${frac}`;
}

/** Sign-aware comparison of two canonical strings from {@link normalizeDecimal}: -1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const aNeg = a.charCodeAt(0) === Ch.Minus;
  const bNeg = b.charCodeAt(0) === Ch.Minus;
  if (aNeg !== bNeg) return aNeg ? -1 : 1;
  const abs = compareMagnitude(a, aNeg ? 1 : 0, b, bNeg ? 1 : 0);
  return aNeg ? -abs : abs;
}

function compareMagnitude(a: string, ai: number, b: string, bi: number): number {
  const aDot = a.indexOf('.', ai);
  const bDot = b.indexOf('.', bi);
  const aIntEnd = aDot < 0 ? a.length : aDot;
  const bIntEnd = bDot < 0 ? b.length : bDot;
  // Canonical integer parts have no leading zeros, so the longer one is the larger number.
  const aIntLen = aIntEnd - ai;
  const bIntLen = bIntEnd - bi;
  if (aIntLen !== bIntLen) return aIntLen < bIntLen ? -1 : 1;
  for (let k = 0; k < aIntLen; k++) {
    const d = a.charCodeAt(ai + k) - b.charCodeAt(bi + k);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  const aFrac = aDot < 0 ? a.length : aDot + 1;
  const bFrac = bDot < 0 ? b.length : bDot + 1;
  const aFracLen = a.length - aFrac;
  const bFracLen = b.length - bFrac;
  const common = Math.min(aFracLen, bFracLen);
  for (let k = 0; k < common; k++) {
    const d = a.charCodeAt(aFrac + k) - b.charCodeAt(bFrac + k);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  // Canonical fractions end in a non-zero digit, so a longer fraction with an equal prefix is larger.
  if (aFracLen === bFracLen) return 0;
  return aFracLen < bFracLen ? -1 : 1;
}
