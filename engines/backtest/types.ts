import { z } from 'zod';
import { normalizeDecimal } from '../klines/decimal';
import type { Metrics } from '../metrics';

/**
 * Public API of the backtest engine. Money (prices at fills, quantities, cash, fees, PnL) crosses this boundary as
 * canonical decimal strings; plain numbers appear only where the value is statistical (bar prices handed to signal
 * math, the mark-to-market equity curve and its returns, trade return fractions).
 */

// ---------------------------------------------------------------------------------------------------------------
// Config

/** A decimal given as a string ('0.0003') or a number (0.0003), kept as its canonical string. */
export const decimalSchema = z.union([z.string(), z.number()]).transform((raw, ctx) => {
  const text = typeof raw === 'number' ? (Number.isFinite(raw) ? String(raw) : '') : raw.trim();
  const canonical = text === '' ? null : normalizeDecimal(text);
  if (canonical === null) {
    ctx.addIssue({ code: 'custom', message: `must be a decimal number, got ${JSON.stringify(raw)}` });
    return z.NEVER;
  }
  return canonical;
});
const nonNegativeDecimal = decimalSchema.refine((v) => !v.startsWith('-'), { message: 'must be ≥ 0' });
const positiveDecimal = decimalSchema.refine((v) => !v.startsWith('-') && v !== '0', { message: 'must be > 0' });
/** A fraction such as a fee rate: 0.0003 is 3 basis points. */
const rateSchema = nonNegativeDecimal.refine((v) => Number(v) < 1, { message: 'must be a fraction below 1 (0.0003 = 3 bp)' });

export const marketSchema = z.enum(['ashare', 'crypto']);
export type Market = z.infer<typeof marketSchema>;

export const sizingSchema = z.discriminatedUnion('kind', [
  /** Exactly this many shares/units (rounded down to the lot/step). */
  z.object({ kind: z.literal('fixed'), quantity: positiveDecimal }),
  /** Spend this share of equity, equity and price taken at the fill (100 = all-in). */
  z.object({ kind: z.literal('percentEquity'), percent: z.number().gt(0).lte(100) }),
  /** Lose at most this share of equity if the attached stop-loss is hit: quantity = equity × risk% ÷ stop distance. */
  z.object({ kind: z.literal('risk'), riskPercent: z.number().gt(0).lte(100) }),
]);
export type Sizing = z.infer<typeof sizingSchema>;

export const slippageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  /** A fixed price amount against the trader (0.01 = one cent worse per share). */
  z.object({ kind: z.literal('fixed'), amount: nonNegativeDecimal }),
  /** Whole ticks against the trader; tickSize defaults to the config's priceTick. */
  z.object({ kind: z.literal('ticks'), ticks: z.number().int().min(0), tickSize: positiveDecimal.optional() }),
  /** A fraction of the price against the trader (0.0005 = 5 bp). */
  z.object({ kind: z.literal('percent'), rate: rateSchema }),
]);
export type Slippage = z.infer<typeof slippageSchema>;

export const feesSchema = z.object({
  /** Commission rate on limit-order fills (resting orders provide liquidity). */
  makerRate: rateSchema.default('0'),
  /** Commission rate on market, stop and protective-exit fills. */
  takerRate: rateSchema.default('0'),
  /** Commission is max(notional × rate, minFee) per fill; 0 disables. A-share brokers charge 5 CNY. */
  minFee: nonNegativeDecimal.default('0'),
  /** Charged on sells only, notional × rate (A-share stamp duty: 0.001 until 2023-08-27, 0.0005 since). */
  stampDutyRate: rateSchema.default('0'),
  /** Decimal places fees are rounded to (half up). Default: 2 (cents) for 'ashare', unrounded for 'crypto'. */
  decimals: z.number().int().min(0).max(18).nullable().optional(),
});
export type Fees = z.infer<typeof feesSchema>;

