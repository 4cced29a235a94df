import type { KlineColumns } from '../klines';
import { timeframeMs } from '../klines';
import { computeMetrics } from '../metrics';
import { prepareBars, shanghaiDate, shanghaiDays, type PreparedBars } from './bars';
import { downsampleCurve, returnsAndDrawdown } from './curves';
import { Dec, ZERO } from './decimal';
import { nextSliceBars, parseBacktestConfig } from './engine';
import { Ledger } from './ledger';
import { rotationParamsSchema, type RotationParams, type RotationParamsInput } from './rotation-params';
import type { RotationOpenPosition, RotationOrder, RotationRebalance, RotationResult, RotationTrade } from './rotation-types';
import { toMetricsInput } from './metrics-adapter';
import { commission, defaultPeriodsPerYear, priceLimitBand, quantityStep, resolveRules, roundQuantity, slip, stampDuty, type Rules } from './rules';
import type {
  AsyncRunOptions,
  BacktestConfig,
  BacktestConfigInput,
  BacktestProgress,
  BacktestSeries,
  RunOptions,
} from './types';

/**
 * Cross-sectional momentum rotation: one portfolio over a universe of symbols. The single-symbol engine (engine.ts)
 * cannot rank symbols against each other, so this is a loop of its own over the union of the symbols' bar times; it
 * shares the config schema, the fee/slippage/lot/limit rules (rules.ts) and the decimal Ledger with it.
 *
 * - Decision bars: union index t ≥ lookback with (t − lookback) % rebalanceEvery = 0, after bar t closed.
 * - Ranking: symbols with a bar at t and at least `lookback` earlier bars of their own, by close[k] / close[k −
 *   lookback] − 1 over their own bars (exact decimal ratio; ties keep the universe order). The first `top` are
 *   selected, those at or below `minReturnPercent` dropped (absolute momentum: their slot stays in cash).
 * - Orders fill at the next union bar's open (slippage applied), sells first, then buys in rank order. A symbol
 *   without a bar there cannot trade: its order is rejected, as are a buy at or above limit-up, a sell at or below
 *   limit-down and (T+1) a sell on the day of the buy. Rejected orders are not retried; the next rebalance decides
 *   again.
 * - Sizing is equal weight at entry: a new holding gets equity ÷ top (equity marked at the fill bar's opens after the
 *   sells), or the cash left split evenly over the buys still to make when that is less, rounded down to the lot or
 *   step so price × quantity + commission fits. Holdings that stay selected are not resized: with a minimum fee,
 *   trimming every rebalance costs more than the drift it corrects.
 * - Money is decimal (one Ledger per symbol, opened with zero cash, so portfolio cash = initial cash + Σ ledger cash
 *   exactly); the per-bar mark-to-market equity (last close of every holding) is float64 for the metrics.
 * Config fields that only concern the strategy-driven engine (sizing, limitFill, allowShort) are ignored: the rotation
 * places market orders, long only.
 */

export { rotationParamsSchema, type RotationParams, type RotationParamsInput } from './rotation-params';

export type { RotationOpenPosition, RotationOrder, RotationRebalance, RotationResult, RotationTrade } from './rotation-types';

/** A run before its metrics, with the full float64 series (not part of the JSON result). */
export interface RotationSimulation {
  result: Omit<RotationResult, 'metrics'>;
  series: BacktestSeries;
}

const FIRST_SLICE_BARS = 256;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function isPos(d: Dec): boolean {
  return !d.isZero() && !d.isNegative();
}

class Rejection extends Error {}

/** Ascending union of the symbols' bar times, and for each symbol the union index of each of its bars. */
function alignTimes(series: PreparedBars[]): { timeMs: Float64Array; unionOf: Int32Array[] } {
  let total = 0;
  for (const s of series) total += s.length;
  const all = new Float64Array(total);
  let k = 0;
  for (const s of series) {
    all.set(s.timeMs, k);
    k += s.length;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i]!;
  const timeMs = all.slice(0, n);
  const unionOf = series.map((s) => {
    const out = new Int32Array(s.length);
    let u = 0;
    for (let j = 0; j < s.length; j++) {
      while (timeMs[u]! < s.timeMs[j]!) u++;
      out[j] = u;
    }
    return out;
  });
  return { timeMs, unionOf };
}

interface Decision {
  index: number;
  selected: number[];
  record: RotationRebalance;
}

