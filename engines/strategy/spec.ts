/**
 * The strategy DSL: a JSON document a trader, the text parser or an LLM writes, validated here and turned into an
 * engine `Strategy` by compile.ts. Structure first (zod), then the checks zod cannot express (semantics.ts).
 */
import { z } from 'zod';
import { timeframeSchema } from '../klines/timeframe';

/** Bar fields a rule or an indicator can read. hl2/hlc3/ohlc4 are the usual typical-price blends. */
export const PRICE_FIELDS = ['open', 'high', 'low', 'close', 'volume', 'hl2', 'hlc3', 'ohlc4'] as const;
export const priceFieldSchema = z.enum(PRICE_FIELDS);
export type PriceField = z.infer<typeof priceFieldSchema>;

/** How far back a `{ ref, offset }` operand may look; bounds the history the compiled strategy keeps. */
export const MAX_OFFSET = 1000;

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REF = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/** `close`, `fast` (an indicator's only output) or `macd.signal` (one output of a multi-output indicator). */
export const refSchema = z
  .string()
  .regex(REF, { message: 'a reference is a price field, an indicator id, or "id.output" (letters, digits, _)' });

export const MATH_OPS = ['add', 'sub', 'mul', 'div', 'max', 'min'] as const;

export type Operand =
  | number
  | string
  | { ref: string; offset: number }
  | { math: (typeof MATH_OPS)[number]; left: Operand; right: Operand };

/**
 * A value a condition compares: a constant, a reference read at the current bar, the same reference `offset` closed
 * bars earlier, or arithmetic over operands (dual thrust's `open + k × range`, a return `close / close[N] − 1`).
 */
export const operandSchema: z.ZodType<Operand> = z.lazy(() =>
  z.union([
    z.number().refine(Number.isFinite, { message: 'a constant must be a finite number' }),
    refSchema,
    z.strictObject({ ref: refSchema, offset: z.number().int().min(1).max(MAX_OFFSET) }),
    z.strictObject({ math: z.enum(MATH_OPS), left: operandSchema, right: operandSchema }),
  ]).meta({
    id: 'StrategyOperand',
    description:
      'A number; a reference: a price field (open, high, low, close, volume, hl2, hlc3, ohlc4), an indicator id ' +
      '("fast") or "id.output" ("macd.signal", "boll.upper"); {"ref", "offset"} for the value offset bars ago; or ' +
      '{"math": add|sub|mul|div|max|min, "left", "right"}.',
  }),
);

export const COMPARISONS = ['gt', 'lt', 'gte', 'lte'] as const;
export const CROSSES = ['crossAbove', 'crossBelow'] as const;

export type Condition =
  | { op: (typeof CROSSES)[number] | (typeof COMPARISONS)[number]; left: Operand; right: Operand }
  | { op: 'between'; value: Operand; lower: Operand; upper: Operand }
  | { op: 'and' | 'or'; conditions: Condition[] }
  | { op: 'not'; condition: Condition };

/**
 * A rule. `crossAbove(a, b)` holds on the bar where a > b after a ≤ b on the bar before; `between` is inclusive.
 * Rules are evaluated on closed bars only; a rule reading a value still in warm-up (NaN) never fires.
 */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion('op', [
    z.strictObject({ op: z.enum([...CROSSES, ...COMPARISONS]), left: operandSchema, right: operandSchema }),
    z.strictObject({ op: z.literal('between'), value: operandSchema, lower: operandSchema, upper: operandSchema }),
    z.strictObject({ op: z.enum(['and', 'or']), conditions: z.array(conditionSchema).min(1) }),
    z.strictObject({ op: z.literal('not'), condition: conditionSchema }),
  ]).meta({
    id: 'StrategyCondition',
    description:
      'crossAbove/crossBelow: left crosses right on this bar; gt/lt/gte/lte compare left with right; between: ' +
      'lower <= value <= upper; and/or over conditions; not. Evaluated on closed bars.',
  }),
);

