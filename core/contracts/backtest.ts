import { z } from 'zod';
import { timeframeSchema } from '../../engines/klines/timeframe';

/**
 * Inputs and outputs of the backtest activities and workflows, shared by the catalog nodes (their params), the API
 * and the activities. Specs and configs are checked in depth by the engines (validateSpec, backtestConfigSchema);
 * here they are objects, so a node can carry one from an upstream expression.
 */

/** Which strategy to run: a spec, code for the sandbox, one saved in the workspace, or one of the builtin library. */
export const strategyRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('spec'), spec: z.record(z.string(), z.unknown()).describe('Strategy spec (engines/strategy DSL)') }),
  z.object({ kind: z.literal('code'), name: z.string().min(1).max(120).default('code strategy'), source: z.string().min(1).max(200_000) }),
  z.object({ kind: z.literal('saved'), strategyId: z.uuid() }),
  z.object({ kind: z.literal('builtin'), id: z.string().min(1), params: z.record(z.string(), z.number()).optional().describe('Library parameters over their defaults') }),
]);
export type StrategyRef = z.infer<typeof strategyRefSchema>;

/** A spec setting changed for one run of a parameter search: a dotted path into the spec (`indicators.0.params.period`). */
export const specOverridesSchema = z.record(z.string().regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/), z.union([z.number(), z.string(), z.boolean()]));

const isoTime = z.iso.datetime({ offset: true });

export const backtestJobSchema = z.object({
  /** As stored in bars: an imported symbol ('000001.SH') or an exchange series ('okx:BTC/USDT'). */
  symbol: z.string().min(1).max(80),
  timeframe: timeframeSchema,
  from: isoTime.optional().describe('First bar time (inclusive); default: the first stored bar'),
  to: isoTime.optional().describe('Last bar time (exclusive); default: after the last stored bar'),
  strategy: strategyRefSchema,
  overrides: specOverridesSchema.optional(),
  /** Engine config (engines/backtest backtestConfigSchema); market defaults from the symbol. */
  config: z.record(z.string(), z.unknown()).default({}),
});
export type BacktestJob = z.infer<typeof backtestJobSchema>;
export type BacktestJobInput = z.input<typeof backtestJobSchema>;

/** Headline figures of one backtest: what rankings, lists and workflow histories carry (the full result is in the DB). */
export const backtestSummarySchema = z.object({
  backtestId: z.uuid(),
  strategy: z.string(),
  symbol: z.string(),
  timeframe: z.string(),
  overrides: specOverridesSchema.optional(),
  bars: z.number().int(),
  trades: z.number().int(),
  finalEquity: z.string(),
  /** Metric id → value for the headline metrics (fractions, not percent). */
  metrics: z.record(z.string(), z.number().nullable()),
  engineMs: z.number(),
});
export type BacktestSummary = z.infer<typeof backtestSummarySchema>;

/** Metrics a ranking can sort by; higher is better except for the drawdown, which is compared by magnitude. */
export const RANK_METRICS = ['sharpe_ratio', 'sortino_ratio', 'total_return', 'annual_return', 'calmar_ratio', 'max_drawdown', 'profit_factor', 'win_rate'] as const;
export const rankMetricSchema = z.enum(RANK_METRICS);
export type RankMetric = z.infer<typeof rankMetricSchema>;

export const validateSymbolsInputSchema = z.object({
  symbols: z.array(z.string().min(1).max(80)).min(1).max(500),
  timeframe: timeframeSchema,
  from: isoTime.optional(),
  to: isoTime.optional(),
  strategy: strategyRefSchema,
  config: z.record(z.string(), z.unknown()).default({}),
  rankBy: rankMetricSchema.default('sharpe_ratio'),
  concurrency: z.number().int().min(1).max(64).default(8),
});
export type ValidateSymbolsInput = z.infer<typeof validateSymbolsInputSchema>;

/** One searched setting: listed values (grid), or a range sampled uniformly on `step` (random). */
export const searchParamSchema = z.union([
  z.object({ path: z.string().min(1), values: z.array(z.union([z.number(), z.string(), z.boolean()])).min(1).max(1000) }),
  z.object({ path: z.string().min(1), min: z.number(), max: z.number(), step: z.number().positive() }),
]);
export type SearchParam = z.infer<typeof searchParamSchema>;

export const parameterSearchInputSchema = z.object({
  symbol: z.string().min(1).max(80),
  timeframe: timeframeSchema,
  from: isoTime.optional(),
  to: isoTime.optional(),
  strategy: strategyRefSchema,
  config: z.record(z.string(), z.unknown()).default({}),
  params: z.array(searchParamSchema).min(1).max(8),
  mode: z.enum(['grid', 'random']).default('grid'),
  /** Random mode: how many settings to draw (without repeats). */
  samples: z.number().int().min(1).max(5000).default(50),
  /** Grid mode refuses searches larger than this. */
  maxRuns: z.number().int().min(1).max(5000).default(1000),
  rankBy: rankMetricSchema.default('sharpe_ratio'),
  concurrency: z.number().int().min(1).max(64).default(8),
});
export type ParameterSearchInput = z.infer<typeof parameterSearchInputSchema>;

export const rankedRowSchema = backtestSummarySchema.extend({ rank: z.number().int(), score: z.number().nullable() });
export type RankedRow = z.infer<typeof rankedRowSchema>;

export const batchResultSchema = z.object({
  batchId: z.uuid(),
  kind: z.enum(['validation', 'search']),
  rankBy: rankMetricSchema,
  count: z.number().int(),
  best: rankedRowSchema.nullable(),
  /** The first rows of the ranking (all of them are stored with the batch). */
  top: z.array(rankedRowSchema),
});
export type BatchResult = z.infer<typeof batchResultSchema>;

export const rankBacktestsInputSchema = z.object({
  kind: z.enum(['validation', 'search']),
  rankBy: rankMetricSchema,
  rows: z.array(backtestSummarySchema),
});
export type RankBacktestsInput = z.infer<typeof rankBacktestsInputSchema>;

export const strategyReportInputSchema = z.object({
  title: z.string().min(1).max(200).default('Strategy report'),
  /** The idea in the trader's words, when the run started from one. */
  prompt: z.string().max(10_000).optional(),
  /** What strategy.generate returned: spec, source (llm/rules), notes. */
  generation: z.record(z.string(), z.unknown()).optional(),
  backtestId: z.uuid(),
  batchId: z.uuid().optional(),
  /** The parameter search's batch, when the run searched the strategy's settings. */
  searchBatchId: z.uuid().optional(),
});
export type StrategyReportInput = z.infer<typeof strategyReportInputSchema>;

export const generateStrategyInputSchema = z.object({ text: z.string().min(3).max(10_000).describe('The strategy idea in plain language') });
