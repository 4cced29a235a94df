/**
 * Builtin strategies: eight classics as DSL specs, and grid trading as a sandboxed code strategy (a grid holds
 * several slices bought at different levels, which the one-position-per-side DSL does not express), plus one portfolio
 * strategy, the cross-sectional momentum rotation, which ranks several symbols and runs on engines/backtest/rotation.ts.
 *
 * Each entry has tunable params with defaults and ranges; `build(params)` gives the definition to run. Rules are
 * evaluated on closed bars and orders fill at the next bar's open (engines/backtest), so breakouts here are
 * "close beyond the level, enter next open" variants.
 */
import { z } from 'zod';
import { rotationParamsSchema, type RotationParams } from '../backtest/rotation-params';
import type { Strategy } from '../backtest/types';
import { compileSpec } from './compile';
import { createCodeStrategy, type CodeStrategy } from './sandbox';
import type { BuiltinParam } from './builtin-param';
import type { Condition, Operand, StrategySpecInput } from './spec';

export type { BuiltinParam };

export type BuiltinDefinition = { kind: 'spec'; spec: StrategySpecInput } | { kind: 'code'; name: string; source: string };

export interface BuiltinStrategy {
  id: string;
  title: string;
  description: string;
  kind: 'spec' | 'code';
  params: Record<string, BuiltinParam>;
  /** The definition with `params` over the defaults; throws RangeError naming a param out of range. */
  build(params?: Record<string, number>): BuiltinDefinition;
}

const int = (d: number, min: number, max: number, description: string): BuiltinParam => ({ default: d, min, max, integer: true, description });
const num = (d: number, min: number, max: number, description: string): BuiltinParam => ({ default: d, min, max, integer: false, description });

function define<P extends Record<string, BuiltinParam>>(
  entry: { id: string; title: string; description: string; params: P },
  make: (p: { [K in keyof P]: number }) => BuiltinDefinition,
): BuiltinStrategy {
  const kind = make(defaultsOf(entry.params) as { [K in keyof P]: number }).kind;
  return {
    ...entry,
    kind,
    build(overrides = {}) {
      return make(withOverrides(entry.id, entry.params, overrides) as { [K in keyof P]: number });
    },
  };
}

/** The defaults with `overrides` applied; throws RangeError naming an unknown param or a value out of range. */
function withOverrides(id: string, params: Record<string, BuiltinParam>, overrides: Record<string, number>): Record<string, number> {
  const p = { ...defaultsOf(params) };
  for (const [name, value] of Object.entries(overrides)) {
    const def = params[name];
    if (!def) throw new RangeError(`${id} has no param '${name}' (params: ${Object.keys(params).join(', ')})`);
    if (!Number.isFinite(value) || value < def.min || value > def.max || (def.integer && !Number.isInteger(value))) {
      throw new RangeError(`${id}.${name} must be ${def.integer ? 'an integer' : 'a number'} in [${def.min}, ${def.max}], got ${value}`);
    }
    p[name] = value;
  }
  return p;
}

function defaultsOf(params: Record<string, BuiltinParam>): Record<string, number> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.default]));
}

const cross = (op: 'crossAbove' | 'crossBelow', left: Operand, right: Operand): Condition => ({ op, left, right });
const prev = (ref: string): Operand => ({ ref, offset: 1 });
const math = (op: 'add' | 'sub' | 'mul' | 'max', left: Operand, right: Operand): Operand => ({ math: op, left, right });

const maCross = define(
  {
    id: 'ma-cross',
    title: 'Moving-average cross',
    description: 'Buy when the fast SMA crosses above the slow SMA; sell when it crosses back below.',
    params: { fast: int(5, 2, 200, 'fast SMA period'), slow: int(20, 3, 500, 'slow SMA period') },
  },
  (p) => ({
    kind: 'spec',
    spec: {
      name: `SMA ${p.fast}/${p.slow} cross`,
      description: 'Trend following: long while the fast moving average is above the slow one.',
      timeframe: '1d',
      indicators: [
        { id: 'fast', indicator: 'sma', params: { period: p.fast } },
        { id: 'slow', indicator: 'sma', params: { period: p.slow } },
      ],
      long: { entry: cross('crossAbove', 'fast', 'slow'), exit: cross('crossBelow', 'fast', 'slow') },
    },
  }),
);