class RotationEngine {
  readonly rules: Rules;
  readonly n: number;
  readonly timeMs: Float64Array;
  private readonly unionOf: Int32Array[];
  private readonly names: string[];
  private readonly ledgers: Ledger[];
  /** Own bar index of each symbol's latest bar at or before the current union bar; −1 before its first. */
  private readonly lastOwn: Int32Array;
  /** Union index of that bar: equal to the current index when the symbol has a bar now. */
  private readonly lastSeen: Int32Array;
  private readonly cursor: Int32Array;
  /** Shanghai day of every own bar, for T+1 and price limits (A-share only). */
  private readonly ownDays: (Int32Array | null)[];
  private readonly unionDays: Int32Array | null;
  private readonly lockDay: Int32Array;
  private cash: Dec;
  private cashF: number;
  /** Symbols with a position, in universe order. */
  private held: number[] = [];
  private pending: Decision | null = null;
  private readonly orders: RotationOrder[] = [];
  private readonly trades: RotationTrade[] = [];
  private readonly rebalances: RotationRebalance[] = [];
  private readonly equity: Float64Array;
  private readonly exposure: Float64Array;

  constructor(
    private readonly series: PreparedBars[],
    readonly params: RotationParams,
    readonly config: BacktestConfig,
  ) {
    this.rules = resolveRules(config);
    const aligned = alignTimes(series);
    this.timeMs = aligned.timeMs;
    this.unionOf = aligned.unionOf;
    this.n = aligned.timeMs.length;
    this.names = series.map((s) => s.source.symbol);
    // Zero opening cash per ledger: each one's cash is its symbol's net cash flow, and their sum moves the portfolio.
    this.ledgers = series.map(() => new Ledger(ZERO));
    this.lastOwn = new Int32Array(series.length).fill(-1);
    this.lastSeen = new Int32Array(series.length).fill(-1);
    this.cursor = new Int32Array(series.length);
    const needDays = this.rules.tPlusOne || this.rules.priceLimit !== null;
    this.ownDays = series.map((s) => (needDays ? shanghaiDays(s.timeMs) : null));
    this.unionDays = needDays ? shanghaiDays(this.timeMs) : null;
    this.lockDay = new Int32Array(series.length).fill(-1);
    this.cash = this.rules.initialCash;
    this.cashF = this.cash.toNumber();
    this.equity = new Float64Array(this.n);
    this.exposure = new Float64Array(this.n);
  }

  run(opts: RunOptions): RotationSimulation {
    this.runBars(0, this.n, opts.onProgress);
    return this.end(opts.onProgress);
  }

  /** The same loop in slices of about `sliceMs`, yielding between them (heartbeats, cancellation); same result. */
  async runAsync(opts: AsyncRunOptions): Promise<RotationSimulation> {
    const sliceMs = opts.sliceMs ?? 100;
    let chunk = FIRST_SLICE_BARS;
    for (let from = 0; from < this.n; ) {
      opts.signal?.throwIfAborted();
      const to = Math.min(this.n, from + chunk);
      const t0 = performance.now();
      this.runBars(from, to, opts.onProgress);
      chunk = nextSliceBars(chunk, performance.now() - t0, sliceMs);
      from = to;
      if (from === this.n) break;
      if (opts.onProgress !== undefined && from % this.config.progressEvery !== 0) opts.onProgress(this.progress(from));
      await yieldToEventLoop();
    }
    opts.signal?.throwIfAborted();
    return this.end(opts.onProgress);
  }

  private progress(barsDone: number): BacktestProgress {
    return { barsDone, barsTotal: this.n, trades: this.trades.length, equity: barsDone > 0 ? this.equity[barsDone - 1]! : this.cashF };
  }

  private runBars(from: number, to: number, onProgress: RunOptions['onProgress']): void {
    const { lookback, rebalanceEvery } = this.params;
    const every = this.config.progressEvery;
    const count = this.series.length;
    for (let t = from; t < to; t++) {
      for (let s = 0; s < count; s++) {
        const c = this.cursor[s]!;
        if (c < this.unionOf[s]!.length && this.unionOf[s]![c] === t) {
          this.lastOwn[s] = c;
          this.lastSeen[s] = t;
          this.cursor[s] = c + 1;
        }
      }
      if (this.pending !== null) this.rebalance(t);
      // Mark-to-market at every holding's last close, float64: the statistical series only.
      let value = 0;
      for (const s of this.held) value += this.ledgers[s]!.qtyF * this.series[s]!.close[this.lastOwn[s]!]!;
      const eq = this.cashF + value;
      this.equity[t] = eq;
      if (value !== 0) this.exposure[t] = value / eq;
      if (t >= lookback && (t - lookback) % rebalanceEvery === 0) this.decide(t);
      if (onProgress !== undefined && (t + 1) % every === 0) onProgress(this.progress(t + 1));
    }
  }

