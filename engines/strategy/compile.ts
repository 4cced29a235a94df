/**
 * compileSpec: a validated spec becomes an engine Strategy. Per closed bar it updates every indicator once (O(1)),
 * pushes the values rules read into short ring buffers, and evaluates the rules as precompiled closures.
 *
 * Trading rules of a compiled spec:
 * - nothing is evaluated until every value any rule or ATR stop reads (at every offset it reads) is a number, so
 *   warm-up never produces a signal;
 * - entries when flat and no strategy order is waiting: long.entry is checked before short.entry; while a position
 *   is open, the other side's entry rule reverses it (close, then open the other side, both at the next bar);
 * - an exit rule closes the whole position with a market order at the next bar; if the engine rejects it while the
 *   position is open (A-share T+1 on intraday bars, limit-down) it is placed again — after a T+1 refusal, on the
 *   first bar the whole holding is sellable. When a protective
 *   exit closes the position on that same bar first, the engine rejects the signal exit as "no position to close";
 *   that rejection is expected and harmless;
 * - stop-loss, take-profit and trailing stop are attached to the entry order and run by the engine (from the bar
 *   after the fill); ATR distances use ATR on the signal bar and stay fixed for the position;
 * - a rule whose operands are not numbers on a bar (a division by zero…) does not fire on that bar.
 */
import Decimal from 'decimal.js';
import type { BacktestConfigInput, Exits, OrderEvent, OrderRequestInput, Strategy, StrategyContext } from '../backtest/types';
import { createRunner, type BarValues, type IndicatorRunner } from './catalog';
import { conditionRefs, isPriceField, specRules, splitRef } from './rules';
import { History, priceOf } from './series';
import type { Condition, Market, Operand, StopRule, StrategySpec, StrategySpecInput } from './spec';
import { parseSpec } from './validate';

export interface CompiledSpec extends Strategy {
  readonly spec: StrategySpec;
}

/** Validates (throws SpecValidationError listing every problem) and compiles. */
export function compileSpec(input: StrategySpec | StrategySpecInput): CompiledSpec {
  const spec = parseSpec(input);
  let state: RunState | null = null;
  // A spec without a market trades in the market of the run, which onStart names. Before any onStart (a caller
  // driving onBar by hand) that is unknown, and VWAP days fall back to UTC.
  let market: Market = spec.market ?? 'crypto';
  return {
    name: spec.name,
    spec,
    onStart(info) {
      market = spec.market ?? info.market;
      state = null;
    },
    onBar(ctx) {
      // A Strategy object may be run more than once; a run always starts at bar 0.
      if (state === null || ctx.index === 0) state = new RunState(spec, timeZoneOf(market));
      state.onBar(ctx);
    },
    onOrderEvent(event, ctx) {
      state?.onOrderEvent(event, ctx);
    },
  };
}

/**
 * The backtest config a spec asks for: its market and fee overrides on top of `base`. A spec without a market keeps
 * the base one.
 */