const macdCross = define(
  {
    id: 'macd-cross',
    title: 'MACD signal cross',
    description: 'Buy on the MACD golden cross (MACD line above its signal line); sell on the death cross.',
    params: { fast: int(12, 2, 100, 'fast EMA'), slow: int(26, 3, 200, 'slow EMA'), signal: int(9, 1, 100, 'signal EMA') },
  },
  (p) => ({
    kind: 'spec',
    spec: {
      name: `MACD(${p.fast},${p.slow},${p.signal}) cross`,
      description: 'Momentum: long from a MACD golden cross to the next death cross.',
      timeframe: '1d',
      indicators: [{ id: 'macd', indicator: 'macd', params: { fast: p.fast, slow: p.slow, signal: p.signal } }],
      long: { entry: cross('crossAbove', 'macd.macd', 'macd.signal'), exit: cross('crossBelow', 'macd.macd', 'macd.signal') },
    },
  }),
);

const rsiReversion = define(
  {
    id: 'rsi-reversion',
    title: 'RSI mean reversion',
    description: 'Buy when RSI is oversold (below the lower level); sell when it is overbought (above the upper level).',
    params: {
      period: int(14, 2, 100, 'RSI period'),
      oversold: num(30, 1, 50, 'buy below this RSI'),
      overbought: num(70, 50, 99, 'sell above this RSI'),
    },
  },
  (p) => ({
    kind: 'spec',
    spec: {
      name: `RSI(${p.period}) ${p.oversold}/${p.overbought} reversion`,
      description: 'Mean reversion: buy weakness, sell strength, judged by RSI.',
      timeframe: '1d',
      indicators: [{ id: 'rsi', indicator: 'rsi', params: { period: p.period } }],
      long: { entry: { op: 'lt', left: 'rsi', right: p.oversold }, exit: { op: 'gt', left: 'rsi', right: p.overbought } },
    },
  }),
);

const bollingerBreakout = define(
  {
    id: 'bollinger-breakout',
    title: 'Bollinger breakout',
    description: 'Buy when the close breaks above the upper Bollinger band; sell when it falls back below the middle band.',
    params: { period: int(20, 2, 200, 'band period'), dev: num(2, 0.5, 5, 'standard deviations') },
  },
  (p) => ({
    kind: 'spec',
    spec: {
      name: `Bollinger(${p.period},${p.dev}) breakout`,
      description: 'Volatility breakout: ride moves that leave the band, exit when the close returns to the mean.',
      timeframe: '1d',
      indicators: [{ id: 'bb', indicator: 'bollinger', params: { period: p.period, devUp: p.dev, devDown: p.dev } }],
      long: { entry: cross('crossAbove', 'close', 'bb.upper'), exit: cross('crossBelow', 'close', 'bb.middle') },
    },
  }),
);

const turtle = define(
  {
    id: 'donchian-turtle',
    title: 'Donchian breakout (turtle)',
    description:
      'Buy when the close breaks the highest high of the previous N bars; sell when it breaks the lowest low of the ' +
      'previous M bars; stop-loss at 2 ATR; size so a stop-out loses 2 % of equity (rounded down to whole lots, so an ' +
      'entry smaller than one lot is rejected by the engine).',
    params: {
      entry: int(20, 2, 300, 'breakout channel (bars)'),
      exit: int(10, 2, 300, 'exit channel (bars)'),
      atrPeriod: int(20, 2, 200, 'ATR period'),
      atrStop: num(2, 0.5, 10, 'stop distance in ATRs'),
      riskPercent: num(2, 0.1, 10, 'equity risked per trade (%)'),
    },
  },
  (p) => ({
    kind: 'spec',
    spec: {
      name: `Turtle ${p.entry}/${p.exit}`,
      description: 'Trend following on channel breakouts with volatility-based stop and risk sizing.',
      timeframe: '1d',
      indicators: [
        { id: 'upper', indicator: 'highest', params: { period: p.entry }, source: 'high' },
        { id: 'lower', indicator: 'lowest', params: { period: p.exit }, source: 'low' },
      ],
      // Yesterday's channel: today's bar is compared with the range it has not set yet.
      long: { entry: { op: 'gt', left: 'close', right: prev('upper') }, exit: { op: 'lt', left: 'close', right: prev('lower') } },
      sizing: { kind: 'risk', riskPercent: p.riskPercent },
      stopLoss: { kind: 'atr', multiple: p.atrStop, period: p.atrPeriod },
    },
  }),
);