  private decide(t: number): void {
    const { lookback, top, minReturnPercent } = this.params;
    const ranked: { s: number; ret: Dec }[] = [];
    for (let s = 0; s < this.series.length; s++) {
      const k = this.lastOwn[s]!;
      // Only closes up to bar t are read: the decision cannot see the bar its orders fill at.
      if (this.lastSeen[s] !== t || k < lookback) continue;
      const close = this.series[s]!.source.close;
      ranked.push({ s, ret: new Dec(close[k]!).div(close[k - lookback]!).minus(1) });
    }
    ranked.sort((a, b) => b.ret.cmp(a.ret)); // stable: ties keep the universe order
    const floor = minReturnPercent === undefined ? null : new Dec(minReturnPercent).div(100);
    const selected = ranked
      .slice(0, top)
      .filter((r) => floor === null || r.ret.gt(floor))
      .map((r) => r.s);
    const record: RotationRebalance = {
      decisionIndex: t,
      decisionTimeMs: this.timeMs[t]!,
      ranking: ranked.map((r) => ({ symbol: this.names[r.s]!, returnPercent: r.ret.times(100).toDecimalPlaces(6).toString() })),
      selected: selected.map((s) => this.names[s]!),
      fillIndex: null,
      fillTimeMs: null,
      orderIds: [],
      after: null,
    };
    this.rebalances.push(record);
    this.pending = { index: t, selected, record };
  }

  /** The fill bar's open for a symbol with a bar at t, else its last close: the price holdings are marked at on fills. */
  private markAtOpen(s: number, t: number): string {
    const src = this.series[s]!.source;
    const k = this.lastOwn[s]!;
    return this.lastSeen[s] === t ? src.open[k]! : src.close[k]!;
  }

  private equityAtOpens(t: number): Dec {
    let eq = this.cash;
    for (const s of this.held) eq = eq.plus(this.ledgers[s]!.qty.times(this.markAtOpen(s, t)));
    return eq;
  }

  private rebalance(t: number): void {
    const d = this.pending!;
    this.pending = null;
    d.record.fillIndex = t;
    d.record.fillTimeMs = this.timeMs[t]!;
    const target = new Set(d.selected);
    for (const s of [...this.held]) {
      if (!target.has(s)) this.order(d, s, false, t, ZERO);
    }
    const buys = d.selected.filter((s) => this.ledgers[s]!.qty.isZero());
    const slot = this.equityAtOpens(t).div(this.params.top);
    for (let i = 0; i < buys.length; i++) {
      const share = this.cash.div(buys.length - i);
      this.order(d, buys[i]!, true, t, share.lt(slot) ? share : slot);
    }
    d.record.after = {
      holdings: this.held.map((s) => ({ symbol: this.names[s]!, quantity: this.ledgers[s]!.qtyStr, markPrice: this.markAtOpen(s, t) })),
      cash: this.cash.toString(),
      equity: this.equityAtOpens(t).toString(),
    };
  }

  private order(d: Decision, s: number, isBuy: boolean, t: number, budget: Dec): void {
    const rec: RotationOrder = {
      id: this.orders.length + 1,
      symbol: this.names[s]!,
      origin: 'strategy',
      side: isBuy ? 'buy' : 'sell',
      type: 'market',
      status: 'open',
      tag: isBuy ? 'rotation.buy' : 'rotation.sell',
      placedIndex: d.index,
      placedTimeMs: this.timeMs[d.index]!,
      requested: isBuy ? `1/${this.params.top} of equity` : 'all',
    };
    this.orders.push(rec);
    d.record.orderIds.push(rec.id);
    try {
      this.fill(rec, s, isBuy, t, budget);
      rec.status = 'filled';
    } catch (e) {
      if (!(e instanceof Rejection)) throw e;
      rec.status = 'rejected';
      rec.reason = e.message;
    }
    rec.doneIndex = t;
    rec.doneTimeMs = this.timeMs[t]!;
  }