export const backtestConfigSchema = z
  .object({
    initialCash: positiveDecimal.default('1000000'),
    market: marketSchema,
    /** A-share: buys are rounded down to whole lots of this many shares (sells may be odd lots). Default 100. */
    lotSize: z.number().int().positive().optional(),
    /** Crypto: quantities are rounded down to multiples of this step. Default 0.00000001. */
    qtyStep: positiveDecimal.optional(),
    /** Slipped fill prices are rounded to this tick, against the trader. Default 0.01 for 'ashare', none for 'crypto'. */
    priceTick: positiveDecimal.optional(),
    /** A-share daily price limit vs the previous trading day's close (0.1 = ±10 %); null turns it off. Default 0.1. */
    priceLimit: rateSchema.nullable().optional(),
    /** A-share T+1: shares bought on a trading day (Asia/Shanghai) cannot be sold before the next one. Default true. */
    tPlusOne: z.boolean().optional(),
    /** Short selling. Default true for 'crypto'; 'ashare' does not allow it. */
    allowShort: z.boolean().optional(),
    fees: feesSchema.default({ makerRate: '0', takerRate: '0', minFee: '0', stampDutyRate: '0' }),
    slippage: slippageSchema.default({ kind: 'none' }),
    /** Limit orders fill when the bar touches the limit (backtrader's rule) or only when it trades strictly through. */
    limitFill: z.enum(['touch', 'through']).default('touch'),
    /** Sizing of orders that give neither quantity nor sizing. */
    sizing: sizingSchema.default({ kind: 'percentEquity', percent: 100 }),
    /** onProgress is called every this many bars. */
    progressEvery: z.number().int().positive().default(10_000),
    /** The chart curves in the result hold at most this many points; metrics always use the full series. */
    curvePoints: z.number().int().min(16).max(100_000).default(2000),
    /** Annualisation for metrics. Default: from the timeframe (A-share 240 trading days of 4 h, crypto 365 × 24 h). */
    periodsPerYear: z.number().positive().optional(),
    /** Annual risk-free rate for Sharpe/Sortino. */
    riskFreeRate: z.number().min(0).max(1).default(0),
  })
  .superRefine((c, ctx) => {
    if (c.market === 'ashare' && c.allowShort === true) {
      ctx.addIssue({ code: 'custom', path: ['allowShort'], message: "the 'ashare' market does not allow short selling" });
    }
    if (c.market === 'crypto' && (c.lotSize !== undefined || c.tPlusOne !== undefined || (c.priceLimit ?? null) !== null)) {
      const field = c.lotSize !== undefined ? 'lotSize' : c.tPlusOne !== undefined ? 'tPlusOne' : 'priceLimit';
      ctx.addIssue({ code: 'custom', path: [field], message: `${field} is an 'ashare' rule; use qtyStep for 'crypto'` });
    }
    if (c.market === 'ashare' && c.qtyStep !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['qtyStep'], message: "qtyStep is a 'crypto' rule; use lotSize for 'ashare'" });
    }
  });
/** What callers write (defaults optional). */
export type BacktestConfigInput = z.input<typeof backtestConfigSchema>;
/** After parsing: defaults filled in, decimals canonical. */
export type BacktestConfig = z.output<typeof backtestConfigSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Orders placed by strategies

/** A distance from the fill price (percent or amount) or an absolute price, for stop-loss and take-profit. */
export const priceOffsetSchema = z.union([
  z.object({ percent: z.number().gt(0).lt(100) }).strict(),
  z.object({ amount: positiveDecimal }).strict(),
  z.object({ price: positiveDecimal }).strict(),
]);
export type PriceOffset = z.infer<typeof priceOffsetSchema>;

export const trailingOffsetSchema = z.union([
  z.object({ percent: z.number().gt(0).lt(100) }).strict(),
  z.object({ amount: positiveDecimal }).strict(),
]);
export type TrailingOffset = z.infer<typeof trailingOffsetSchema>;

/**
 * Protective exits attached to the position an entry order opens. They are armed from the bar after the entry
 * fill (the order of prices inside the fill bar is unknown) and re-anchored to the average price when an order
 * adds to the position.
 */
export const exitsSchema = z
  .object({
    stopLoss: priceOffsetSchema.optional(),
    takeProfit: priceOffsetSchema.optional(),
    trailingStop: trailingOffsetSchema.optional(),
  })
  .strict();
export type Exits = z.infer<typeof exitsSchema>;

export const orderSideSchema = z.enum(['buy', 'sell']);
export type OrderSide = z.infer<typeof orderSideSchema>;
export const orderTypeSchema = z.enum(['market', 'limit', 'stop']);
export type OrderType = z.infer<typeof orderTypeSchema>;

