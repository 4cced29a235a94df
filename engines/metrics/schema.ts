// What computeMetrics takes. Return series are statistical floats (NaN allowed for a missing period, ±Infinity not);
// trade PnL and notional amounts are money and come as decimal strings.
import Decimal from 'decimal.js';
import { z } from 'zod';

/** Checks a float series in one pass: a per-element zod union is far too slow for 240k-bar series. */
const floatSeriesSchema = z
  .custom<number[] | Float64Array>((v) => Array.isArray(v) || v instanceof Float64Array, {
    message: 'expected an array of numbers (or a Float64Array)',
  })
  .superRefine((values, ctx) => {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v !== 'number' || v === Infinity || v === -Infinity) {
        ctx.addIssue({ code: 'custom', path: [i], message: `expected a finite number or NaN, got ${String(v)}` });
        return;
      }
    }
  });

const decimalStringSchema = z.string().refine(
  (s) => {
    try {
      return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) && new Decimal(s).isFinite();
    } catch {
      return false;
    }
  },
  { message: 'expected a decimal number as a string, e.g. "-12.50"' },
);

export const metricTradeSchema = z
  .object({
    /** Net profit or loss of the round trip after fees, in account currency. */
    pnl: decimalStringSchema,
    /** Return of the trade as a fraction of its entry notional (0.05 = +5 %). */
    return: z.number(),
    entryTimeMs: z.number().int(),
    exitTimeMs: z.number().int(),
    side: z.enum(['long', 'short']),
    /** Bars between entry and exit. */
    barsHeld: z.number().int().min(0),
    /** Profit in units of initial risk (Van Tharp's R); SQN uses it when every trade has one, else `return`. */
    rMultiple: z.number().optional(),
  })
  .refine((t) => t.exitTimeMs >= t.entryTimeMs, { message: 'exitTimeMs is before entryTimeMs', path: ['exitTimeMs'] });

export const metricsInputSchema = z
  .object({
    /** Per-period simple returns of the strategy (equity[t] / equity[t-1] - 1); NaN for a period without one. */
    returns: floatSeriesSchema,
    /** Periods per year for annualising, e.g. 252 (empyrical 'daily'), 52, 12, 365 for crypto days. */
    periodsPerYear: z.number().positive(),
    /** Annual risk-free rate (0.02 = 2 %), de-annualised by compounding to the per-period rate empyrical takes. */
    riskFreeRate: z.number().gt(-1).default(0),
    /** Per-period minimum acceptable return for Sortino and downside risk (empyrical's `required_return`). */
    requiredReturn: z.number().default(0),
    /** Per-period benchmark returns aligned with `returns` (same length, NaN where missing). */
    benchmarkReturns: floatSeriesSchema.optional(),
    /** Closed round trips, in the order they closed. */
    trades: z.array(metricTradeSchema).default([]),
    /**
     * Time in the market: a fraction of periods (0..1), or one value per period (position value / equity, or 0/1)
     * where any non-zero value counts as in the market.
     */
    exposure: z.union([z.number().min(0).max(1), floatSeriesSchema]).optional(),
    /** Turnover inputs: total traded notional (entries and exits) and average equity over the run, in money. */
    turnover: z.object({ tradedNotional: decimalStringSchema, averageEquity: decimalStringSchema }).optional(),
  })
  .superRefine((input, ctx) => {
    const n = input.returns.length;
    if (input.benchmarkReturns && input.benchmarkReturns.length !== n) {
      ctx.addIssue({
        code: 'custom',
        path: ['benchmarkReturns'],
        message: `has ${input.benchmarkReturns.length} values but returns has ${n}; align them by period first`,
      });
    }
    if (input.exposure !== undefined && typeof input.exposure !== 'number' && input.exposure.length !== n) {
      ctx.addIssue({ code: 'custom', path: ['exposure'], message: `has ${input.exposure.length} values but returns has ${n}` });
    }
    if (input.turnover && !new Decimal(input.turnover.averageEquity).gt(0)) {
      ctx.addIssue({ code: 'custom', path: ['turnover', 'averageEquity'], message: 'must be > 0' });
    }
  });

export type MetricTrade = z.infer<typeof metricTradeSchema>;
/** What the caller passes (defaults optional). */
export type MetricsInput = z.input<typeof metricsInputSchema>;
/** After validation, defaults filled in. */
export type ParsedMetricsInput = z.output<typeof metricsInputSchema>;

export class MetricsInputError extends Error {
  constructor(readonly issues: Array<{ path: string; message: string }>) {
    super(`invalid metrics input: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'MetricsInputError';
  }
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '') || '(input)';
}

export function parseMetricsInput(input: unknown): ParsedMetricsInput {
  const res = metricsInputSchema.safeParse(input);
  if (!res.success) throw new MetricsInputError(res.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })));
  return res.data;
}
