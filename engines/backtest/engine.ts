import type { KlineColumns } from '../klines';
import { timeframeMs } from '../klines';
import { prepareBars, shanghaiDate, shanghaiDays, type PreparedBars } from './bars';
import { BarContext, type ContextHost } from './context';
import { downsampleCurve, returnsAndDrawdown } from './curves';
import { Dec, ONE, ZERO, floorToStep } from './decimal';
import { Ledger } from './ledger';
import { computeMetrics } from '../metrics';
import { toMetricsInput } from './metrics-adapter';
import { commission, defaultPeriodsPerYear, quantityStep, resolveRules, roundQuantity, slip, stampDuty, type Rules } from './rules';
import {
  OrderRequestError,
  backtestConfigSchema,
  orderRequestSchema,
  type BacktestConfig,
  type BacktestConfigInput,
  type BacktestResult,
  type BacktestSeries,
  type ExitReason,
  type Exits,
  type OpenOrderInfo,
  type OrderEvent,
  type OrderOrigin,
  type OrderRecord,
  type OrderRequestInput,
  type OrderType,
  type PositionSnapshot,
  type AsyncRunOptions,
  type BacktestProgress,
  type PriceOffset,
  type RunOptions,
  type Sizing,
  type Strategy,
} from './types';

/**
 * Fill rules (orders placed while bar i is processed fill at bar i + 1 or later, never at bar i):
 * - market: the next bar's open, moved against the trader by the slippage model;
 * - limit: buy when the bar trades at or below the limit (strictly below with limitFill 'through'), at the open if
 *   the bar gaps through the limit (a better price), else at the limit; sells mirrored; no slippage;
 * - stop: buy when the bar trades at or above the stop, at the open if it gaps past it (a worse price), else at the
 *   stop, plus slippage; sells mirrored. Orders stay open (good till cancelled) until they fill or are rejected;
 * - slipped prices are rounded to the tick against the trader and never beyond the bar's high/low;
 * - protective exits (stop-loss, trailing stop, take-profit) act from the bar after the entry fill: a gap through a
 *   stop fills at the open, a gap through the take-profit fills at the open; when one bar touches both the stop and
 *   the take-profit the stop is assumed to come first (the bar does not tell the order, so the pessimistic one);
 *   the trailing stop follows the best high (low for shorts) since the entry, including the fill bar;
 * - each bar: protective exits first, then open orders in the order they were placed, then the strategy's onBar.
 * Market rules are checked at the fill; an order that breaks them is rejected with the reason (limit-up buy,
 * limit-down sell, T+1, short selling on 'ashare', insufficient cash, zero quantity). A protective exit refused at
 * limit-down is recorded as rejected and stays armed for the next bar; under T+1 it simply waits for the next day.
 * Sizing (percent of equity, risk) is resolved at the fill from equity marked at the fill price, so an all-in
 * order never overspends on a gap. Shorts are unlevered: proceeds are credited to cash, no margin is modelled.
 */

interface PendingOrder {
  id: number;
  origin: OrderOrigin;
  isBuy: boolean;
  type: OrderType;
  qty: Dec | null;
  all: boolean;
  sizing: Sizing | null;
  limit: Dec | null;
  limitStr: string;
  limitF: number;
  stop: Dec | null;
  stopStr: string;
  stopF: number;
  exits: Exits | undefined;
  record: OrderRecord;
}

/** Protective exits on the open position. Float mirrors (…F) decide most bars; Decimals settle near-equalities. */
interface ArmedExits {
  long: boolean;
  armedFrom: number;
  stopLoss: Dec | null;
  stopLossF: number;
  takeProfit: Dec | null;
  takeProfitF: number;
  trailFraction: Dec | null;
  trailAmount: Dec | null;
  peakF: number;
  trail: Dec | null;
  trailF: number;
}

function requestedText(q: string | undefined, sizing: Sizing | undefined): string {
  if (q !== undefined) return q;
  if (!sizing) return 'default sizing';
  switch (sizing.kind) {
    case 'fixed':
      return sizing.quantity;
    case 'percentEquity':
      return `${sizing.percent}% of equity`;
    case 'risk':
      return `risk ${sizing.riskPercent}% of equity`;
  }
}

class Rejection extends Error {}

// decimal.js calls zero positive (isPositive() is true for 0), so signs go through these; they also avoid gt(0),
// which would construct a Decimal for the 0 on every call.
function isPos(d: Dec): boolean {
  return !d.isZero() && !d.isNegative();
}
function isNeg(d: Dec): boolean {
  return !d.isZero() && d.isNegative();
}