export const orderRequestSchema = z
  .object({
    side: orderSideSchema,
    type: orderTypeSchema.default('market'),
    /**
     * Shares/units, or 'all' for the whole position on the opposite side (a sell when long, a buy when short).
     * Without it the order is sized by `sizing` or the config's default sizing, at the fill.
     */
    quantity: z.union([positiveDecimal, z.literal('all')]).optional(),
    sizing: sizingSchema.optional(),
    /** Required for 'limit'. */
    limitPrice: positiveDecimal.optional(),
    /** Required for 'stop'. */
    stopPrice: positiveDecimal.optional(),
    exits: exitsSchema.optional(),
    tag: z.string().max(64).optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.type === 'limit' && o.limitPrice === undefined) ctx.addIssue({ code: 'custom', path: ['limitPrice'], message: 'a limit order needs limitPrice' });
    if (o.type === 'stop' && o.stopPrice === undefined) ctx.addIssue({ code: 'custom', path: ['stopPrice'], message: 'a stop order needs stopPrice' });
    if (o.quantity !== undefined && o.sizing !== undefined) ctx.addIssue({ code: 'custom', path: ['sizing'], message: 'give quantity or sizing, not both' });
  });
export type OrderRequestInput = z.input<typeof orderRequestSchema>;
export type OrderRequest = z.output<typeof orderRequestSchema>;

/** Options of the ctx.buy/ctx.sell shorthands: an order request without its side. */
export type OrderOptions = Omit<OrderRequestInput, 'side'>;

// ---------------------------------------------------------------------------------------------------------------
// Strategy side

export type PriceField = 'open' | 'high' | 'low' | 'close' | 'volume';
export type PositionSide = 'flat' | 'long' | 'short';
export type OrderStatus = 'open' | 'filled' | 'cancelled' | 'rejected';
/** Who placed an order: the strategy, or a protective exit attached to the position. */
export type OrderOrigin = 'strategy' | 'stopLoss' | 'takeProfit' | 'trailingStop';

export interface PositionSnapshot {
  side: PositionSide;
  /** Absolute quantity. */
  quantity: string;
  /** Volume-weighted entry price of the open quantity; null when flat. */
  avgPrice: string | null;
  /** Quantity that may be sold now (A-share T+1 locks today's buys). */
  sellable: string;
  entryTimeMs: number | null;
}

export interface OpenOrderInfo {
  id: number;
  side: OrderSide;
  type: OrderType;
  origin: OrderOrigin;
  placedIndex: number;
  tag?: string;
}

/**
 * What a strategy sees after bar `index` closed. Bars after `index` do not exist for it: the accessors throw
 * {@link LookaheadError} for them. Prices come as float64 for signal math (statistical); `price()` gives the exact
 * decimal string of a bar field. Orders placed here fill at bar index + 1 or later.
 */
export interface StrategyContext {
  readonly index: number;
  /** Bar time (UTC ms; A-share files stamp bars with their close time). */
  readonly timeMs: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** A field of bar `index` ≤ the current one, as float64. */
  value(field: PriceField, index: number): number;
  /** A field `barsAgo` bars back (0 = current bar). */
  ago(field: PriceField, barsAgo: number): number;
  time(index: number): number;
  /** Exact decimal string of a field of bar `index` ≤ the current one. */
  price(field: PriceField, index: number): string;

  readonly position: PositionSide;
  /** Absolute position size as float64, for decisions; the exact size is in positionSnapshot(). */
  readonly positionQty: number;
  positionSnapshot(): PositionSnapshot;
  /** Exact cash. */
  cash(): string;
  /** Equity marked at this bar's close, float64 (statistical). */
  equity(): number;
  openOrders(): OpenOrderInfo[];

  /** Places an order; returns its id. Invalid requests throw OrderRequestError naming the field. */
  order(request: OrderRequestInput): number;
  buy(options?: OrderOptions): number;
  sell(options?: OrderOptions): number;
  /** A market order for the whole position; null when flat. */
  closePosition(options?: { tag?: string }): number | null;
  /** Cancels an open order placed by the strategy; false if it is no longer open. */
  cancel(orderId: number): boolean;
  cancelAll(): number;
}

/** Notification of what happened to an order, delivered after the bar it happened in closed, before onBar. */
export interface OrderEvent {
  orderId: number;
  status: OrderStatus;
  origin: OrderOrigin;
  side: OrderSide;
  index: number;
  fillPrice?: string;
  quantity?: string;
  reason?: string;
  tag?: string;
}

export interface StrategyStartInfo {
  symbol: string;
  timeframe: string;
  market: Market;
}

export interface Strategy {
  readonly name: string;
  onStart?(info: StrategyStartInfo): void;
  /** Runs after bar ctx.index closed. */
  onBar(ctx: StrategyContext): void;
  onOrderEvent?(event: OrderEvent, ctx: StrategyContext): void;
}

// ---------------------------------------------------------------------------------------------------------------
// Result

