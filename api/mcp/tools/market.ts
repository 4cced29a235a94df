import { z } from 'zod';
import { analyzeStored, scanMatches, summarizeAnalysis } from '../../../activities/chanlun';
import { backtestJobSchema } from '../../../core/contracts/backtest';
import { analyzeStructureInputSchema, chanScanInputSchema, scanMatchSchema, sideFilterSchema, structureSummarySchema } from '../../../core/contracts/chanlun';
import { db } from '../../../core/db';
import { klinesInputSchema as klinesInput, klinesSchema as klinesOutput, readKlines } from '../../klines';
import type { ToolSpec } from '../tool-kit';

const spanSchema = backtestJobSchema.pick({ symbol: true, timeframe: true, from: true, to: true });
const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

export const getKlines: ToolSpec<typeof klinesInput, typeof klinesOutput> = {
  name: 'get_klines',
  title: 'K-line bars',
  description: 'Stored OHLCV bars of a symbol (imported CSV like 000001.SH or exchange series like okx:BTC/USDT). A timeframe that is not stored is resampled from the finest stored one below it.',
  input: klinesInput,
  output: klinesOutput,
  quota: 'get_klines',
  role: 'viewer',
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(a) {
    const data = await readKlines(a);
    const first = data.bars[0];
    const last = data.bars[data.bars.length - 1];
    const text = first && last
      ? `${a.symbol} ${a.timeframe}: ${data.bars.length} of ${data.total} bars, ${first.time} to ${last.time}${data.resampledFrom ? ` (resampled from ${data.resampledFrom})` : ''}; last close ${last.close}.`
      : `${a.symbol} ${a.timeframe}: no bars in the span.`;
    return { data, text };
  },
};

export const analyzeStructure: ToolSpec<typeof analyzeStructureInputSchema, typeof structureSummarySchema> = {
  name: 'analyze_structure',
  title: 'ChanLun structure',
  description:
    'ChanLun (缠论) analysis of stored bars: counts of fractals, strokes, segments, centers and buy/sell points, the latest strokes, segments and centers, the latest points, and with `levels` finer timeframes nested under the main one (区间套).',
  input: analyzeStructureInputSchema,
  output: structureSummarySchema,
  quota: 'analyze_structure',
  role: 'viewer',
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(a) {
    const summary = summarizeAnalysis(await analyzeStored(db(), a), a);
    const c = summary.counts;
    const center = summary.lastCenters[summary.lastCenters.length - 1];
    const text =
      `${a.symbol} ${a.timeframe} (${summary.bars} bars to ${summary.lastTime}): ${c.fractals} fractals, ${c.strokes} strokes, ${c.segments} segments, ` +
      `${c.strokeCenters} stroke centers, ${c.points} buy/sell points (${c.buyPoints} buy, ${c.sellPoints} sell).` +
      (center ? ` Latest center ZD ${center.zd} – ZG ${center.zg}${center.relation ? `, ${center.relation} relative to the previous one` : ''}.` : '');
    return { data: summary, text };
  },
};

const pointsInput = chanScanInputSchema
  .omit({ symbols: true, maxMatches: true })
  .extend({
    symbol: spanSchema.shape.symbol,
    side: sideFilterSchema.default('both'),
    limit: z.number().int().min(1).max(1000).default(100).describe('At most this many points: the latest'),
  });
const pointsOutput = z.object({
  symbol: z.string(),
  timeframe: z.string(),
  bars: z.number().int(),
  lastTime: z.string().nullable(),
  /** Points of the whole analysis, before the filters. */
  total: z.number().int(),
  matched: z.number().int(),
  truncated: z.boolean(),
  points: z.array(scanMatchSchema).describe('Oldest first'),
});

export const queryBuySellPoints: ToolSpec<typeof pointsInput, typeof pointsOutput> = {
  name: 'query_buy_sell_points',
  title: 'ChanLun buy/sell points',
  description:
    'ChanLun buy/sell points (types 1, 2, 2s = 类二, 3a, 3b) of a symbol, filtered by type, side, recency (since, withinBars) and confirmation. The structure is always computed on the whole span, so the filters do not change the points.',
  input: pointsInput,
  output: pointsOutput,
  quota: 'query_buy_sell_points',
  role: 'viewer',
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(a) {
    const analysis = await analyzeStored(db(), { symbol: a.symbol, timeframe: a.timeframe, from: a.from, to: a.to, config: a.config });
    const main = analysis.levels[0]!;
    const n = main.bars.timeMs.length;
    const found = scanMatches(a.symbol, a.timeframe, n, main.result.points, { ...a, sinceMs: a.since ? Date.parse(a.since) : undefined });
    const points = found.slice(Math.max(0, found.length - a.limit));
    const last = points[points.length - 1];
    const text =
      `${a.symbol} ${a.timeframe}: ${found.length} of ${main.result.points.length} points match` +
      (last ? `; latest ${last.side} ${last.type} at ${last.price} on ${last.time}${last.confirmed ? '' : ' (unconfirmed)'}.` : '.');
    return {
      data: { symbol: a.symbol, timeframe: a.timeframe, bars: n, lastTime: iso(main.bars.timeMs[n - 1]), total: main.result.points.length, matched: found.length, truncated: points.length < found.length, points },
      text,
    };
  },
};
