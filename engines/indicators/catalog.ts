import { z } from 'zod';
import { Adx } from './adx';
import { Bollinger } from './bollinger';
import { Donchian, Highest, Lowest } from './extremes';
import { Macd } from './macd';
import { Ema, Sma, Wma } from './moving-average';
import { Cci, Mom, Roc, Trix, WillR } from './oscillators';
import { Atr, TrueRange } from './range';
import { Rsi } from './rsi';
import { Stochastic } from './stochastic';
import { DailySessions, Obv, Vwap } from './volume';

/** Which bar value a single-series indicator reads; hl2/hlc3/ohlc4 are the usual price averages. */
export const PRICE_SOURCES = ['close', 'open', 'high', 'low', 'volume', 'hl2', 'hlc3', 'ohlc4'] as const;
export type PriceSource = (typeof PRICE_SOURCES)[number];

const paramDefSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('int'), default: z.number().int(), min: z.number().int(), max: z.number().int(), description: z.string() }),
  z.object({ type: z.literal('number'), default: z.number(), min: z.number(), max: z.number(), description: z.string() }),
  z.object({ type: z.literal('enum'), default: z.string(), options: z.array(z.string()).min(1), description: z.string() }),
]);
export type IndicatorParamDef = z.infer<typeof paramDefSchema>;

export const indicatorDefSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9]*$/),
  label: z.string(),
  description: z.string(),
  /** Bar fields the indicator reads (single-series ones read the one named by their `source` param). */
  inputs: z.array(z.enum(['open', 'high', 'low', 'close', 'volume', 'time'])).min(1),
  params: z.record(z.string(), paramDefSchema),
  /** The first output is the primary one (what `update` returns). */
  outputs: z.array(z.object({ name: z.string(), description: z.string() })).min(1),
  /** The convention followed, TA-Lib function or our own rule. */
  convention: z.string(),
});
export type IndicatorDef = z.infer<typeof indicatorDefSchema>;

const MAXP = 100_000;
const period = (def: number, min = 2, description = 'bars in the window'): IndicatorParamDef => ({
  type: 'int',
  default: def,
  min,
  max: MAXP,
  description,
});
const source = (def: PriceSource = 'close'): IndicatorParamDef => ({
  type: 'enum',
  default: def,
  options: [...PRICE_SOURCES],
  description: 'bar value the indicator reads',
});
const value = [{ name: 'value', description: 'the indicator value' }];
const bands = [
  { name: 'upper', description: 'upper band' },
  { name: 'middle', description: 'middle line' },
  { name: 'lower', description: 'lower band' },
];

// Defaults are TA-Lib's except where TA-Lib's default is not the one traders use: moving averages and Bollinger
// default to 20 bars (TA-Lib: 30 and 5), TRIX to 15 (TA-Lib: 30).
export const indicatorIds = [
  'sma', 'ema', 'wma', 'macd', 'rsi', 'atr', 'trange', 'bollinger', 'stochastic', 'adx',
  'obv', 'vwap', 'donchian', 'highest', 'lowest', 'roc', 'mom', 'cci', 'willr', 'trix',
] as const;
export type IndicatorId = (typeof indicatorIds)[number];
export const indicatorIdSchema = z.enum(indicatorIds);