export interface OrderRecord {
  id: number;
  origin: OrderOrigin;
  side: OrderSide;
  type: OrderType;
  status: OrderStatus;
  tag?: string;
  placedIndex: number;
  placedTimeMs: number;
  /** Requested quantity ('all', a decimal) or the sizing that decides it at the fill. */
  requested: string;
  limitPrice?: string;
  stopPrice?: string;
  /** Set when the order left the book (filled, rejected, cancelled). */
  doneIndex?: number;
  doneTimeMs?: number;
  fillPrice?: string;
  quantity?: string;
  /** Price movement charged by the slippage model, per unit. */
  slippage?: string;
  commission?: string;
  stampDuty?: string;
  /** Account right after the fill; equity = cash + signed position × fill price. */
  cashAfter?: string;
  positionAfter?: string;
  equityAfter?: string;
  reason?: string;
}

export type ExitReason = 'signal' | 'stopLoss' | 'takeProfit' | 'trailingStop';

export interface Trade {
  id: number;
  side: 'long' | 'short';
  quantity: string;
  entryIndex: number;
  entryTimeMs: number;
  entryPrice: string;
  exitIndex: number;
  exitTimeMs: number;
  exitPrice: string;
  exitReason: ExitReason;
  /** (exit − entry) × quantity, sign-adjusted for shorts. */
  grossPnl: string;
  /** Entry fees allocated pro rata to this quantity plus the exit fill's fees (commission + stamp duty). */
  fees: string;
  /** grossPnl − fees. */
  pnl: string;
  /** pnl ÷ entry notional, float64 (statistical). */
  returnFraction: number;
  barsHeld: number;
}

export interface OpenPosition {
  side: 'long' | 'short';
  quantity: string;
  avgPrice: string;
  entryIndex: number;
  entryTimeMs: number;
  lastPrice: string;
  unrealizedPnl: string;
  /** Entry fees not yet allocated to a trade. */
  unallocatedFees: string;
}

export interface CurvePoints {
  timeMs: number[];
  equity: number[];
  /** Fraction below the running peak (≤ 0). */
  drawdown: number[];
  /** Points in the full series; the arrays are downsampled (extremes kept) when it is larger than curvePoints. */
  sourcePoints: number;
}

export interface BacktestResult {
  strategy: string;
  symbol: string;
  timeframe: string;
  bars: number;
  firstTimeMs: number | null;
  lastTimeMs: number | null;
  /** Annualisation of the metrics: config.periodsPerYear or the market/timeframe default. */
  periodsPerYear: number;
  config: BacktestConfig;
  orders: OrderRecord[];
  trades: Trade[];
  openPosition: OpenPosition | null;
  final: {
    cash: string;
    /** cash + signed position × last close, exact. */
    equity: string;
    position: string;
    totalCommission: string;
    totalStampDuty: string;
    totalFees: string;
    /** Sum of closed trades' pnl. */
    realizedPnl: string;
    /** Σ |quantity × price| over all fills (entries and exits). */
    tradedNotional: string;
  };
  counts: { orders: number; filled: number; rejected: number; cancelled: number; open: number; trades: number };
  curves: CurvePoints;
  /** computeMetrics (engines/metrics) over the full per-bar return series and the closed trades. */
  metrics: Metrics;
}

/** Full per-bar series (float64, statistical) for metrics and exports; not part of the JSON result. */
export interface BacktestSeries {
  timeMs: Float64Array;
  /** Equity marked to each bar's close. */
  equity: Float64Array;
  /** Simple returns of `equity`; returns[0] = equity[0] / initialCash − 1. */
  returns: Float64Array;
  drawdown: Float64Array;
  /** Signed position value ÷ equity at each close. */
  exposure: Float64Array;
}

export interface BacktestProgress {
  barsDone: number;
  barsTotal: number;
  trades: number;
  equity: number;
}

export interface RunOptions {
  /** Called every config.progressEvery bars and after the last bar. */
  onProgress?: (progress: BacktestProgress) => void;
}

export interface AsyncRunOptions extends RunOptions {
  /**
   * Work between two yields to the event loop, in milliseconds (default 100). onProgress is also called at each
   * yield, so progress keeps coming however slow the strategy.
   */
  sliceMs?: number;
  /** Checked between slices: once aborted, the run stops by throwing the signal's reason. */
  signal?: AbortSignal;
}

export class LookaheadError extends Error {
  override readonly name = 'LookaheadError';
}

export class OrderRequestError extends Error {
  override readonly name = 'OrderRequestError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`order ${field}: ${message}`);
  }
}
