import { ALLOCATION_DP, Dec, ZERO } from './decimal';
import type { ExitReason, OpenPosition, Trade } from './types';

const ROUND_DOWN = 1; // Decimal.ROUND_DOWN

/**
 * Cash, the net position and its cost basis, all in Decimal. Costs and entry fees are kept as totals, not as an
 * average price, so that a partial close takes a share rounded to ALLOCATION_DP and leaves the exact remainder:
 * Σ trade pnl − unallocated fees + unrealised pnl = equity − initial cash holds to the last digit.
 *
 * The float mirrors (cashF, qtyF) feed the per-bar mark-to-market series and the strategy's float views only.
 */
export class Ledger {
  cash: Dec;
  /** Signed: > 0 long, < 0 short. */
  qty: Dec = ZERO;
  qtyStr = '0';
  /** Total entry notional of the open quantity (positive for either side). */
  cost: Dec = ZERO;
  entryFees: Dec = ZERO;
  /** Entry price when the position came from one fill (the common case): spares a division at the close. */
  entryPriceStr: string | null = null;
  entryIndex = -1;
  entryTimeMs = 0;
  cashStr: string;
  cashF: number;
  qtyF = 0;
  /** Float mirror of `cost`, for the statistical trade return only. */
  private costF = 0;
  totalCommission: Dec = ZERO;
  totalStampDuty: Dec = ZERO;
  realized: Dec = ZERO;
  /** Σ fill notionals, entries and exits: the turnover input of the metrics. */
  traded: Dec = ZERO;
  readonly trades: Trade[] = [];

  constructor(initialCash: Dec) {
    this.cash = initialCash;
    this.cashStr = initialCash.toString();
    this.cashF = Number(this.cashStr);
  }

  /**
   * Books one fill of `quantity` (> 0) at `price`: cash, position, trades for any closed quantity. A fill larger
   * than an opposite position closes it and opens the rest on the other side, splitting the fees pro rata.
   */
  fill(
    isBuy: boolean,
    quantity: Dec,
    price: Dec,
    priceStr: string,
    notional: Dec,
    commission: Dec,
    stampDuty: Dec,
    index: number,
    timeMs: number,
    reason: ExitReason,
  ): void {
    this.traded = this.traded.plus(notional);
    let fees = ZERO;
    if (!commission.isZero()) {
      this.totalCommission = this.totalCommission.plus(commission);
      fees = commission;
    }
    if (!stampDuty.isZero()) {
      this.totalStampDuty = this.totalStampDuty.plus(stampDuty);
      fees = fees.plus(stampDuty);
    }
    this.cash = isBuy ? this.cash.minus(notional) : this.cash.plus(notional);
    if (!fees.isZero()) this.cash = this.cash.minus(fees);

    const held = this.qty;
    if (held.isZero() || held.isPositive() === isBuy) {
      this.open(isBuy, quantity, notional, priceStr, fees, index, timeMs);
    } else {
      const heldAbs = held.abs();
      if (quantity.lte(heldAbs)) {
        this.close(quantity, notional, priceStr, fees, index, timeMs, reason);
      } else {
        const rest = quantity.minus(heldAbs);
        const closeFees = fees.isZero() ? ZERO : fees.times(heldAbs).div(quantity).toDecimalPlaces(ALLOCATION_DP, ROUND_DOWN);
        this.close(heldAbs, heldAbs.times(price), priceStr, closeFees, index, timeMs, reason);
        this.open(isBuy, rest, rest.times(price), priceStr, fees.minus(closeFees), index, timeMs);
      }
    }
    this.cashStr = this.cash.toString();
    this.cashF = Number(this.cashStr);
  }

  /** Equity right after a fill at `price`, exact: cash + signed position × price. */
  equityAfterFill(price: Dec, openedFromFlat: boolean, notional: Dec): string {
    if (this.qty.isZero()) return this.cashStr;
    // A position opened from flat by this one fill is worth exactly the fill's notional at the fill price.
    if (openedFromFlat) return (this.qty.isPositive() ? this.cash.plus(notional) : this.cash.minus(notional)).toString();
    return this.cash.plus(this.qty.times(price)).toString();
  }