const DEFS: Record<IndicatorId, Omit<IndicatorDef, 'id'>> = {
  sma: {
    label: 'Simple moving average',
    description: 'Mean of the last `period` values.',
    inputs: ['close'],
    params: { period: period(20), source: source() },
    outputs: value,
    convention: 'TA_SMA',
  },
  ema: {
    label: 'Exponential moving average',
    description: 'EMA with k = 2 / (period + 1), seeded with the SMA of the first `period` values.',
    inputs: ['close'],
    params: { period: period(20), source: source() },
    outputs: value,
    convention: 'TA_EMA (default compatibility)',
  },
  wma: {
    label: 'Weighted moving average',
    description: 'Linearly weighted mean, the newest value weighted `period`.',
    inputs: ['close'],
    params: { period: period(20), source: source() },
    outputs: value,
    convention: 'TA_WMA',
  },
  macd: {
    label: 'MACD',
    description: 'Fast EMA minus slow EMA, its signal EMA, and the histogram.',
    inputs: ['close'],
    params: {
      fast: period(12, 2, 'fast EMA period'),
      slow: period(26, 2, 'slow EMA period'),
      signal: period(9, 1, 'signal EMA period'),
      source: source(),
    },
    outputs: [
      { name: 'macd', description: 'MACD line' },
      { name: 'signal', description: 'signal line' },
      { name: 'hist', description: 'macd - signal' },
    ],
    convention: 'TA_MACD',
  },
  rsi: {
    label: 'Relative strength index',
    description: "Wilder's RSI, 0..100.",
    inputs: ['close'],
    params: { period: period(14), source: source() },
    outputs: value,
    convention: 'TA_RSI',
  },
  atr: {
    label: 'Average true range',
    description: 'Wilder-smoothed true range.',
    inputs: ['high', 'low', 'close'],
    params: { period: period(14, 1) },
    outputs: value,
    convention: 'TA_ATR',
  },
  trange: {
    label: 'True range',
    description: 'max(high - low, |high - prev close|, |low - prev close|).',
    inputs: ['high', 'low', 'close'],
    params: {},
    outputs: value,
    convention: 'TA_TRANGE',
  },
  bollinger: {
    label: 'Bollinger Bands',
    description: 'SMA middle band ± population standard deviations.',
    inputs: ['close'],
    params: {
      period: period(20),
      devUp: { type: 'number', default: 2, min: 0, max: 100, description: 'standard deviations above the middle' },
      devDown: { type: 'number', default: 2, min: 0, max: 100, description: 'standard deviations below the middle' },
      source: source(),
    },
    outputs: bands,
    convention: 'TA_BBANDS (SMA)',
  },
  stochastic: {
    label: 'Stochastic (slow)',
    description: 'Slow %K and %D, both SMA-smoothed.',
    inputs: ['high', 'low', 'close'],
    params: { fastK: period(5, 1, 'raw %K window'), slowK: period(3, 1, '%K smoothing'), slowD: period(3, 1, '%D smoothing') },
    outputs: [
      { name: 'k', description: 'slow %K' },
      { name: 'd', description: '%D' },
    ],
    convention: 'TA_STOCH (SMA, SMA)',
  },
  adx: {
    label: 'ADX / DMI',
    description: 'Average directional index with the +DI and -DI lines.',
    inputs: ['high', 'low', 'close'],
    params: { period: period(14) },
    outputs: [
      { name: 'adx', description: 'ADX (from bar 2*period-1)' },
      { name: 'plusDI', description: '+DI (from bar period)' },
      { name: 'minusDI', description: '-DI (from bar period)' },
    ],
    convention: 'TA_ADX, TA_PLUS_DI, TA_MINUS_DI',
  },
  obv: {
    label: 'On-balance volume',
    description: 'Cumulative volume signed by the close-to-close direction.',
    inputs: ['close', 'volume'],
    params: {},
    outputs: value,
    convention: 'TA_OBV',
  },
  vwap: {
    label: 'VWAP',
    description: 'Volume-weighted typical price, cumulated per session.',
    inputs: ['high', 'low', 'close', 'volume', 'time'],
    params: {
      session: {
        type: 'enum',
        default: 'day',
        options: ['day', 'none'],
        description: "'day' restarts each calendar day in the market's time zone; 'none' cumulates over the whole run",
      },
    },
    outputs: value,
    convention: 'own: typical price (h+l+c)/3, cumulative per session',
  },
  donchian: {
    label: 'Donchian channel',
    description: 'Highest high / lowest low of the last `period` bars including the current one.',
    inputs: ['high', 'low'],
    params: { period: period(20, 1) },
    outputs: bands,
    convention: 'own: TA_MAX(high) / TA_MIN(low), middle = their mean',
  },
  highest: {
    label: 'Highest',
    description: 'Highest value of the last `period` bars including the current one.',
    inputs: ['high'],
    params: { period: period(20, 1), source: source('high') },
    outputs: value,
    convention: 'TA_MAX',
  },
  lowest: {
    label: 'Lowest',
    description: 'Lowest value of the last `period` bars including the current one.',
    inputs: ['low'],
    params: { period: period(20, 1), source: source('low') },
    outputs: value,
    convention: 'TA_MIN',
  },
  roc: {
    label: 'Rate of change',
    description: 'Percent change over `period` bars.',
    inputs: ['close'],
    params: { period: period(10, 1), source: source() },
    outputs: value,
    convention: 'TA_ROC',
  },
  mom: {
    label: 'Momentum',
    description: 'Difference over `period` bars.',
    inputs: ['close'],
    params: { period: period(10, 1), source: source() },
    outputs: value,
    convention: 'TA_MOM',
  },
  cci: {
    label: 'Commodity channel index',
    description: 'Typical price against its mean, in units of 0.015 × mean absolute deviation.',
    inputs: ['high', 'low', 'close'],
    params: { period: period(14) },
    outputs: value,
    convention: 'TA_CCI',
  },
  willr: {
    label: 'Williams %R',
    description: 'Position of the close in the `period` range, 0 (top) to -100 (bottom).',
    inputs: ['high', 'low', 'close'],
    params: { period: period(14) },
    outputs: value,
    convention: 'TA_WILLR',
  },
  trix: {
    label: 'TRIX',
    description: '1-bar percent change of a triple EMA.',
    inputs: ['close'],
    params: { period: period(15, 1), source: source() },
    outputs: value,
    convention: 'TA_TRIX',
  },
};