  private fill(rec: RotationOrder, s: number, isBuy: boolean, t: number, budget: Dec): void {
    const r = this.rules;
    const name = this.names[s]!;
    if (this.lastSeen[s] !== t) throw new Rejection(`no ${name} bar at this time: it cannot trade`);
    const k = this.lastOwn[s]!;
    const src = this.series[s]!.source;
    const L = this.ledgers[s]!;
    const open = new Dec(src.open[k]!);
    const price = slip(r, open, isBuy, src.high[k]!, src.low[k]!);
    const priceStr = price.toString();
    const band = this.priceLimits(s, k);
    if (band !== null) {
      if (isBuy && price.gte(band.up)) throw new Rejection(`limit-up: cannot buy ${name} at ${priceStr} (limit-up ${band.up.toString()})`);
      if (!isBuy && price.lte(band.down)) throw new Rejection(`limit-down: cannot sell ${name} at ${priceStr} (limit-down ${band.down.toString()})`);
    }
    const day = this.unionDays !== null ? this.unionDays[t]! : -1;
    let qty: Dec;
    if (isBuy) {
      qty = this.affordable(price, budget);
      if (qty.isZero()) throw new Rejection(`${budget.toDecimalPlaces(2).toString()} buys less than one ${r.lot !== null ? `lot of ${r.lot.toString()}` : `step of ${r.qtyStep!.toString()}`} of ${name} at ${priceStr}`);
    } else {
      qty = L.qty;
      if (r.tPlusOne && this.lockDay[s] === day) {
        throw new Rejection(`T+1: ${qty.toString()} ${name} bought on ${shanghaiDate(day)} cannot be sold before the next trading day`);
      }
    }
    const notional = qty.times(price);
    const comm = commission(r, notional, false);
    const stamp = stampDuty(r, notional, isBuy);
    const before = L.cash;
    const nTrades = L.trades.length;
    L.fill(isBuy, qty, price, priceStr, notional, comm, stamp, t, this.timeMs[t]!, 'signal');
    this.cash = this.cash.plus(L.cash.minus(before));
    this.cashF = this.cash.toNumber();
    for (let i = nTrades; i < L.trades.length; i++) this.trades.push({ ...L.trades[i]!, id: this.trades.length + 1, symbol: name });
    if (isBuy) {
      if (r.tPlusOne) this.lockDay[s] = day;
      this.held = this.held.concat(s).sort((a, b) => a - b);
    } else {
      this.held = this.held.filter((h) => h !== s);
    }
    rec.fillPrice = priceStr;
    rec.quantity = qty.toString();
    if (!price.eq(open)) rec.slippage = price.minus(open).abs().toString();
    rec.commission = comm.isZero() ? '0' : comm.toString();
    if (!isBuy && r.stampDuty) rec.stampDuty = stamp.toString();
    rec.cashAfter = this.cash.toString();
    rec.positionAfter = L.qtyStr;
    rec.equityAfter = this.equityAtOpens(t).toString();
  }

  /** The largest lot/step multiple whose notional plus commission stays within `budget`. */
  private affordable(price: Dec, budget: Dec): Dec {
    const r = this.rules;
    if (!isPos(budget)) return ZERO;
    let qty = roundQuantity(r, budget.div(price), true);
    const step = quantityStep(r);
    while (isPos(qty)) {
      const notional = qty.times(price);
      const need = notional.plus(commission(r, notional, false));
      if (need.lte(budget)) return qty;
      // Fees (a minimum fee especially) can tip the rounded quantity over: cut by what the excess costs, in steps.
      const cut = need.minus(budget).div(price).div(step).ceil().times(step);
      qty = qty.minus(cut.isZero() ? step : cut);
    }
    return ZERO;
  }

  /** Limit band of the symbol's own bar k from its close on the previous trading day; null when there is none. */
  private priceLimits(s: number, k: number): { up: Dec; down: Dec } | null {
    const days = this.ownDays[s];
    if (this.rules.priceLimit === null || days === null || days === undefined) return null;
    let j = k - 1;
    while (j >= 0 && days[j] === days[k]) j--;
    if (j < 0) return null;
    return priceLimitBand(this.rules, new Dec(this.series[s]!.source.close[j]!));
  }

