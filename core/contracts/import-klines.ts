import { z } from 'zod';
// The engine's own schemas, so the API, the node params and the parser cannot disagree on what a mapping is.
import { timeFormatSchema } from '../../engines/klines/csv';
import { klineColumnMapSchema } from '../../engines/klines/layout';

/** Timeframes understood across the platform (engines/klines parses them, the API validates with this). */
export const timeframeSchema = z.enum(['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '12h', '1d', '1w']);

export const importSourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('upload'), uploadId: z.uuid() }),
  z.object({
    type: z.literal('path'),
    path: z.string().min(1).max(4096).describe('File path on the worker host, inside one of IMPORT_ROOTS'),
  }),
]);
export type ImportSource = z.infer<typeof importSourceSchema>;

export const importKlinesInputSchema = z.object({
  source: importSourceSchema,
  symbol: z.string().min(1).max(64).optional().describe('Overrides or supplies the symbol when the file has no symbol column'),
  timeframe: timeframeSchema.optional().describe('Default: from a freq column, else inferred from bar spacing'),
  timezone: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('IANA zone of local times in the file. Default: Asia/Shanghai for A-share symbols, else UTC'),
  columns: klineColumnMapSchema.optional(),
  timeFormat: timeFormatSchema.optional(),
});
export type ImportKlinesInput = z.infer<typeof importKlinesInputSchema>;

export const gapSchema = z.object({
  from: z.string().describe('ISO UTC time of the last bar before the gap'),
  to: z.string().describe('ISO UTC time of the first bar after the gap'),
  // Gaps in bars fetched from an exchange have no file lines; records stored before lines were reported lack all three.
  fromLine: z.number().int().optional().describe('File line of the bar before the gap (the header is line 1)'),
  toLine: z.number().int().optional().describe('File line of the bar after the gap'),
  missingBars: z.number().describe('Bars missing at the timeframe step; trading days for daily bars'),
  message: z.string().optional(),
});

export const importStatsSchema = z.object({
  symbol: z.string(),
  timeframe: z.string(),
  timezone: z.string(),
  rows: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  firstTime: z.string().nullable(),
  lastTime: z.string().nullable(),
  gaps: z.object({
    count: z.number().int(),
    sessionBreaksIgnored: z.number().int().describe('Weekends, lunch, nights: breaks where the market is shut, not counted'),
    possibleHolidays: z
      .number()
      .int()
      .describe('Runs of 1–7 missing trading days in data with a weekly closure: holidays, or missing days that look like them; not counted'),
    largest: z.array(gapSchema),
  }),
  durationMs: z.number(),
  source: z.string(),
});
export type ImportStats = z.infer<typeof importStatsSchema>;

export const importProgressSchema = z.object({
  phase: z.enum(['reading', 'validating', 'storing']),
  done: z.number().int(),
  total: z.number().int(),
});
export type ImportProgress = z.infer<typeof importProgressSchema>;

export { ImportFailureTypes } from './import-failures';

export const rowProblemSchema = z.object({ line: z.number().int(), column: z.string().optional(), reason: z.string() });