/** Every indicator with its params (defaults, ranges) and outputs; validated against indicatorDefSchema at load. */
export const indicatorCatalog: readonly IndicatorDef[] = z.array(indicatorDefSchema).parse(indicatorIds.map((id) => ({ id, ...DEFS[id] })));
const byId = new Map(indicatorCatalog.map((d) => [d.id, d]));

export function getIndicatorDef(id: string): IndicatorDef | undefined {
  return byId.get(id);
}

export type IndicatorParams = Record<string, number | string>;

function paramSchema(def: IndicatorParamDef): z.ZodType {
  if (def.type === 'enum') return z.enum(def.options as [string, ...string[]]).default(def.default);
  const base = def.type === 'int' ? z.number().int() : z.number();
  return base.min(def.min).max(def.max).default(def.default);
}

const paramsSchemas = new Map<string, z.ZodType<IndicatorParams>>();

/** zod schema of one indicator's params: strict (unknown names rejected), defaults filled in. */
export function indicatorParamsSchema(id: IndicatorId): z.ZodType<IndicatorParams> {
  let schema = paramsSchemas.get(id);
  if (!schema) {
    const def = byId.get(id)!;
    const shape = Object.fromEntries(Object.entries(def.params).map(([name, p]) => [name, paramSchema(p)]));
    let obj: z.ZodType<IndicatorParams> = z.strictObject(shape) as unknown as z.ZodType<IndicatorParams>;
    if (id === 'macd') {
      obj = obj.refine((p) => (p.fast as number) < (p.slow as number), { message: 'fast must be less than slow', path: ['fast'] });
    }
    schema = obj;
    paramsSchemas.set(id, schema);
  }
  return schema;
}

export type IndicatorCheck =
  | { ok: true; id: IndicatorId; params: IndicatorParams }
  | { ok: false; path: (string | number)[]; message: string };

/**
 * Validates an indicator reference from a strategy spec. Errors name the indicator and the parameter:
 * `unknown indicator "smaa" (known: sma, ema, …)`, `sma.period: Too small: expected number to be >=2`.
 */