export const indicatorInstanceSchema = z.strictObject({
  /** Name rules refer to; must not shadow a price field. */
  id: z.string().regex(IDENT, { message: 'an indicator id is letters, digits and _, not starting with a digit' }),
  /** Catalog id, e.g. 'sma', 'macd', 'atr'. */
  indicator: z.string().min(1),
  /** Catalog parameters (numbers, or a name for enum params); omitted ones take the catalog default. */
  params: z.record(z.string(), z.union([z.number(), z.string()])).default({}),
  /**
   * Bar value a single-series indicator reads (the catalog's `source` param; default close, highest: high,
   * lowest: low). Multi-input indicators (atr, donchian…) read their own fields.
   */
  source: priceFieldSchema.optional(),
});

/**
 * Distance of a protective exit from the entry fill: a percentage of the fill price, or `multiple` × ATR(period)
 * taken on the signal bar and fixed for the life of the position. The engine requires percentages below 100.
 */
export const stopRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('percent'),
    percent: z.number().positive({ message: 'must be greater than 0' }).lt(100, { message: 'must be below 100' }),
  }),
  z.strictObject({
    kind: z.literal('atr'),
    multiple: z.number().positive({ message: 'must be greater than 0' }),
    period: z.number().int().min(1).max(1000),
  }),
]);
export type StopRule = z.infer<typeof stopRuleSchema>;

/**
 * How much to buy or sell on entry, passed to the engine, which sizes at the fill: `percentEquity` spends that share
 * of equity; `risk` sizes so a stop-loss hit loses `riskPercent` of equity (needs `stopLoss`); `fixed` is units,
 * rounded down to the lot or quantity step.
 */
export const sizingSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), quantity: z.number().positive({ message: 'must be greater than 0' }) }),
  z.strictObject({
    kind: z.literal('percentEquity'),
    percent: z.number().positive({ message: 'must be greater than 0' }).max(100, { message: 'must be at most 100' }),
  }),
  z.strictObject({
    kind: z.literal('risk'),
    riskPercent: z.number().positive({ message: 'must be greater than 0' }).max(100, { message: 'must be at most 100' }),
  }),
]);
export type Sizing = z.infer<typeof sizingSchema>;

export const sideRulesSchema = z.strictObject({
  /** Opens a position of this side when flat. */
  entry: conditionSchema.optional(),
  /** Closes a position of this side; stops apply as well. */
  exit: conditionSchema.optional(),
});

export const marketSchema = z.enum(['ashare', 'crypto']);

/** Overrides of the backtest config's fees: rates as fractions of notional (0.0003 = 3 bp), minFee per fill. */
export const feeOverridesSchema = z.strictObject({
  makerRate: z.number().min(0).max(0.1).optional(),
  takerRate: z.number().min(0).max(0.1).optional(),
  minFee: z.number().min(0).optional(),
  stampDutyRate: z.number().min(0).max(0.1).optional(),
});

export const strategySpecSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(4000).optional(),
  timeframe: timeframeSchema,
  symbols: z.array(z.string().trim().min(1)).optional(),
  indicators: z.array(indicatorInstanceSchema).default([]),
  long: sideRulesSchema.optional(),
  short: sideRulesSchema.optional(),
  sizing: sizingSchema.default({ kind: 'percentEquity', percent: 100 }),
  stopLoss: stopRuleSchema.optional(),
  takeProfit: stopRuleSchema.optional(),
  trailingStop: stopRuleSchema.optional(),
  market: marketSchema.optional(),
  fees: feeOverridesSchema.optional(),
});

/** A parsed spec: defaults filled in. */
export type StrategySpec = z.infer<typeof strategySpecSchema>;
/** What authors write: defaults may be left out. */
export type StrategySpecInput = z.input<typeof strategySpecSchema>;
export type IndicatorInstance = z.infer<typeof indicatorInstanceSchema>;
export type SideRules = z.infer<typeof sideRulesSchema>;
export type FeeOverrides = z.infer<typeof feeOverridesSchema>;
export type Market = z.infer<typeof marketSchema>;
