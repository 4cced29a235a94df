import Decimal from 'decimal.js';

/**
 * The engine's own Decimal constructor, so settings never leak into or from other users of decimal.js: 40
 * significant digits (prices × quantities of any market stay exact; only divisions round) and no exponent
 * notation, so every money string in a result is a plain decimal.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -9e15, toExpPos: 9e15 });
export type Dec = Decimal;

export const ZERO = new Dec(0);
export const ONE = new Dec(1);
export const HUNDRED = new Dec(100);

/**
 * Decimal places kept when a division splits an amount (cost basis or fees over part of a position): the part is
 * rounded down to this and the remainder stays with the position, so the pieces always add up exactly.
 */
export const ALLOCATION_DP = 12;

/** Largest multiple of `step` not above `value` (value ≥ 0). */
export function floorToStep(value: Decimal, step: Decimal): Decimal {
  return value.toNearest(step, Decimal.ROUND_DOWN);
}

/** Rounds a price to the tick against the trader: up for a buy, down for a sell. */
export function roundToTick(price: Decimal, tick: Decimal, isBuy: boolean): Decimal {
  return price.toNearest(tick, isBuy ? Decimal.ROUND_UP : Decimal.ROUND_DOWN);
}

export function roundHalfUp(value: Decimal, places: number | null): Decimal {
  return places === null ? value : value.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
}
