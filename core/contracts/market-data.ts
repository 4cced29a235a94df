import { z } from 'zod';
import { timeframeSchema } from '../../engines/klines/timeframe';

/** Input and output of the fetchBars activity (exchange bars through ccxt, cached in the bars table). */
export const fetchBarsInputSchema = z.object({
  /** ccxt exchange id; default MARKET_DATA_EXCHANGE. */
  exchange: z.string().trim().min(1).optional(),
  /** ccxt unified symbol, e.g. 'BTC/USDT'. */
  symbol: z.string().trim().min(1).max(64),
  timeframe: timeframeSchema,
  /** Inclusive ISO time; rounded down to the timeframe's UTC grid. */
  from: z.iso.datetime({ offset: true }),
  /** Exclusive ISO time; rounded up to the grid, and never past the newest closed bar. */
  to: z.iso.datetime({ offset: true }),
});
export type FetchBarsInput = z.infer<typeof fetchBarsInputSchema>;

export const fetchBarsSummarySchema = z.object({
  exchange: z.string(),
  symbol: z.string(),
  timeframe: timeframeSchema,
  /** The range served, after alignment and clamping to closed bars (ISO, [from, to)). */
  from: z.string(),
  to: z.string(),
  /** Bars in the range that were already stored, in spans known to be complete. */
  fromDb: z.number().int(),
  /** Bars the exchange returned for the missing spans. */
  fetched: z.number().int(),
  /** Of those, rows new to the database. */
  stored: z.number().int(),
  /** Candle requests answered (retries not counted). */
  pages: z.number().int(),
  /** The spans that were missing and have now been fetched. */
  fetchedSpans: z.array(z.object({ from: z.string(), to: z.string() })),
});
export type FetchBarsSummary = z.infer<typeof fetchBarsSummarySchema>;