export function checkIndicator(id: string, params: unknown = {}): IndicatorCheck {
  const def = byId.get(id);
  if (!def) return { ok: false, path: ['id'], message: `unknown indicator "${id}" (known: ${indicatorIds.join(', ')})` };
  const res = indicatorParamsSchema(def.id as IndicatorId).safeParse(params ?? {});
  if (res.success) return { ok: true, id: def.id as IndicatorId, params: res.data };
  const issue = res.error.issues[0]!;
  const where = issue.path.length > 0 ? `${id}.${issue.path.join('.')}` : id;
  const known = Object.keys(def.params);
  const hint =
    issue.code === 'unrecognized_keys' ? ` (params of ${id}: ${known.length > 0 ? known.join(', ') : 'none'})` : '';
  const path = ['params', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  return { ok: false, path, message: `${where}: ${issue.message}${hint}` };
}

/**
 * zod schema of an indicator reference `{ id, params? }` for embedding in the strategy spec: reports unknown ids and
 * bad params as issues at `id` / `params.<name>`, and outputs the params with defaults filled in.
 */
export const indicatorRefSchema = z
  .object({ id: z.string(), params: z.record(z.string(), z.unknown()).optional() })
  .transform((ref, ctx) => {
    const res = checkIndicator(ref.id, ref.params ?? {});
    if (!res.ok) {
      ctx.addIssue({ code: 'custom', message: res.message, path: res.path });
      return z.NEVER;
    }
    return { id: res.id, params: res.params };
  });
export type IndicatorRef = z.output<typeof indicatorRefSchema>;

/** One bar as plain numbers; callers reuse a single object per run so feeding indicators allocates nothing. */
export interface BarValues {
  timeMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** A catalog indicator behind one interface, for spec-driven strategies. */
export interface IndicatorInstance {
  readonly id: IndicatorId;
  readonly params: IndicatorParams;
  /** Bars before the primary output is defined. */
  readonly lookback: number;
  readonly outputs: readonly string[];
  /** Feeds one bar; returns the primary output (NaN during warm-up). */
  update(bar: BarValues): number;
  /** A reader for one output, made once so per-bar reads cost no lookup; throws on an unknown output name. */
  reader(output: string): () => number;
  reset(): void;
}

export interface CreateIndicatorContext {
  /** The market's time zone, for VWAP day sessions (default 'UTC'). */
  timeZone?: string;
}

const PICK: Record<PriceSource, (b: BarValues) => number> = {
  close: (b) => b.close,
  open: (b) => b.open,
  high: (b) => b.high,
  low: (b) => b.low,
  volume: (b) => b.volume,
  hl2: (b) => (b.high + b.low) / 2,
  hlc3: (b) => (b.high + b.low + b.close) / 3,
  ohlc4: (b) => (b.open + b.high + b.low + b.close) / 4,
};

interface Updatable {
  lookback: number;
  value: number;
  reset(): void;
}

/**
 * Builds an indicator from a catalog id and params (validated here too, so a bad spec cannot slip through). The
 * readers return the instance's fields, which stay NaN until that output is defined.
 */
export function createIndicator(id: string, params: unknown = {}, context: CreateIndicatorContext = {}): IndicatorInstance {
  const check = checkIndicator(id, params);
  if (!check.ok) throw new RangeError(check.message);
  const p = check.params;
  const def = byId.get(check.id)!;
  const n = (name: string) => p[name] as number;
  const src = PICK[(p.source as PriceSource | undefined) ?? 'close'];

  let inst: Updatable;
  let update: (b: BarValues) => number;
  switch (check.id) {
    case 'sma':
    case 'ema':
    case 'wma':
    case 'rsi':
    case 'roc':
    case 'mom':
    case 'trix':
    case 'highest':
    case 'lowest': {
      const one = single(check.id, n('period'));
      inst = one;
      update = (b) => one.update(src(b));
      break;
    }
    case 'macd': {
      const m = new Macd(n('fast'), n('slow'), n('signal'));
      inst = m;
      update = (b) => m.update(src(b));
      break;
    }
    case 'bollinger': {
      const bb = new Bollinger(n('period'), n('devUp'), n('devDown'));
      inst = bb;
      update = (b) => bb.update(src(b));
      break;
    }
    case 'atr':
    case 'trange':
    case 'cci':
    case 'willr':
    case 'stochastic':
    case 'adx': {
      const h = hlcIndicator(check.id, p);
      inst = h;
      update = (b) => h.update(b.high, b.low, b.close);
      break;
    }
    case 'obv': {
      const o = new Obv();
      inst = o;
      update = (b) => o.update(b.close, b.volume);
      break;
    }
    case 'vwap': {
      const v = new Vwap();
      const sessions = p.session === 'day' ? new DailySessions(context.timeZone ?? 'UTC') : null;
      inst = v;
      update = (b) => v.update(b.high, b.low, b.close, b.volume, sessions ? sessions.isNewSession(b.timeMs) : false);
      const baseReset = v.reset.bind(v);
      v.reset = () => {
        baseReset();
        sessions?.reset();
      };
      break;
    }
    case 'donchian': {
      const d = new Donchian(n('period'));
      inst = d;
      update = (b) => d.update(b.high, b.low);
      break;
    }
  }

  const outputs = def.outputs.map((o) => o.name);
  const fields = inst as unknown as Record<string, number>;
  return {
    id: check.id,
    params: p,
    lookback: inst.lookback,
    outputs,
    update,
    reader(output: string) {
      if (!outputs.includes(output)) throw new RangeError(`${check.id} has no output "${output}" (outputs: ${outputs.join(', ')})`);
      if (output === 'value') return () => inst.value;
      return () => fields[output]!;
    },
    reset: () => inst.reset(),
  };
}

function single(id: 'sma' | 'ema' | 'wma' | 'rsi' | 'roc' | 'mom' | 'trix' | 'highest' | 'lowest', period: number) {
  switch (id) {
    case 'sma':
      return new Sma(period);
    case 'ema':
      return new Ema(period);
    case 'wma':
      return new Wma(period);
    case 'rsi':
      return new Rsi(period);
    case 'roc':
      return new Roc(period);
    case 'mom':
      return new Mom(period);
    case 'trix':
      return new Trix(period);
    case 'highest':
      return new Highest(period);
    case 'lowest':
      return new Lowest(period);
  }
}

function hlcIndicator(id: 'atr' | 'trange' | 'cci' | 'willr' | 'stochastic' | 'adx', p: IndicatorParams) {
  const n = (name: string) => p[name] as number;
  switch (id) {
    case 'atr':
      return new Atr(n('period'));
    case 'trange':
      return new TrueRange();
    case 'cci':
      return new Cci(n('period'));
    case 'willr':
      return new WillR(n('period'));
    case 'stochastic':
      return new Stochastic(n('fastK'), n('slowK'), n('slowD'));
    case 'adx':
      return new Adx(n('period'));
  }
}
