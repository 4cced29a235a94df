import { z } from 'zod';
import { rotationParamsSchema } from '../../engines/backtest/rotation-params';
import { timeframeSchema } from '../../engines/klines/timeframe';
import { backtestSummarySchema } from './backtest';

/**
 * Input and output of the momentum-rotation backtest (activity runRotationJob, node backtest.rotation, route
 * POST /api/backtests/rotation). The params schema is the engine's own; the config is checked in depth by the engine's
 * backtestConfigSchema, as for single-symbol backtests.
 */

const isoTime = z.iso.datetime({ offset: true });

export const rotationJobSchema = z.object({
  /** The universe, as stored in bars ('000001.SH', 'okx:BTC/USDT'); one market and one timeframe for all. */
  symbols: z
    .array(z.string().min(1).max(80))
    .min(1)
    .max(200)
    .refine((s) => new Set(s).size === s.length, { message: 'symbols must be distinct' })
    .describe('Symbols to rank against each other'),
  timeframe: timeframeSchema,
  from: isoTime.optional().describe('First bar time (inclusive); default: the first stored bar'),
  to: isoTime.optional().describe('Last bar time (exclusive); default: after the last stored bar'),
  // The default is the schema's own defaults, spelled out so the JSON Schema form (graph validation) carries them too.
  params: rotationParamsSchema.default(rotationParamsSchema.parse({})),
  /** Engine config (engines/backtest backtestConfigSchema); market defaults from the symbols. */
  config: z.record(z.string(), z.unknown()).default({}),
});
export type RotationJob = z.infer<typeof rotationJobSchema>;
export type RotationJobInput = z.input<typeof rotationJobSchema>;

export const rotationSummarySchema = backtestSummarySchema.omit({ symbol: true, overrides: true }).extend({
  symbols: z.array(z.string()),
  rebalances: z.number().int(),
  /** Symbols held at the end of the run, in universe order. */
  holdings: z.array(z.string()),
  totalFees: z.string(),
});
export type RotationSummary = z.infer<typeof rotationSummarySchema>;