  private open(isBuy: boolean, quantity: Dec, notional: Dec, priceStr: string, fees: Dec, index: number, timeMs: number): void {
    if (this.qty.isZero()) {
      this.entryIndex = index;
      this.entryTimeMs = timeMs;
      this.entryPriceStr = priceStr;
      this.cost = notional;
      this.entryFees = fees;
    } else {
      this.entryPriceStr = null;
      this.cost = this.cost.plus(notional);
      if (!fees.isZero()) this.entryFees = this.entryFees.plus(fees);
    }
    const before = Math.abs(this.qtyF);
    this.qty = isBuy ? this.qty.plus(quantity) : this.qty.minus(quantity);
    this.qtyStr = this.qty.toString();
    this.qtyF = Number(this.qtyStr);
    this.costF += Number(priceStr) * (Math.abs(this.qtyF) - before);
  }

  private close(
    quantity: Dec,
    proceeds: Dec,
    exitPriceStr: string,
    exitFees: Dec,
    index: number,
    timeMs: number,
    reason: ExitReason,
  ): void {
    const long = this.qty.isPositive();
    const heldAbs = this.qty.abs();
    const whole = quantity.eq(heldAbs);
    const cost = whole ? this.cost : this.cost.times(quantity).div(heldAbs).toDecimalPlaces(ALLOCATION_DP, ROUND_DOWN);
    let entryFees = this.entryFees;
    if (!whole && !entryFees.isZero()) entryFees = entryFees.times(quantity).div(heldAbs).toDecimalPlaces(ALLOCATION_DP, ROUND_DOWN);
    const gross = long ? proceeds.minus(cost) : cost.minus(proceeds);
    const fees = entryFees.isZero() ? exitFees : exitFees.isZero() ? entryFees : entryFees.plus(exitFees);
    const pnl = fees.isZero() ? gross : gross.minus(fees);
    const entryPrice = this.entryPriceStr ?? cost.div(quantity).toDecimalPlaces(ALLOCATION_DP).toString();
    const pnlStr = pnl.toString();
    const costF = whole ? this.costF : (this.costF * Number(quantity.toString())) / Math.abs(this.qtyF);
    this.trades.push({
      id: this.trades.length + 1,
      side: long ? 'long' : 'short',
      quantity: whole ? this.qtyStr.replace('-', '') : quantity.toString(),
      entryIndex: this.entryIndex,
      entryTimeMs: this.entryTimeMs,
      entryPrice,
      exitIndex: index,
      exitTimeMs: timeMs,
      exitPrice: exitPriceStr,
      exitReason: reason,
      grossPnl: fees.isZero() ? pnlStr : gross.toString(),
      fees: fees.isZero() ? '0' : fees.toString(),
      pnl: pnlStr,
      returnFraction: costF === 0 ? 0 : Number(pnlStr) / costF,
      barsHeld: index - this.entryIndex,
    });
    this.realized = this.realized.plus(pnl);
    if (whole) {
      this.qty = ZERO;
      this.qtyStr = '0';
      this.qtyF = 0;
      this.cost = ZERO;
      this.costF = 0;
      this.entryFees = ZERO;
      this.entryPriceStr = null;
      this.entryIndex = -1;
    } else {
      this.qty = long ? this.qty.minus(quantity) : this.qty.plus(quantity);
      this.qtyStr = this.qty.toString();
      this.qtyF = Number(this.qtyStr);
      this.costF -= costF;
      this.cost = this.cost.minus(cost);
      this.entryFees = this.entryFees.minus(entryFees);
    }
  }

  /** Average entry price of the open quantity (display and exit anchoring). */
  avgPrice(): Dec {
    if (this.entryPriceStr !== null) return new Dec(this.entryPriceStr);
    return this.cost.div(this.qty.abs());
  }

  /** cash + signed position × price. */
  equityAt(price: Dec): Dec {
    return this.qty.isZero() ? this.cash : this.cash.plus(this.qty.times(price));
  }

  openPosition(lastPriceStr: string): OpenPosition | null {
    if (this.qty.isZero()) return null;
    const last = new Dec(lastPriceStr);
    const long = this.qty.isPositive();
    const value = this.qty.abs().times(last);
    return {
      side: long ? 'long' : 'short',
      quantity: this.qty.abs().toString(),
      avgPrice: this.avgPrice().toDecimalPlaces(ALLOCATION_DP).toString(),
      entryIndex: this.entryIndex,
      entryTimeMs: this.entryTimeMs,
      lastPrice: lastPriceStr,
      unrealizedPnl: (long ? value.minus(this.cost) : this.cost.minus(value)).toString(),
      unallocatedFees: this.entryFees.toString(),
    };
  }
}