export function backtestConfigForSpec(spec: StrategySpec, base: BacktestConfigInput): BacktestConfigInput {
  const out: BacktestConfigInput = { ...base, market: spec.market ?? base.market };
  if (spec.fees) {
    const f = Object.fromEntries(Object.entries(spec.fees).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    out.fees = { ...(base.fees ?? {}), ...f };
  }
  return out;
}

/** Where VWAP's day sessions start: A-share trading days are Shanghai days; crypto days are UTC days. */
function timeZoneOf(market: Market): string {
  return market === 'ashare' ? 'Asia/Shanghai' : 'UTC';
}

type Num = (shift: number) => number;
/** true / false, or null when an operand is not a number on this bar. */
type Bool = () => boolean | null;

interface AtrStop {
  rule: Extract<StopRule, { kind: 'atr' }>;
  read: () => number;
}

class RunState {
  private readonly bar: BarValues = { timeMs: NaN, open: NaN, high: NaN, low: NaN, close: NaN, volume: NaN };
  private readonly runners: IndicatorRunner[] = [];
  /** One per distinct reference a rule reads, fed after the indicators update. */
  private readonly feeds: { history: History; read: () => number }[] = [];
  private readonly readiness: (() => number)[] = [];
  private readonly longEntry: Bool | null;
  private readonly longExit: Bool | null;
  private readonly shortEntry: Bool | null;
  private readonly shortExit: Bool | null;
  private readonly stops: { stopLoss?: AtrStop | StopRule; takeProfit?: AtrStop | StopRule; trailingStop?: AtrStop | StopRule } = {};
  private ready = false;
  private pendingExit = false;
  private waitSellable = false;

  constructor(
    private readonly spec: StrategySpec,
    timeZone: string,
  ) {
    const outputs = new Map<string, IndicatorRunner>();
    for (const inst of spec.indicators) {
      const runner = createRunner(inst, timeZone);
      this.runners.push(runner);
      outputs.set(inst.id, runner);
    }

    // History depth per reference: the largest offset any rule reads it at, plus the current bar.
    const depth = new Map<string, number>();
    const rules = specRules(spec);
    for (const { path, cond } of rules) {
      for (const use of conditionRefs(cond, path)) depth.set(use.ref, Math.max(depth.get(use.ref) ?? 0, use.offset + 1));
    }
    const histories = new Map<string, History>();
    for (const [ref, d] of depth) {
      const history = new History(d);
      histories.set(ref, history);
      const { id, output } = splitRef(ref);
      let read: () => number;
      if (isPriceField(id)) {
        const bar = this.bar;
        const field = id;
        read = () => priceOf(bar, field);
      } else {
        const runner = outputs.get(id)!;
        read = runner.reader(output ?? runner.outputs[0]!);
      }
      this.feeds.push({ history, read });
      // Ready once the deepest offset read holds a number.
      this.readiness.push(() => history.at(d - 1));
    }

    const compileRule = (cond: Condition | undefined): Bool | null => (cond ? compileCondition(cond, histories) : null);
    this.longEntry = compileRule(spec.long?.entry);
    this.longExit = compileRule(spec.long?.exit);
    this.shortEntry = compileRule(spec.short?.entry);
    this.shortExit = compileRule(spec.short?.exit);

    const atrByPeriod = new Map<number, () => number>();
    for (const key of ['stopLoss', 'takeProfit', 'trailingStop'] as const) {
      const rule = spec[key];
      if (!rule) continue;
      if (rule.kind === 'percent') {
        this.stops[key] = rule;
        continue;
      }
      let read = atrByPeriod.get(rule.period);
      if (!read) {
        const runner = createRunner({ id: `atr${rule.period}`, indicator: 'atr', params: { period: rule.period } }, timeZone);
        this.runners.push(runner);
        read = runner.reader('value');
        atrByPeriod.set(rule.period, read);
        this.readiness.push(read);
      }
      this.stops[key] = { rule, read };
    }
  }

  onBar(ctx: StrategyContext): void {
    const bar = this.bar;
    bar.timeMs = ctx.timeMs;
    bar.open = ctx.open;
    bar.high = ctx.high;
    bar.low = ctx.low;
    bar.close = ctx.close;
    bar.volume = ctx.volume;
    for (const r of this.runners) r.update(bar);
    for (const f of this.feeds) f.history.push(f.read());

    if (!this.ready) {
      for (const check of this.readiness) if (!Number.isFinite(check())) return;
      this.ready = true;
    }

    const position = ctx.position;
    if (position === 'flat') {
      this.pendingExit = false;
      this.waitSellable = false;
      if (ctx.openOrders().some((o) => o.origin === 'strategy')) return;
      if (this.longEntry?.() === true) this.enter(ctx, 'buy');
      else if (this.shortEntry?.() === true) this.enter(ctx, 'sell');
      return;
    }
    const exit = position === 'long' ? this.longExit : this.shortExit;
    const opposite = position === 'long' ? this.shortEntry : this.longEntry;
    if (exit?.() === true) this.pendingExit = true;
    const reverse = opposite?.() === true;
    if (reverse) this.pendingExit = true;
    if (!this.pendingExit || ctx.openOrders().some((o) => o.origin === 'strategy')) return;
    if (this.waitSellable) {
      // Refused once for T+1: wait until the whole holding may be sold instead of being refused bar after bar.
      const p = ctx.positionSnapshot();
      if (p.sellable !== p.quantity) return;
      this.waitSellable = false;
    }
    ctx.closePosition({ tag: `${position}.exit` });
    this.pendingExit = false;
    // Reversal: the close is placed first, so it fills first and the new entry is sized on the equity after it.
    if (reverse) this.enter(ctx, position === 'long' ? 'sell' : 'buy');
  }

  onOrderEvent(event: OrderEvent, ctx: StrategyContext): void {
    // An exit the engine refused while the position is still open (A-share T+1 on intraday bars, a limit-down
    // bar) is placed again rather than forgotten; after a T+1 refusal, once the shares can be sold.
    if (event.status === 'rejected' && event.origin === 'strategy' && event.tag?.endsWith('.exit') && ctx.position !== 'flat') {
      this.pendingExit = true;
      if (event.reason?.startsWith('T+1')) this.waitSellable = true;
    }
  }

  private enter(ctx: StrategyContext, side: 'buy' | 'sell'): void {
    const sizing = this.spec.sizing;
    const request: OrderRequestInput = {
      side,
      type: 'market',
      tag: side === 'buy' ? 'long.entry' : 'short.entry',
      ...(sizing.kind === 'fixed' ? { quantity: decimalText(sizing.quantity) } : { sizing }),
    };
    const exits = this.exits();
    if (exits) request.exits = exits;
    ctx.order(request);
  }

  private exits(): Exits | undefined {
    const out: Exits = {};
    let any = false;
    for (const key of ['stopLoss', 'takeProfit', 'trailingStop'] as const) {
      const s = this.stops[key];
      if (!s) continue;
      any = true;
      out[key] = offsetOf(s);
    }
    return any ? out : undefined;
  }
}

function offsetOf(s: AtrStop | StopRule): { percent: number } | { amount: string } {
  if ('read' in s) {
    // The ATR distance is statistical (float); 12 significant digits drop float noise before it becomes a price.
    return { amount: decimalText(s.rule.multiple * s.read()) };
  }
  if (s.kind === 'percent') return { percent: s.percent };
  throw new Error('unreachable: ATR stop without its ATR');
}

function decimalText(x: number): string {
  return new Decimal(x.toPrecision(12)).toFixed();
}

// ---------------------------------------------------------------------------------------------------------------
// Rules as closures

function compileOperand(o: Operand, histories: Map<string, History>): Num {
  if (typeof o === 'number') return () => o;
  if (typeof o === 'string') {
    const h = histories.get(o)!;
    return (shift) => h.at(shift);
  }
  if ('ref' in o) {
    const h = histories.get(o.ref)!;
    const offset = o.offset;
    return (shift) => h.at(shift + offset);
  }
  const l = compileOperand(o.left, histories);
  const r = compileOperand(o.right, histories);
  switch (o.math) {
    case 'add':
      return (s) => l(s) + r(s);
    case 'sub':
      return (s) => l(s) - r(s);
    case 'mul':
      return (s) => l(s) * r(s);
    case 'div':
      return (s) => l(s) / r(s);
    case 'max':
      return (s) => Math.max(l(s), r(s));
    case 'min':
      return (s) => Math.min(l(s), r(s));
  }
}

const finite = Number.isFinite;

function compileCondition(c: Condition, histories: Map<string, History>): Bool {
  switch (c.op) {
    case 'crossAbove':
    case 'crossBelow': {
      const l = compileOperand(c.left, histories);
      const r = compileOperand(c.right, histories);
      const above = c.op === 'crossAbove';
      return () => {
        const a0 = l(0);
        const b0 = r(0);
        const a1 = l(1);
        const b1 = r(1);
        if (!finite(a0) || !finite(b0) || !finite(a1) || !finite(b1)) return null;
        return above ? a0 > b0 && a1 <= b1 : a0 < b0 && a1 >= b1;
      };
    }
    case 'gt':
    case 'lt':
    case 'gte':
    case 'lte': {
      const l = compileOperand(c.left, histories);
      const r = compileOperand(c.right, histories);
      const cmp =
        c.op === 'gt'
          ? (a: number, b: number) => a > b
          : c.op === 'lt'
            ? (a: number, b: number) => a < b
            : c.op === 'gte'
              ? (a: number, b: number) => a >= b
              : (a: number, b: number) => a <= b;
      return () => {
        const a = l(0);
        const b = r(0);
        return finite(a) && finite(b) ? cmp(a, b) : null;
      };
    }
    case 'between': {
      const v = compileOperand(c.value, histories);
      const lo = compileOperand(c.lower, histories);
      const hi = compileOperand(c.upper, histories);
      return () => {
        const x = v(0);
        const a = lo(0);
        const b = hi(0);
        return finite(x) && finite(a) && finite(b) ? a <= x && x <= b : null;
      };
    }
    case 'and':
    case 'or': {
      // Kleene logic: an unknown part decides nothing unless another part already settles the answer.
      const parts = c.conditions.map((p) => compileCondition(p, histories));
      const settles = c.op === 'or';
      return () => {
        let unknown = false;
        for (const p of parts) {
          const v = p();
          if (v === null) unknown = true;
          else if (v === settles) return settles;
        }
        return unknown ? null : !settles;
      };
    }
    case 'not': {
      const p = compileCondition(c.condition, histories);
      return () => {
        const v = p();
        return v === null ? null : !v;
      };
    }
  }
}