  private end(onProgress: RunOptions['onProgress']): RotationSimulation {
    if (onProgress !== undefined && this.n % this.config.progressEvery !== 0) onProgress(this.progress(this.n));
    const n = this.n;
    const { returns, drawdown } = returnsAndDrawdown(this.equity, this.rules.initialCash.toNumber());
    const series: BacktestSeries = { timeMs: this.timeMs, equity: this.equity, returns, drawdown, exposure: this.exposure };

    let equity = this.cash;
    let totalCommission = ZERO;
    let totalStampDuty = ZERO;
    let realized = ZERO;
    let traded = ZERO;
    const positions: RotationResult['final']['positions'] = [];
    const openPositions: RotationOpenPosition[] = [];
    for (let s = 0; s < this.series.length; s++) {
      const L = this.ledgers[s]!;
      totalCommission = totalCommission.plus(L.totalCommission);
      totalStampDuty = totalStampDuty.plus(L.totalStampDuty);
      realized = realized.plus(L.realized);
      traded = traded.plus(L.traded);
      if (L.qty.isZero()) continue;
      const last = this.series[s]!.source.close[this.lastOwn[s]!]!;
      equity = equity.plus(L.qty.times(last));
      positions.push({ symbol: this.names[s]!, quantity: L.qtyStr, lastPrice: last });
      openPositions.push({ symbol: this.names[s]!, ...L.openPosition(last)! });
    }
    let filled = 0;
    let rejected = 0;
    for (const o of this.orders) {
      if (o.status === 'filled') filled++;
      else if (o.status === 'rejected') rejected++;
    }
    const timeframe = this.series[0]!.source.timeframe;
    const periodsPerYear = this.config.periodsPerYear ?? defaultPeriodsPerYear(this.config.market, timeframeMs(timeframe) / 60_000);
    const p = this.params;
    const result: RotationSimulation['result'] = {
      kind: 'rotation',
      strategy: `Momentum rotation: top ${p.top} by ${p.lookback}-bar return every ${p.rebalanceEvery} bars${p.minReturnPercent !== undefined ? `, above ${p.minReturnPercent}%` : ''}`,
      params: p,
      symbols: this.names,
      timeframe,
      bars: n,
      barsBySymbol: Object.fromEntries(this.series.map((s) => [s.source.symbol, s.length])),
      firstTimeMs: n > 0 ? this.timeMs[0]! : null,
      lastTimeMs: n > 0 ? this.timeMs[n - 1]! : null,
      periodsPerYear,
      config: this.config,
      orders: this.orders,
      trades: this.trades,
      openPositions,
      final: {
        cash: this.cash.toString(),
        equity: equity.toString(),
        positions,
        totalCommission: totalCommission.toString(),
        totalStampDuty: totalStampDuty.toString(),
        totalFees: totalCommission.plus(totalStampDuty).toString(),
        realizedPnl: realized.toString(),
        tradedNotional: traded.toString(),
      },
      counts: { orders: this.orders.length, filled, rejected, cancelled: 0, open: 0, trades: this.trades.length },
      rebalances: this.rebalances,
      curves: downsampleCurve(this.timeMs, this.equity, drawdown, this.config.curvePoints),
    };
    return { result, series };
  }
}

/** Checks the universe (non-empty, distinct symbols, one timeframe) and parses params and config; throws naming the field. */
function prepare(universe: readonly KlineColumns[], params: RotationParamsInput, config: BacktestConfigInput): RotationEngine {
  if (universe.length === 0) throw new RangeError('universe: give at least one symbol');
  const seen = new Set<string>();
  for (const bars of universe) {
    if (seen.has(bars.symbol)) throw new RangeError(`universe: ${bars.symbol} appears twice`);
    seen.add(bars.symbol);
    if (bars.timeframe !== universe[0]!.timeframe) {
      throw new RangeError(`universe: ${bars.symbol} has ${bars.timeframe} bars, ${universe[0]!.symbol} has ${universe[0]!.timeframe}; rank one timeframe`);
    }
  }
  return new RotationEngine(universe.map(prepareBars), rotationParamsSchema.parse(params), parseBacktestConfig(config));
}

function withMetrics(sim: RotationSimulation): { result: RotationResult; series: BacktestSeries } {
  const { result, series } = sim;
  const metrics = computeMetrics(toMetricsInput(result, series, result.periodsPerYear, result.config.riskFreeRate));
  return { result: { ...result, metrics }, series };
}

/**
 * Backtests the momentum rotation over `universe` (one KlineColumns per symbol, same timeframe). Pure and
 * deterministic: the result depends only on the inputs.
 */
export function runRotationWithSeries(universe: readonly KlineColumns[], params: RotationParamsInput, config: BacktestConfigInput, opts: RunOptions = {}) {
  return withMetrics(prepare(universe, params, config).run(opts));
}

export function runRotation(universe: readonly KlineColumns[], params: RotationParamsInput, config: BacktestConfigInput, opts: RunOptions = {}): RotationResult {
  return runRotationWithSeries(universe, params, config, opts).result;
}

/** runRotation that yields to the event loop between slices and stops when `opts.signal` aborts; same result. */
export async function runRotationAsync(
  universe: readonly KlineColumns[],
  params: RotationParamsInput,
  config: BacktestConfigInput,
  opts: AsyncRunOptions = {},
): Promise<RotationResult> {
  return withMetrics(await prepare(universe, params, config).runAsync(opts)).result;
}
