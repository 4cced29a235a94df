import { z } from 'zod';
import { loadBacktestBars } from '../activities/backtest/bars';
import { backtestJobSchema } from '../core/contracts/backtest';
import { db } from '../core/db';

/** Stored bars for charts and agents: the REST route `GET /api/klines/:symbol` and the MCP tool `get_klines`. */

const barSchema = z.object({ time: z.string(), timeMs: z.number(), open: z.string(), high: z.string(), low: z.string(), close: z.string(), volume: z.string() });

export const klinesInputSchema = backtestJobSchema
  .pick({ symbol: true, timeframe: true, from: true, to: true })
  .extend({ limit: z.number().int().min(1).max(50_000).default(500).describe('At most this many bars: the last ones of the span') });
export type KlinesInput = z.infer<typeof klinesInputSchema>;

export const klinesSchema = z.object({
  symbol: z.string(),
  timeframe: z.string(),
  resampledFrom: z.string().optional().describe('The stored timeframe the bars were resampled from, when the timeframe is not stored'),
  total: z.number().int().describe('Bars in the span'),
  truncated: z.boolean(),
  bars: z.array(barSchema).describe('Oldest first; prices and volume as decimal strings, time = bar close for A-share daily files'),
});
export type Klines = z.infer<typeof klinesSchema>;

export async function readKlines(a: KlinesInput): Promise<Klines> {
  const span = { fromMs: a.from ? Date.parse(a.from) : undefined, toMs: a.to ? Date.parse(a.to) : undefined };
  const { bars, resampledFrom } = await loadBacktestBars(db(), a.symbol, a.timeframe, span);
  const total = bars.timeMs.length;
  const start = Math.max(0, total - a.limit);
  const rows = [];
  for (let i = start; i < total; i++) {
    rows.push({ time: new Date(bars.timeMs[i]!).toISOString(), timeMs: bars.timeMs[i]!, open: bars.open[i]!, high: bars.high[i]!, low: bars.low[i]!, close: bars.close[i]!, volume: bars.volume[i]! });
  }
  return { symbol: a.symbol, timeframe: a.timeframe, ...(resampledFrom ? { resampledFrom } : {}), total, truncated: start > 0, bars: rows };
}
