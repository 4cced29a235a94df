import { Dec, ZERO, floorToStep, roundHalfUp, roundToTick } from './decimal';
import type { BacktestConfig, Market, Sizing } from './types';

/** The config resolved into the Decimals and flags the fill path needs, with market defaults applied. */
export interface Rules {
  market: Market;
  initialCash: Dec;
  /** A-share lot for buys; null for crypto. */
  lot: Dec | null;
  /** Crypto quantity step; null for A-share. */
  qtyStep: Dec | null;
  priceTick: Dec | null;
  /** Fraction (0.1); null when off. */
  priceLimit: Dec | null;
  tPlusOne: boolean;
  allowShort: boolean;
  makerRate: Dec;
  takerRate: Dec;
  minFee: Dec;
  stampDutyRate: Dec;
  feeDecimals: number | null;
  /** False when no fill can ever cost a commission: lets the fill path skip fee arithmetic entirely. */
  charges: boolean;
  stampDuty: boolean;
  slippage: { kind: 'none' } | { kind: 'amount'; amount: Dec } | { kind: 'percent'; rate: Dec };
  limitThrough: boolean;
  sizing: Sizing;
}

const DEFAULT_LOT = 100;
const DEFAULT_QTY_STEP = '0.00000001';
const ASHARE_TICK = '0.01';
const ASHARE_LIMIT = '0.1';

export function resolveRules(c: BacktestConfig): Rules {
  const ashare = c.market === 'ashare';
  const priceTick = c.priceTick !== undefined ? new Dec(c.priceTick) : ashare ? new Dec(ASHARE_TICK) : null;
  let slippage: Rules['slippage'];
  switch (c.slippage.kind) {
    case 'none':
      slippage = { kind: 'none' };
      break;
    case 'fixed':
      slippage = { kind: 'amount', amount: new Dec(c.slippage.amount) };
      break;
    case 'ticks': {
      const tick = c.slippage.tickSize ?? (priceTick ? priceTick.toString() : undefined);
      if (tick === undefined) throw new Error("slippage.tickSize is required when the config has no priceTick ('crypto' has none by default)");
      slippage = { kind: 'amount', amount: new Dec(tick).times(c.slippage.ticks) };
      break;
    }
    case 'percent':
      slippage = { kind: 'percent', rate: new Dec(c.slippage.rate) };
      break;
  }
  if (slippage.kind !== 'none' && (slippage.kind === 'amount' ? slippage.amount : slippage.rate).isZero()) slippage = { kind: 'none' };
  const makerRate = new Dec(c.fees.makerRate);
  const takerRate = new Dec(c.fees.takerRate);
  const minFee = new Dec(c.fees.minFee);
  const stampDutyRate = new Dec(c.fees.stampDutyRate);
  return {
    market: c.market,
    initialCash: new Dec(c.initialCash),
    lot: ashare ? new Dec(c.lotSize ?? DEFAULT_LOT) : null,
    qtyStep: ashare ? null : new Dec(c.qtyStep ?? DEFAULT_QTY_STEP),
    priceTick,
    priceLimit: ashare && c.priceLimit !== null ? new Dec(c.priceLimit ?? ASHARE_LIMIT) : null,
    tPlusOne: ashare && c.tPlusOne !== false,
    allowShort: !ashare && c.allowShort !== false,
    makerRate,
    takerRate,
    minFee,
    stampDutyRate,
    feeDecimals: c.fees.decimals !== undefined ? c.fees.decimals : ashare ? 2 : null,
    charges: !(makerRate.isZero() && takerRate.isZero() && minFee.isZero()),
    stampDuty: !stampDutyRate.isZero(),
    slippage,
    limitThrough: c.limitFill === 'through',
    sizing: c.sizing,
  };
}

/** max(notional × rate, minFee), rounded half up to the fee decimals. */
export function commission(r: Rules, notional: Dec, maker: boolean): Dec {
  if (!r.charges) return ZERO;
  const rate = maker ? r.makerRate : r.takerRate;
  let fee = rate.isZero() ? ZERO : notional.times(rate);
  if (fee.lt(r.minFee)) fee = r.minFee;
  return roundHalfUp(fee, r.feeDecimals);
}

export function stampDuty(r: Rules, notional: Dec, isBuy: boolean): Dec {
  if (isBuy || !r.stampDuty) return ZERO;
  return roundHalfUp(notional.times(r.stampDutyRate), r.feeDecimals);
}

/** `price` moved against the trader by the slippage model, kept inside the bar's range, on the tick. */
export function slip(r: Rules, price: Dec, isBuy: boolean, barHigh: string, barLow: string): Dec {
  if (r.slippage.kind === 'none') return price;
  const delta = r.slippage.kind === 'amount' ? r.slippage.amount : price.times(r.slippage.rate);
  let p = isBuy ? price.plus(delta) : price.minus(delta);
  if (r.priceTick) p = roundToTick(p, r.priceTick, isBuy);
  // No fill can be worse than the bar's extreme: the bar never traded there.
  if (isBuy) {
    const high = new Dec(barHigh);
    if (p.gt(high)) p = high;
  } else {
    const low = new Dec(barLow);
    if (p.lt(low)) p = low;
  }
  return p;
}

/**
 * Quantity allowed by the market: A-share buys in whole lots (odd lots only when selling a whole holding, handled
 * by the caller), crypto in multiples of the step.
 */
export function roundQuantity(r: Rules, qty: Dec, isBuy: boolean): Dec {
  if (r.lot) return isBuy ? floorToStep(qty, r.lot) : qty.floor();
  return floorToStep(qty, r.qtyStep!);
}

/** The step by which a sized buy is reduced until it fits the cash. */
export function quantityStep(r: Rules): Dec {
  return r.lot ?? r.qtyStep!;
}

/**
 * A-share daily limit-up and limit-down prices from the previous trading day's close, rounded half up to the tick
 * (the exchange's own rounding); a buy at or above limit-up, or a sell at or below limit-down, does not fill.
 */
export function priceLimitBand(r: Rules, prevClose: Dec): { up: Dec; down: Dec } | null {
  if (r.priceLimit === null) return null;
  const move = prevClose.times(r.priceLimit);
  const tick = r.priceTick ?? new Dec(ASHARE_TICK);
  return { up: prevClose.plus(move).toNearest(tick, Dec.ROUND_HALF_UP), down: prevClose.minus(move).toNearest(tick, Dec.ROUND_HALF_UP) };
}

/** Periods per year for annualised metrics when the config does not give them. */
export function defaultPeriodsPerYear(market: Market, timeframeMinutes: number): number {
  if (market === 'ashare') {
    // 252 trading days of 4 trading hours (240 one-minute bars); a week is 5 trading days.
    if (timeframeMinutes >= 7 * 1440) return 52;
    if (timeframeMinutes >= 1440) return 252;
    return 252 * Math.max(1, Math.round(240 / timeframeMinutes));
  }
  return (365 * 1440) / timeframeMinutes;
}