/** What the bar loop fills in, carried across the slices of an async run. */
interface LoopState {
  n: number;
  equity: Float64Array;
  exposure: Float64Array;
}

// Small enough that even a slow code strategy yields within a slice on its first one; later slices are sized from it.
const FIRST_SLICE_BARS = 256;

/** Bars for the next slice, aiming at `sliceMs` from how long the last `bars` took; grows at most 4× a slice. */
export function nextSliceBars(bars: number, tookMs: number, sliceMs: number): number {
  const aimed = tookMs > 0 ? Math.floor((bars * sliceMs) / tookMs) : bars * 4;
  return Math.max(1, Math.min(bars * 4, aimed));
}

/** setImmediate rather than a resolved promise: microtasks run before I/O, so they would not let a heartbeat out. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

class BacktestEngine implements ContextHost {
  readonly rules: Rules;
  readonly ledger: Ledger;
  readonly ctx: BarContext;
  readonly orders: OrderRecord[] = [];
  private pending: PendingOrder[] = [];
  private exits: ArmedExits | null = null;
  private nextId = 0;
  private index = -1;
  private events: OrderEvent[] | null;
  /** Shanghai day per bar when an A-share rule needs trading days. */
  private readonly days: Int32Array | null;
  private prevCloseIdx = -1;
  private limitsDay = -1;
  private limitUp: Dec = ZERO;
  private limitDown: Dec = ZERO;
  private lockDay = -1;
  private locked: Dec = ZERO;
  private readonly open: readonly string[];
  private readonly high: readonly string[];
  private readonly low: readonly string[];

  constructor(
    readonly bars: PreparedBars,
    readonly strategy: Strategy,
    readonly config: BacktestConfig,
  ) {
    this.rules = resolveRules(config);
    this.ledger = new Ledger(this.rules.initialCash);
    this.ctx = new BarContext(this);
    this.events = strategy.onOrderEvent ? [] : null;
    this.days = this.rules.tPlusOne || this.rules.priceLimit ? shanghaiDays(bars.timeMs) : null;
    this.open = bars.source.open;
    this.high = bars.source.high;
    this.low = bars.source.low;
  }

  run(opts: RunOptions): Simulation {
    const s = this.begin();
    this.runBars(s, 0, s.n, opts.onProgress);
    return this.end(s, opts.onProgress);
  }

  /**
   * The same bar loop in slices of about `sliceMs`, yielding to the event loop between them so a worker's heartbeats,
   * cancellation and other tasks get through during a long run. The clock decides only where a slice ends, never what
   * is computed: the result equals run()'s.
   */
  async runAsync(opts: AsyncRunOptions): Promise<Simulation> {
    const onProgress = opts.onProgress;
    const sliceMs = opts.sliceMs ?? 100;
    const signal = opts.signal;
    const s = this.begin();
    const n = s.n;
    const every = this.config.progressEvery;
    let chunk = FIRST_SLICE_BARS;
    for (let from = 0; from < n; ) {
      signal?.throwIfAborted();
      const to = Math.min(n, from + chunk);
      const t0 = performance.now();
      this.runBars(s, from, to, onProgress);
      chunk = nextSliceBars(chunk, performance.now() - t0, sliceMs);
      from = to;
      if (from === n) break;
      // A slow strategy may take far longer than a slice for progressEvery bars: report where each slice ends too.
      if (onProgress !== undefined && from % every !== 0) onProgress(this.progress(s, from));
      await yieldToEventLoop();
    }
    signal?.throwIfAborted();
    return this.end(s, onProgress);
  }

  private begin(): LoopState {
    const b = this.bars;
    const n = b.length;
    this.strategy.onStart?.({ symbol: b.source.symbol, timeframe: b.source.timeframe, market: this.config.market });
    return { n, equity: new Float64Array(n), exposure: new Float64Array(n) };
  }

  /** Bars [from, to): both run paths share this loop, so they cannot drift apart. */
  private runBars(s: LoopState, from: number, to: number, onProgress: RunOptions['onProgress']): void {
    const n = s.n;
    const close = this.bars.close;
    const equity = s.equity;
    const exposure = s.exposure;
    const days = this.days;
    const strategy = this.strategy;
    const ctx = this.ctx;
    const ledger = this.ledger;
    const every = this.config.progressEvery;
    for (let i = from; i < to; i++) {
      this.index = i;
      if (days !== null && i > 0 && days[i] !== days[i - 1]) this.prevCloseIdx = i - 1;
      if (this.exits !== null && i >= this.exits.armedFrom) this.checkExits(i);
      if (this.pending.length > 0) this.processPending(i);
      if (this.exits !== null && this.exits.trail !== null) this.followPeak(i);
      ctx.moveTo(i);
      // Mark-to-market in float64: the statistical series for metrics and charts. Money stays in the Decimal ledger.
      const eq = ledger.cashF + ledger.qtyF * close[i]!;
      equity[i] = eq;
      if (ledger.qtyF !== 0) exposure[i] = (ledger.qtyF * close[i]!) / eq;
      if (this.events !== null && this.events.length > 0) this.deliverEvents();
      strategy.onBar(ctx);
      if (onProgress !== undefined && (i + 1) % every === 0) {
        onProgress({ barsDone: i + 1, barsTotal: n, trades: ledger.trades.length, equity: eq });
      }
    }
  }

  private progress(s: LoopState, barsDone: number): BacktestProgress {
    const equity = barsDone > 0 ? s.equity[barsDone - 1]! : this.ledger.cashF;
    return { barsDone, barsTotal: s.n, trades: this.ledger.trades.length, equity };
  }

  private end(s: LoopState, onProgress: RunOptions['onProgress']): Simulation {
    if (onProgress !== undefined && s.n % this.config.progressEvery !== 0) onProgress(this.progress(s, s.n));
    return this.finish(s.equity, s.exposure);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Host API for the strategy context

  positionQtyF(): number {
    return this.ledger.qtyF;
  }

  cashF(): number {
    return this.ledger.cashF;
  }

  cash(): string {
    return this.ledger.cash.toString();
  }

  positionSnapshot(): PositionSnapshot {
    const l = this.ledger;
    const side = l.qty.isZero() ? 'flat' : l.qty.isPositive() ? 'long' : 'short';
    return {
      side,
      quantity: l.qty.abs().toString(),
      avgPrice: side === 'flat' ? null : l.avgPrice().toDecimalPlaces(12).toString(),
      sellable: side === 'long' ? this.sellable(this.index).toString() : '0',
      entryTimeMs: side === 'flat' ? null : l.entryTimeMs,
    };
  }

  openOrders(): OpenOrderInfo[] {
    return this.pending.map((o) => {
      const info: OpenOrderInfo = { id: o.id, side: o.isBuy ? 'buy' : 'sell', type: o.type, origin: o.origin, placedIndex: o.record.placedIndex };
      if (o.record.tag !== undefined) info.tag = o.record.tag;
      return info;
    });
  }

  placeOrder(request: OrderRequestInput): number {
    const parsed = orderRequestSchema.safeParse(request);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new OrderRequestError(issue.path.join('.') || 'request', issue.message);
    }
    const r = parsed.data;
    const o = this.newOrder(r.side === 'buy', r.type, requestedText(r.quantity, r.sizing), r.tag);
    if (r.quantity === 'all') o.all = true;
    else if (r.quantity !== undefined) o.qty = new Dec(r.quantity);
    if (r.sizing !== undefined) o.sizing = r.sizing;
    if (r.limitPrice !== undefined) {
      o.record.limitPrice = o.limitStr = r.limitPrice;
      o.limit = new Dec(r.limitPrice);
      o.limitF = Number(r.limitPrice);
    }
    if (r.stopPrice !== undefined) {
      o.record.stopPrice = o.stopStr = r.stopPrice;
      o.stop = new Dec(r.stopPrice);
      o.stopF = Number(r.stopPrice);
    }
    o.exits = r.exits;
    return o.id;
  }

  placeMarket(side: 'buy' | 'sell', all: boolean, tag: string | undefined): number {
    const o = this.newOrder(side === 'buy', 'market', all ? 'all' : 'default sizing', tag);
    o.all = all;
    return o.id;
  }

  private newOrder(isBuy: boolean, type: OrderType, requested: string, tag: string | undefined): PendingOrder {
    const i = this.index;
    const id = ++this.nextId;
    const record: OrderRecord = {
      id,
      origin: 'strategy',
      side: isBuy ? 'buy' : 'sell',
      type,
      status: 'open',
      placedIndex: i,
      placedTimeMs: this.bars.timeMs[i]!,
      requested,
    };
    if (tag !== undefined) record.tag = tag;
    this.orders.push(record);
    const o: PendingOrder = {
      id,
      origin: 'strategy',
      isBuy,
      type,
      qty: null,
      all: false,
      sizing: null,
      limit: null,
      limitStr: '',
      limitF: NaN,
      stop: null,
      stopStr: '',
      stopF: NaN,
      exits: undefined,
      record,
    };
    this.pending.push(o);
    return o;
  }

  cancelOrder(id: number): boolean {
    const k = this.pending.findIndex((o) => o.id === id);
    if (k < 0) return false;
    const o = this.pending[k]!;
    this.pending.splice(k, 1);
    this.done(o.record, 'cancelled', this.index, 'cancelled by the strategy');
    return true;
  }

  cancelAll(): number {
    const count = this.pending.length;
    for (const o of this.pending) this.done(o.record, 'cancelled', this.index, 'cancelled by the strategy');
    this.pending = [];
    return count;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Fills

  /** sign(bar value − level), from floats unless they tie, then exactly from the bar's decimal string. */
  private cmp(valueF: number, values: readonly string[], i: number, levelF: number, level: Dec): number {
    if (valueF !== levelF) return valueF > levelF ? 1 : -1;
    return new Dec(values[i]!).cmp(level);
  }

  private processPending(i: number): void {
    const list = this.pending;
    let kept = 0;
    for (let k = 0; k < list.length; k++) {
      const o = list[k]!;
      if (!this.tryFill(o, i)) list[kept++] = o;
    }
    // Orders placed by onOrderEvent during this loop were appended after `list.length` was read; keep them too.
    list.length = kept;
  }

  /** Whether the order left the book at bar i (filled or rejected). */
  private tryFill(o: PendingOrder, i: number): boolean {
    const b = this.bars;
    if (o.type === 'market') {
      this.execute(o, i, this.open[i]!, true, false, 'signal');
      return true;
    }
    const through = this.rules.limitThrough;
    if (o.type === 'limit') {
      const L = o.limit!;
      const atOpen = o.isBuy ? this.cmp(b.open[i]!, this.open, i, o.limitF, L) : -this.cmp(b.open[i]!, this.open, i, o.limitF, L);
      if (atOpen < 0 || (atOpen === 0 && !through)) {
        this.execute(o, i, this.open[i]!, false, true, 'signal');
        return true;
      }
      const touch = o.isBuy ? this.cmp(b.low[i]!, this.low, i, o.limitF, L) : -this.cmp(b.high[i]!, this.high, i, o.limitF, L);
      if (touch < 0 || (touch === 0 && !through)) {
        this.execute(o, i, o.limitStr, false, true, 'signal');
        return true;
      }
      return false;
    }
    const S = o.stop!;
    const atOpen = o.isBuy ? this.cmp(b.open[i]!, this.open, i, o.stopF, S) : -this.cmp(b.open[i]!, this.open, i, o.stopF, S);
    if (atOpen >= 0) {
      this.execute(o, i, this.open[i]!, true, false, 'signal');
      return true;
    }
    const touch = o.isBuy ? this.cmp(b.high[i]!, this.high, i, o.stopF, S) : -this.cmp(b.low[i]!, this.low, i, o.stopF, S);
    if (touch >= 0) {
      this.execute(o, i, o.stopStr, true, false, 'signal');
      return true;
    }
    return false;
  }

  private sellable(i: number): Dec {
    const held = this.ledger.qty;
    if (!isPos(held)) return ZERO;
    if (!this.rules.tPlusOne || this.days === null || i < 0 || this.lockDay !== this.days[i]) return held;
    return held.minus(this.locked);
  }

  /** Today's limit-up and limit-down prices from the previous trading day's close, rounded to the tick. */
  private priceLimits(i: number): boolean {
    if (this.rules.priceLimit === null || this.prevCloseIdx < 0) return false;
    const day = this.days![i]!;
    if (this.limitsDay !== day) {
      const prev = new Dec(this.bars.source.close[this.prevCloseIdx]!);
      const move = prev.times(this.rules.priceLimit);
      const tick = this.rules.priceTick ?? new Dec('0.01');
      this.limitUp = prev.plus(move).toNearest(tick, Dec.ROUND_HALF_UP);
      this.limitDown = prev.minus(move).toNearest(tick, Dec.ROUND_HALF_UP);
      this.limitsDay = day;
    }
    return true;
  }

  private execute(o: PendingOrder, i: number, basePriceStr: string, slippage: boolean, maker: boolean, reason: ExitReason): void {
    try {
      this.fillOrder(o, i, basePriceStr, slippage, maker, reason);
    } catch (e) {
      if (!(e instanceof Rejection)) throw e;
      this.done(o.record, 'rejected', i, e.message);
    }
  }

  private fillOrder(o: PendingOrder, i: number, basePriceStr: string, slippage: boolean, maker: boolean, reason: ExitReason): void {
    const r = this.rules;
    const L = this.ledger;
    const isBuy = o.isBuy;
    let price = new Dec(basePriceStr);
    let priceStr = basePriceStr;
    let slipped: Dec | null = null;
    if (slippage && r.slippage.kind !== 'none') {
      const p = slip(r, price, isBuy, this.high[i]!, this.low[i]!);
      if (!p.eq(price)) {
        slipped = p.minus(price).abs();
        price = p;
        priceStr = p.toString();
      }
    }

    const held = L.qty;
    if (o.all) {
      if (held.isZero()) throw new Rejection('no position to close');
      if (held.isPositive() === isBuy) throw new Rejection(`quantity 'all' closes a position; the position is already ${isBuy ? 'long' : 'short'}`);
    }
    if (!isBuy && !r.allowShort && !isPos(held)) {
      throw new Rejection(r.market === 'ashare' ? "short selling is not allowed on the 'ashare' market" : 'short selling is turned off (allowShort: false)');
    }
    if (this.priceLimits(i)) {
      if (isBuy && price.gte(this.limitUp)) throw new Rejection(`limit-up: cannot buy at ${priceStr} (limit-up ${this.limitUp.toString()})`);
      if (!isBuy && price.lte(this.limitDown)) throw new Rejection(`limit-down: cannot sell at ${priceStr} (limit-down ${this.limitDown.toString()})`);
    }

    let qty: Dec;
    let sized = false;
    if (o.all) qty = held.abs();
    else if (o.qty !== null) qty = roundQuantity(r, o.qty, isBuy);
    else {
      qty = this.sizedQuantity(o.sizing ?? r.sizing, price, isBuy, o.exits);
      sized = true;
    }
    if (!isBuy && !r.allowShort) {
      // Without shorting a sell can only reduce the holding; A-share odd lots may only be sold as a whole holding.
      if (qty.gt(held)) qty = held;
      else if (r.lot !== null && qty.lt(held)) qty = floorToStep(qty, r.lot);
    }
    if (qty.isZero()) throw new Rejection(`quantity rounds to 0 (${r.lot !== null ? `lot ${r.lot.toString()}` : `step ${r.qtyStep!.toString()}`})`);
    if (!isBuy && r.tPlusOne && isPos(held)) {
      const sellable = this.sellable(i);
      if (qty.gt(sellable)) {
        throw new Rejection(
          `T+1: ${this.locked.toString()} shares bought on ${shanghaiDate(this.lockDay)} cannot be sold before the next trading day (sellable ${sellable.toString()})`,
        );
      }
    }

    let notional = qty.times(price);
    let comm = commission(r, notional, maker);
    const stamp = stampDuty(r, notional, isBuy);
    if (isBuy && !isNeg(held)) {
      let need = comm.isZero() ? notional : notional.plus(comm);
      if (need.gt(L.cash)) {
        if (!sized) throw new Rejection(`insufficient cash: needs ${need.toString()}, has ${L.cash.toString()}`);
        // A sized buy shrinks step by step until it fits: fees (a minimum fee especially) can tip it over.
        const step = quantityStep(r);
        while (need.gt(L.cash) && isPos(qty)) {
          const cut = need.minus(L.cash).div(price).div(step).ceil().times(step);
          qty = qty.minus(cut.isZero() ? step : cut);
          if (!isPos(qty)) break;
          notional = qty.times(price);
          comm = commission(r, notional, maker);
          need = comm.isZero() ? notional : notional.plus(comm);
        }
        if (!isPos(qty)) throw new Rejection(`insufficient cash for the smallest quantity: has ${L.cash.toString()}`);
      }
    }

    const wasSign = held.isZero() ? 0 : held.isPositive() ? 1 : -1;
    L.fill(isBuy, qty, price, priceStr, notional, comm, stamp, i, this.bars.timeMs[i]!, reason);
    if (isBuy && r.tPlusOne) {
      const day = this.days![i]!;
      if (this.lockDay !== day) {
        this.lockDay = day;
        this.locked = ZERO;
      }
      this.locked = this.locked.plus(qty);
    }
    const nowSign = L.qty.isZero() ? 0 : L.qty.isPositive() ? 1 : -1;
    if (nowSign === 0) this.exits = null;
    else if (o.exits !== undefined && nowSign === (isBuy ? 1 : -1)) this.armExits(o.exits, i, price);
    else if (nowSign !== wasSign) this.exits = null;

    const rec = o.record;
    rec.fillPrice = priceStr;
    rec.quantity = qty.toString();
    if (slipped !== null) rec.slippage = slipped.toString();
    rec.commission = comm.isZero() ? '0' : comm.toString();
    if (!isBuy && r.stampDuty) rec.stampDuty = stamp.toString();
    rec.cashAfter = L.cashStr;
    rec.positionAfter = L.qtyStr;
    rec.equityAfter = L.equityAfterFill(price, wasSign === 0, notional);
    this.done(rec, 'filled', i);
  }

  private sizedQuantity(s: Sizing, price: Dec, isBuy: boolean, exits: Exits | undefined): Dec {
    const r = this.rules;
    if (s.kind === 'fixed') return roundQuantity(r, new Dec(s.quantity), isBuy);
    const equity = this.ledger.equityAt(price);
    if (!isPos(equity)) throw new Rejection(`equity is ${equity.toString()}: nothing to size an order from`);
    if (s.kind === 'percentEquity') return this.affordable(s.percent === 100 ? equity : equity.times(s.percent), s.percent === 100 ? 1 : 100, price);
    const sl = exits?.stopLoss;
    if (sl === undefined) throw new Rejection('risk sizing needs a stop-loss on the order (exits.stopLoss)');
    const distance = this.offsetDistance(sl, price);
    if (!isPos(distance)) throw new Rejection('risk sizing: the stop-loss is at the fill price');
    return roundQuantity(r, equity.times(s.riskPercent).div(100).div(distance), isBuy);
  }

  /**
   * The largest multiple of the lot/step whose notional × `scale` stays within `budget`. A 40-digit Decimal
   * division costs several times a multiplication, so the count of steps is estimated in float64 and then
   * confirmed (or moved by a step) with exact products.
   */
  private affordable(budget: Dec, scale: number, price: Dec): Dec {
    const step = quantityStep(this.rules);
    const unitStep = step.eq(ONE);
    let unit = unitStep ? price : step.times(price);
    if (scale !== 1) unit = unit.times(scale);
    const k = Math.floor(budget.toNumber() / unit.toNumber());
    if (!Number.isSafeInteger(k)) return floorToStep(budget.div(unit), new Dec(1)).times(step);
    let count = new Dec(k);
    let cost = unit.times(count);
    while (isPos(count) && cost.gt(budget)) {
      count = count.minus(ONE);
      cost = cost.minus(unit);
    }
    while (cost.plus(unit).lte(budget)) {
      count = count.plus(ONE);
      cost = cost.plus(unit);
    }
    return unitStep ? count : step.times(count);
  }

  private offsetDistance(off: PriceOffset, price: Dec): Dec {
    if ('percent' in off) return price.times(off.percent).div(100);
    if ('amount' in off) return new Dec(off.amount);
    return price.minus(off.price).abs();
  }

  private tickRound(p: Dec): Dec {
    return this.rules.priceTick ? p.toNearest(this.rules.priceTick, Dec.ROUND_HALF_UP) : p;
  }

  /** Exit price `off` away from `anchor`: below it for a long's stop (above for a short's), the reverse for a target. */
  private exitLevel(off: PriceOffset, anchor: Dec, below: boolean): Dec {
    if ('price' in off) return new Dec(off.price);
    const d = this.offsetDistance(off, anchor);
    return this.tickRound(below ? anchor.minus(d) : anchor.plus(d));
  }

  private armExits(e: Exits, i: number, fillPrice: Dec): void {
    const long = this.ledger.qty.isPositive();
    const avg = this.ledger.avgPrice();
    const x: ArmedExits = {
      long,
      armedFrom: i + 1,
      stopLoss: e.stopLoss ? this.exitLevel(e.stopLoss, avg, long) : null,
      stopLossF: NaN,
      takeProfit: e.takeProfit ? this.exitLevel(e.takeProfit, avg, !long) : null,
      takeProfitF: NaN,
      trailFraction: e.trailingStop && 'percent' in e.trailingStop ? new Dec(e.trailingStop.percent).div(100) : null,
      trailAmount: e.trailingStop && 'amount' in e.trailingStop ? new Dec(e.trailingStop.amount) : null,
      peakF: NaN,
      trail: null,
      trailF: NaN,
    };
    if (x.stopLoss) x.stopLossF = x.stopLoss.toNumber();
    if (x.takeProfit) x.takeProfitF = x.takeProfit.toNumber();
    this.exits = x;
    if (x.trailFraction || x.trailAmount) this.setPeak(x, fillPrice);
  }

  private setPeak(x: ArmedExits, peak: Dec): void {
    x.peakF = peak.toNumber();
    const d = x.trailFraction ? peak.times(x.trailFraction) : x.trailAmount!;
    x.trail = this.tickRound(x.long ? peak.minus(d) : peak.plus(d));
    x.trailF = x.trail.toNumber();
  }

  private followPeak(i: number): void {
    const x = this.exits!;
    if (x.long ? this.bars.high[i]! > x.peakF : this.bars.low[i]! < x.peakF) {
      this.setPeak(x, new Dec(x.long ? this.high[i]! : this.low[i]!));
    }
  }

  private checkExits(i: number): void {
    const x = this.exits!;
    const L = this.ledger;
    // T+1: a protective exit waits until the whole holding may be sold rather than being rejected bar after bar.
    if (this.rules.tPlusOne && x.long && this.sellable(i).lt(L.qty)) return;
    let stop: Dec | null = x.stopLoss;
    let stopF = x.stopLossF;
    let stopReason: ExitReason = 'stopLoss';
    if (x.trail !== null && (stop === null || (x.long ? x.trailF > stopF : x.trailF < stopF))) {
      stop = x.trail;
      stopF = x.trailF;
      stopReason = 'trailingStop';
    }
    const tp = x.takeProfit;
    const b = this.bars;
    const s = x.long ? 1 : -1;
    const through = this.rules.limitThrough;
    // s × sign(price − level) < 0 means "below" for a long (beyond the stop) and "above" for a short.
    if (stop !== null && s * this.cmp(b.open[i]!, this.open, i, stopF, stop) <= 0) {
      return this.exitFill(i, stopReason, 'stop', stop, this.open[i]!, true);
    }
    if (tp !== null) {
      const c = s * this.cmp(b.open[i]!, this.open, i, x.takeProfitF, tp);
      if (c > 0 || (c === 0 && !through)) return this.exitFill(i, 'takeProfit', 'limit', tp, this.open[i]!, false);
    }
    if (stop !== null) {
      const c = x.long ? this.cmp(b.low[i]!, this.low, i, stopF, stop) : -this.cmp(b.high[i]!, this.high, i, stopF, stop);
      if (c <= 0) return this.exitFill(i, stopReason, 'stop', stop, stop.toString(), true);
    }
    if (tp !== null) {
      const c = x.long ? this.cmp(b.high[i]!, this.high, i, x.takeProfitF, tp) : -this.cmp(b.low[i]!, this.low, i, x.takeProfitF, tp);
      if (c > 0 || (c === 0 && !through)) return this.exitFill(i, 'takeProfit', 'limit', tp, tp.toString(), false);
    }
  }

  private exitFill(i: number, origin: ExitReason & OrderOrigin, type: OrderType, level: Dec, priceStr: string, slippage: boolean): void {
    const long = this.exits!.long;
    const id = ++this.nextId;
    const record: OrderRecord = {
      id,
      origin,
      side: long ? 'sell' : 'buy',
      type,
      status: 'open',
      placedIndex: i,
      placedTimeMs: this.bars.timeMs[i]!,
      requested: 'all',
    };
    if (type === 'stop') record.stopPrice = level.toString();
    else record.limitPrice = level.toString();
    this.orders.push(record);
    const o: PendingOrder = {
      id,
      origin,
      isBuy: !long,
      type,
      qty: null,
      all: true,
      sizing: null,
      limit: null,
      limitStr: '',
      limitF: NaN,
      stop: null,
      stopStr: '',
      stopF: NaN,
      exits: undefined,
      record,
    };
    this.execute(o, i, priceStr, slippage, type === 'limit', origin);
  }

  private done(rec: OrderRecord, status: 'filled' | 'rejected' | 'cancelled', i: number, reason?: string): void {
    rec.status = status;
    rec.doneIndex = i;
    rec.doneTimeMs = this.bars.timeMs[i]!;
    if (reason !== undefined) rec.reason = reason;
    if (this.events !== null) {
      const ev: OrderEvent = { orderId: rec.id, status, origin: rec.origin, side: rec.side, index: i };
      if (rec.fillPrice !== undefined) ev.fillPrice = rec.fillPrice;
      if (rec.quantity !== undefined) ev.quantity = rec.quantity;
      if (reason !== undefined) ev.reason = reason;
      if (rec.tag !== undefined) ev.tag = rec.tag;
      this.events.push(ev);
    }
  }

  private deliverEvents(): void {
    const list = this.events!;
    this.events = [];
    for (const ev of list) this.strategy.onOrderEvent!(ev, this.ctx);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Result

  private finish(equity: Float64Array, exposure: Float64Array): Simulation {
    const b = this.bars;
    const n = b.length;
    const L = this.ledger;
    const { returns, drawdown } = returnsAndDrawdown(equity, this.rules.initialCash.toNumber());
    const series: BacktestSeries = { timeMs: b.timeMs, equity, returns, drawdown, exposure };

    const lastClose = n > 0 ? b.source.close[n - 1]! : '0';
    const finalEquity = n > 0 ? L.equityAt(new Dec(lastClose)) : L.cash;
    let filled = 0;
    let rejected = 0;
    let cancelled = 0;
    for (const o of this.orders) {
      if (o.status === 'filled') filled++;
      else if (o.status === 'rejected') rejected++;
      else if (o.status === 'cancelled') cancelled++;
    }
    const timeframe = b.source.timeframe;
    const periodsPerYear = this.config.periodsPerYear ?? defaultPeriodsPerYear(this.config.market, timeframeMs(timeframe) / 60_000);
    const result: SimulationResult = {
      strategy: this.strategy.name,
      symbol: b.source.symbol,
      timeframe,
      bars: n,
      firstTimeMs: n > 0 ? b.timeMs[0]! : null,
      lastTimeMs: n > 0 ? b.timeMs[n - 1]! : null,
      periodsPerYear,
      config: this.config,
      orders: this.orders,
      trades: L.trades,
      openPosition: n > 0 ? L.openPosition(lastClose) : null,
      final: {
        cash: L.cash.toString(),
        equity: finalEquity.toString(),
        position: L.qtyStr,
        totalCommission: L.totalCommission.toString(),
        totalStampDuty: L.totalStampDuty.toString(),
        totalFees: L.totalCommission.plus(L.totalStampDuty).toString(),
        realizedPnl: L.realized.toString(),
        tradedNotional: L.traded.toString(),
      },
      counts: { orders: this.orders.length, filled, rejected, cancelled, open: this.pending.length, trades: L.trades.length },
      curves: downsampleCurve(b.timeMs, equity, drawdown, this.config.curvePoints),
    };
    return { result, series };
  }
}

/** A run before its metrics: what the bar loop produces. */
export type SimulationResult = Omit<BacktestResult, 'metrics'>;
export interface Simulation {
  result: SimulationResult;
  series: BacktestSeries;
}

/** Parses and validates a config (defaults filled in); throws a ZodError naming the field. */
export function parseBacktestConfig(config: BacktestConfigInput): BacktestConfig {
  return backtestConfigSchema.parse(config);
}

/** The bar loop alone, without computeMetrics: for benchmarks and sweeps that rank runs by their own figure. */
export function simulateBacktest(bars: KlineColumns | PreparedBars, strategy: Strategy, config: BacktestConfigInput, opts: RunOptions = {}): Simulation {
  const prepared = 'source' in bars ? bars : prepareBars(bars);
  return new BacktestEngine(prepared, strategy, parseBacktestConfig(config)).run(opts);
}

/**
 * Runs `strategy` over `bars` and returns the JSON-ready result (metrics from engines/metrics over the full series)
 * together with the full float64 series. Pure and deterministic: no clock, no randomness, output depends only on
 * the inputs.
 */
export function runBacktestWithSeries(
  bars: KlineColumns | PreparedBars,
  strategy: Strategy,
  config: BacktestConfigInput,
  opts: RunOptions = {},
): { result: BacktestResult; series: BacktestSeries } {
  const { result, series } = simulateBacktest(bars, strategy, config, opts);
  return withMetrics(result, series);
}

function withMetrics(result: SimulationResult, series: BacktestSeries): { result: BacktestResult; series: BacktestSeries } {
  const metrics = computeMetrics(toMetricsInput(result, series, result.periodsPerYear, result.config.riskFreeRate));
  return { result: { ...result, metrics }, series };
}

export function runBacktest(bars: KlineColumns | PreparedBars, strategy: Strategy, config: BacktestConfigInput, opts: RunOptions = {}): BacktestResult {
  return runBacktestWithSeries(bars, strategy, config, opts).result;
}

/** simulateBacktest that yields to the event loop during the run and stops when `opts.signal` aborts; same result. */
export function simulateBacktestAsync(
  bars: KlineColumns | PreparedBars,
  strategy: Strategy,
  config: BacktestConfigInput,
  opts: AsyncRunOptions = {},
): Promise<Simulation> {
  const prepared = 'source' in bars ? bars : prepareBars(bars);
  return new BacktestEngine(prepared, strategy, parseBacktestConfig(config)).runAsync(opts);
}

/** runBacktestWithSeries for callers that must stay responsive meanwhile (a worker heartbeating its progress). */
export async function runBacktestWithSeriesAsync(
  bars: KlineColumns | PreparedBars,
  strategy: Strategy,
  config: BacktestConfigInput,
  opts: AsyncRunOptions = {},
): Promise<{ result: BacktestResult; series: BacktestSeries }> {
  const { result, series } = await simulateBacktestAsync(bars, strategy, config, opts);
  return withMetrics(result, series);
}

export async function runBacktestAsync(bars: KlineColumns | PreparedBars, strategy: Strategy, config: BacktestConfigInput, opts: AsyncRunOptions = {}): Promise<BacktestResult> {
  return (await runBacktestWithSeriesAsync(bars, strategy, config, opts)).result;
}