const dualThrust = define(
  {
    id: 'dual-thrust',
    title: 'Dual Thrust',
    description:
      'Range = max(HH − LC, HC − LL) over the previous N bars; buy when the close is above open + k1 × range, sell ' +
      'when it is below open − k2 × range.',
    params: {
      lookback: int(4, 1, 100, 'bars in the range'),
      k1: num(0.5, 0.05, 3, 'upper trigger multiple'),
      k2: num(0.5, 0.05, 3, 'lower trigger multiple'),
    },
  },
  (p) => {
    const range = math('max', math('sub', prev('hh'), prev('lc')), math('sub', prev('hc'), prev('ll')));
    return {
      kind: 'spec',
      spec: {
        name: `Dual Thrust(${p.lookback}, ${p.k1}, ${p.k2})`,
        description: 'Range breakout from the open, confirmed on the close (the engine fills at the next open).',
        timeframe: '1d',
        indicators: [
          { id: 'hh', indicator: 'highest', params: { period: p.lookback }, source: 'high' },
          { id: 'hc', indicator: 'highest', params: { period: p.lookback }, source: 'close' },
          { id: 'lc', indicator: 'lowest', params: { period: p.lookback }, source: 'close' },
          { id: 'll', indicator: 'lowest', params: { period: p.lookback }, source: 'low' },
        ],
        long: {
          entry: { op: 'gt', left: 'close', right: math('add', 'open', math('mul', p.k1, range)) },
          exit: { op: 'lt', left: 'close', right: math('sub', 'open', math('mul', p.k2, range)) },
        },
      },
    };
  },
);

const momentum = define(
  {
    id: 'momentum',
    title: 'Momentum filter',
    description:
      'Hold while the N-bar return is above a threshold and the close is above its long SMA; sell when the return ' +
      'turns negative. Time-series momentum on one symbol; to rank a universe of symbols against each other and ' +
      'hold the strongest, use the portfolio entry momentum-rotation (POST /api/backtests/rotation, node ' +
      'backtest.rotation).',
    params: {
      lookback: int(20, 2, 250, 'return window (bars)'),
      threshold: num(5, 0, 50, 'minimum N-bar return to buy (%)'),
      trend: int(60, 2, 500, 'trend SMA period'),
    },
  },
  (p) => ({
    kind: 'spec',
    spec: {
      name: `Momentum ${p.lookback}-bar > ${p.threshold}%`,
      description: 'Absolute momentum with a trend filter.',
      timeframe: '1d',
      indicators: [
        { id: 'ret', indicator: 'roc', params: { period: p.lookback } },
        { id: 'trend', indicator: 'sma', params: { period: p.trend } },
      ],
      long: {
        entry: { op: 'and', conditions: [{ op: 'gt', left: 'ret', right: p.threshold }, { op: 'gt', left: 'close', right: 'trend' }] },
        exit: { op: 'lt', left: 'ret', right: 0 },
      },
    },
  }),
);

const emaTrend = define(
  {
    id: 'ema-trend-trailing',
    title: 'EMA trend with trailing stop',
    description: 'Buy when the close crosses above its EMA; exit on a trailing stop or when the close crosses back below.',
    params: { period: int(50, 2, 400, 'EMA period'), trail: num(8, 0.5, 50, 'trailing stop (%)') },
  },
  (p) => ({
    kind: 'spec',
    spec: {
      name: `EMA(${p.period}) trend, ${p.trail}% trailing stop`,
      description: 'Trend following that locks in gains with a trailing stop.',
      timeframe: '1d',
      indicators: [{ id: 'ema', indicator: 'ema', params: { period: p.period } }],
      long: { entry: cross('crossAbove', 'close', 'ema'), exit: cross('crossBelow', 'close', 'ema') },
      trailingStop: { kind: 'percent', percent: p.trail },
    },
  }),
);

const grid = define(
  {
    id: 'grid',
    title: 'Grid trading',
    description:
      'Code strategy. Anchors a grid at the first close; each time the close falls a step below the last level it ' +
      'buys a slice of equity (at least one lot; up to `levels` slices), each time it rises a step above it sells ' +
      'the most recent slice. With nothing held, the anchor follows the price up.',
    params: {
      step: num(3, 0.2, 30, 'grid step (%)'),
      slice: num(10, 1, 100, 'equity per slice (%)'),
      levels: int(5, 1, 50, 'most slices held at once'),
    },
  },
  (p) => ({ kind: 'code', name: `Grid ${p.step}% × ${p.levels}`, source: gridSource(p.step, p.slice, p.levels) }),
);

function gridSource(step: number, slice: number, levels: number): string {
  return `// Grid trading: one slice per grid step down, sold again one step up (last in, first out).
const STEP = ${JSON.stringify(step / 100)};
const SLICE = ${JSON.stringify(slice)};
const LEVELS = ${JSON.stringify(levels)};
let lot = 1;            // A-share: 100 shares; crypto: a 1e-8 quantity step (set in onStart)
let decimals = 0;
let anchor = null;      // price level of the last grid action
const slices = [];      // quantities of the slices held, oldest first

function onStart(info) {
  if (info.market === 'ashare') { lot = 100; decimals = 0; } else { lot = 1e-8; decimals = 8; }
}

function onBar(ctx) {
  if (anchor === null) { anchor = ctx.close; return; }
  if (ctx.openOrders().length > 0) return;
  if (ctx.close <= anchor * (1 - STEP) && slices.length < LEVELS) {
    // At least one lot, so a slice smaller than a lot still trades (the engine rejects it if cash is short).
    const lots = Math.max(1, Math.floor((ctx.equity() * SLICE) / 100 / ctx.close / lot));
    anchor = anchor * (1 - STEP);
    if (Number(ctx.cash()) < lots * lot * ctx.close) return; // fully invested: skip this level
    ctx.buy({ quantity: (lots * lot).toFixed(decimals), tag: 'grid.buy' });
  } else if (ctx.close >= anchor * (1 + STEP)) {
    if (slices.length > 0) ctx.sell({ quantity: slices[slices.length - 1], tag: 'grid.sell' });
    anchor = anchor * (1 + STEP);
  }
}

function onOrderEvent(event, ctx) {
  if (event.status !== 'filled') return;
  if (event.tag === 'grid.buy') slices.push(event.quantity);
  else if (event.tag === 'grid.sell') slices.pop();
}
`;
}

