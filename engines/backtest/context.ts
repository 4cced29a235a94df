import type { PreparedBars } from './bars';
import {
  LookaheadError,
  type OpenOrderInfo,
  type OrderOptions,
  type OrderRequestInput,
  type PositionSide,
  type PositionSnapshot,
  type PriceField,
  type StrategyContext,
} from './types';

/** What the context needs from the engine; kept narrow so the strategy cannot reach the engine's state. */
export interface ContextHost {
  readonly bars: PreparedBars;
  positionQtyF(): number;
  cashF(): number;
  positionSnapshot(): PositionSnapshot;
  cash(): string;
  openOrders(): OpenOrderInfo[];
  placeOrder(request: OrderRequestInput): number;
  /** A market order with default sizing (or the whole position with `all`): needs no request validation. */
  placeMarket(side: 'buy' | 'sell', all: boolean, tag: string | undefined): number;
  cancelOrder(id: number): boolean;
  cancelAll(): number;
}

/**
 * One object reused for every bar (no allocation per bar). Bars after `index` are refused, so a strategy cannot
 * read the future even by index arithmetic; the float columns are only reachable through these guarded accessors.
 */
export class BarContext implements StrategyContext {
  index = -1;
  timeMs = NaN;
  open = NaN;
  high = NaN;
  low = NaN;
  close = NaN;
  volume = NaN;

  constructor(private readonly host: ContextHost) {}

  /** Moves the context to bar i; called by the engine after bar i closed. */
  moveTo(i: number): void {
    const b = this.host.bars;
    this.index = i;
    this.timeMs = b.timeMs[i]!;
    this.open = b.open[i]!;
    this.high = b.high[i]!;
    this.low = b.low[i]!;
    this.close = b.close[i]!;
    this.volume = b.volume[i]!;
  }

  private check(index: number): number {
    if (!Number.isInteger(index)) throw new RangeError(`bar index must be an integer, got ${index}`);
    if (index > this.index) throw new LookaheadError(`bar ${index} is not visible at bar ${this.index}: it has not closed yet`);
    if (index < 0) throw new RangeError(`bar index ${index} is before the first bar`);
    return index;
  }

  private column(field: PriceField): Float64Array {
    const b = this.host.bars;
    switch (field) {
      case 'open':
        return b.open;
      case 'high':
        return b.high;
      case 'low':
        return b.low;
      case 'close':
        return b.close;
      case 'volume':
        return b.volume;
      default:
        throw new RangeError(`unknown bar field ${JSON.stringify(field)}`);
    }
  }

  value(field: PriceField, index: number): number {
    return this.column(field)[this.check(index)]!;
  }

  ago(field: PriceField, barsAgo: number): number {
    return this.column(field)[this.check(this.index - barsAgo)]!;
  }

  time(index: number): number {
    return this.host.bars.timeMs[this.check(index)]!;
  }

  price(field: PriceField, index: number): string {
    this.column(field);
    return this.host.bars.source[field][this.check(index)]!;
  }

  get position(): PositionSide {
    const q = this.host.positionQtyF();
    return q > 0 ? 'long' : q < 0 ? 'short' : 'flat';
  }

  get positionQty(): number {
    return Math.abs(this.host.positionQtyF());
  }

  positionSnapshot(): PositionSnapshot {
    return this.host.positionSnapshot();
  }

  cash(): string {
    return this.host.cash();
  }

  /** Float mark-to-market at this bar's close (statistical, for decisions). */
  equity(): number {
    return this.host.cashF() + this.host.positionQtyF() * this.close;
  }

  openOrders(): OpenOrderInfo[] {
    return this.host.openOrders();
  }

  order(request: OrderRequestInput): number {
    return this.host.placeOrder(request);
  }

  buy(options?: OrderOptions): number {
    if (options === undefined) return this.host.placeMarket('buy', false, undefined);
    return this.host.placeOrder({ ...options, side: 'buy' });
  }

  sell(options?: OrderOptions): number {
    if (options === undefined) return this.host.placeMarket('sell', false, undefined);
    return this.host.placeOrder({ ...options, side: 'sell' });
  }

  closePosition(options: { tag?: string } = {}): number | null {
    const q = this.host.positionQtyF();
    if (q === 0) return null;
    if (options.tag === undefined) return this.host.placeMarket(q > 0 ? 'sell' : 'buy', true, undefined);
    return this.host.placeOrder({ side: q > 0 ? 'sell' : 'buy', type: 'market', quantity: 'all', tag: options.tag });
  }

  cancel(orderId: number): boolean {
    return this.host.cancelOrder(orderId);
  }

  cancelAll(): number {
    return this.host.cancelAll();
  }
}