export const builtinStrategies: readonly BuiltinStrategy[] = [
  maCross,
  macdCross,
  rsiReversion,
  bollingerBreakout,
  turtle,
  dualThrust,
  momentum,
  emaTrend,
  grid,
];

/**
 * Portfolio strategies: they trade a universe of symbols in one account, so they are neither single-symbol specs nor
 * code strategies and run on their own engine (engines/backtest/rotation.ts) rather than through createBuiltinStrategy.
 */
export interface BuiltinPortfolioStrategy {
  id: string;
  title: string;
  description: string;
  kind: 'rotation';
  params: Record<string, BuiltinParam>;
  /** The rotation params with `params` over the defaults; throws RangeError naming a param out of range. */
  build(params?: Record<string, number>): { kind: 'rotation'; params: RotationParams };
}

/**
 * Ranges, integer-ness and descriptions come from the engine's zod schema, so the library cannot drift from what the
 * engine accepts; `defaults` supplies the library's choice where the schema has none (an optional filter).
 */
function paramsFromSchema(schema: z.ZodObject, defaults: Record<string, number>): Record<string, BuiltinParam> {
  const json = z.toJSONSchema(schema, { io: 'input' }) as {
    properties: Record<string, { type: string; minimum: number; maximum: number; default?: number; description?: string }>;
  };
  return Object.fromEntries(
    Object.entries(json.properties).map(([name, p]) => [
      name,
      { default: defaults[name] ?? p.default!, min: p.minimum, max: p.maximum, integer: p.type === 'integer', description: p.description ?? name },
    ]),
  );
}

const momentumRotationParams = paramsFromSchema(rotationParamsSchema, { minReturnPercent: 0 });

const momentumRotation: BuiltinPortfolioStrategy = {
  id: 'momentum-rotation',
  title: 'Momentum rotation (cross-sectional)',
  description:
    'Portfolio over a universe of symbols: every `rebalanceEvery` bars rank the symbols by their `lookback`-bar return, ' +
    'hold the top `top` at equal weight (only those above `minReturnPercent`, the rest in cash), orders at the next ' +
    'open, sells before buys. Runs with POST /api/backtests/rotation or the backtest.rotation node.',
  kind: 'rotation',
  params: momentumRotationParams,
  build(overrides = {}) {
    return { kind: 'rotation', params: rotationParamsSchema.parse(withOverrides('momentum-rotation', momentumRotationParams, overrides)) };
  },
};

export const builtinPortfolioStrategies: readonly BuiltinPortfolioStrategy[] = [momentumRotation];

export function findPortfolioBuiltin(id: string): BuiltinPortfolioStrategy | undefined {
  return builtinPortfolioStrategies.find((s) => s.id === id);
}

export function builtinStrategyIds(): string[] {
  return builtinStrategies.map((s) => s.id);
}

export function findBuiltin(id: string): BuiltinStrategy | undefined {
  return builtinStrategies.find((s) => s.id === id);
}

/** The spec of a spec builtin with default params; undefined for unknown ids and for code builtins (grid). */
export function findBuiltinStrategy(id: string): StrategySpecInput | undefined {
  const def = findBuiltin(id)?.build();
  return def?.kind === 'spec' ? def.spec : undefined;
}

/** A runnable Strategy for a builtin. Code builtins hold a QuickJS runtime: call dispose() when done. */
export async function createBuiltinStrategy(id: string, params?: Record<string, number>): Promise<Strategy & { dispose(): void }> {
  const entry = findBuiltin(id);
  if (!entry) throw new RangeError(`no builtin strategy '${id}'; there are: ${builtinStrategyIds().join(', ')}`);
  const def = entry.build(params);
  if (def.kind === 'spec') return Object.assign(compileSpec(def.spec), { dispose() {} });
  const code: CodeStrategy = await createCodeStrategy(def.source, { name: def.name });
  return code;
}
