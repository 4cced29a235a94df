import { z } from 'zod';
import { chanConfigSchema } from '../../engines/chanlun/config';
import { timeframeSchema } from '../../engines/klines/timeframe';

/**
 * Inputs and outputs of the ChanLun activities (analyze, scan, notify), shared by their catalog nodes, the REST routes
 * and the activities. Results that travel through workflow history are compact: counts, the last few structures and a
 * capped list of points — the full structure is served by GET /api/chanlun/:symbol.
 */

export const BSP_TYPES = ['1', '2', '2s', '3a', '3b'] as const;
export const bspTypeSchema = z.enum(BSP_TYPES);
export const pointSideSchema = z.enum(['buy', 'sell']);
export const sideFilterSchema = z.enum(['buy', 'sell', 'both']);

const isoTime = z.iso.datetime({ offset: true });
/** As stored in bars: an imported symbol ('000001.SH') or an exchange series ('okx:BTC/USDT'). */
const symbolSchema = z.string().trim().min(1).max(80);

export const analyzeStructureInputSchema = z.object({
  symbol: symbolSchema,
  timeframe: timeframeSchema,
  /** Finer levels analysed alongside for interval nesting (区间套), e.g. ['30m', '5m'] under '1d'. */
  levels: z.array(timeframeSchema).max(3).default([]),
  from: isoTime.optional().describe('First bar time (inclusive); default: the first stored bar'),
  to: isoTime.optional().describe('Last bar time (exclusive); default: after the last stored bar'),
  config: chanConfigSchema.optional().describe('ChanLun rules (stroke rule, MACD, divergence); engine defaults when omitted'),
  /** How many of the latest strokes, segments and centers the result carries. */
  lastN: z.number().int().min(0).max(50).default(5),
  /** Points beyond this many (the latest are kept) are counted but left out. */
  maxPoints: z.number().int().min(0).max(500).default(100),
});
export type AnalyzeStructureInput = z.input<typeof analyzeStructureInputSchema>;
export type AnalyzeStructureParams = z.output<typeof analyzeStructureInputSchema>;

export const pricePointSchema = z.object({ bar: z.number().int(), timeMs: z.number(), price: z.string() });

export const pointViewSchema = z.object({
  type: bspTypeSchema,
  side: pointSideSchema,
  bar: z.number().int(),
  timeMs: z.number(),
  time: z.string(),
  price: z.string(),
  stroke: z.number().int(),
  center: z.number().int(),
  confirmed: z.boolean(),
  reason: z.string(),
  divergence: z.object({ entering: z.number(), leaving: z.number(), ratio: z.number(), trend: z.boolean() }).optional(),
});
export type PointView = z.infer<typeof pointViewSchema>;

export const strokeViewSchema = z.object({
  index: z.number().int(),
  direction: z.enum(['up', 'down']),
  start: pricePointSchema,
  end: pricePointSchema,
  high: z.string(),
  low: z.string(),
  confirmed: z.boolean(),
});
export const segmentViewSchema = strokeViewSchema.extend({ strokes: z.tuple([z.number().int(), z.number().int()]) });
export const centerViewSchema = z.object({
  level: z.enum(['stroke', 'segment']),
  index: z.number().int(),
  members: z.tuple([z.number().int(), z.number().int()]),
  zg: z.string(),
  zd: z.string(),
  gg: z.string(),
  dd: z.string(),
  start: pricePointSchema,
  end: pricePointSchema,
  relation: z.enum(['up', 'down', 'overlap']).nullable(),
  confirmed: z.boolean(),
});

export const structureCountsSchema = z.object({
  fractals: z.number().int(),
  strokes: z.number().int(),
  segments: z.number().int(),
  strokeCenters: z.number().int(),
  segmentCenters: z.number().int(),
  points: z.number().int(),
  buyPoints: z.number().int(),
  sellPoints: z.number().int(),
});

export const levelSummarySchema = z.object({
  timeframe: timeframeSchema,
  bars: z.number().int(),
  firstTime: z.string().nullable(),
  lastTime: z.string().nullable(),
  /** The stored timeframe these bars were resampled from, when the timeframe itself is not stored. */
  resampledFrom: z.string().optional(),
  counts: structureCountsSchema,
  /** The latest points, at most maxPoints. */
  points: z.array(pointViewSchema),
  pointsTruncated: z.boolean(),
});

export const nestedPointSchema = z.object({
  higherLevel: z.string(),
  higher: pointViewSchema,
  lowerLevel: z.string(),
  /** Lower-level points of the same side inside the higher point's stroke; the count is exact, the list capped. */
  lowerCount: z.number().int(),
  lower: z.array(pointViewSchema),
});

export const structureSummarySchema = levelSummarySchema.extend({
  symbol: z.string(),
  lastStrokes: z.array(strokeViewSchema),
  lastSegments: z.array(segmentViewSchema),
  lastCenters: z.array(centerViewSchema),
  /** The finer levels, highest first, and the nesting of the main level's latest points in the next level. */
  levels: z.array(levelSummarySchema),
  nested: z.array(nestedPointSchema),
});
export type StructureSummary = z.infer<typeof structureSummarySchema>;

export const chanScanInputSchema = z.object({
  /** The universe: every symbol is analysed on its stored bars (resampled when the timeframe is not stored). */
  symbols: z.array(symbolSchema).min(1).max(500),
  timeframe: timeframeSchema,
  types: z.array(bspTypeSchema).min(1).default([...BSP_TYPES]),
  side: sideFilterSchema.default('buy'),
  /** Recency: only points on the last this-many bars (1 = the last bar). Default: any bar. */
  withinBars: z.number().int().min(1).max(1_000_000).optional(),
  /** Recency: only points at or after this time. */
  since: isoTime.optional(),
  /** Leave out points whose stroke may still extend or be withdrawn. */
  confirmedOnly: z.boolean().default(false),
  from: isoTime.optional().describe('First bar analysed (inclusive); default: the first stored bar'),
  to: isoTime.optional().describe('Last bar analysed (exclusive); default: after the last stored bar'),
  config: chanConfigSchema.optional(),
  /** Matches beyond this many (the latest are kept) are counted but left out. */
  maxMatches: z.number().int().min(1).max(2000).default(500),
});
export type ChanScanInput = z.input<typeof chanScanInputSchema>;
export type ChanScanParams = z.output<typeof chanScanInputSchema>;

export const scanMatchSchema = z.object({
  symbol: z.string(),
  timeframe: timeframeSchema,
  type: bspTypeSchema,
  side: pointSideSchema,
  timeMs: z.number(),
  time: z.string(),
  price: z.string(),
  confirmed: z.boolean(),
  /** Bars after the point's bar: 0 = on the last bar analysed. */
  barsAgo: z.number().int(),
  reason: z.string(),
});
export type ScanMatch = z.infer<typeof scanMatchSchema>;

export const chanScanResultSchema = z.object({
  timeframe: timeframeSchema,
  scanned: z.number().int(),
  matched: z.number().int(),
  /** The latest matches (at most maxMatches), oldest first. */
  matches: z.array(scanMatchSchema),
  matchesTruncated: z.boolean(),
  /** Symbols matched, for a flow.condition or a log line. */
  symbols: z.array(z.string()),
  /** Symbols of the universe without bars in the timeframe (left out, not a failure of the scan). */
  missing: z.array(z.object({ symbol: z.string(), reason: z.string() })),
});
export type ChanScanResult = z.infer<typeof chanScanResultSchema>;

export const alertNotifyInputSchema = z.object({
  matches: z.array(scanMatchSchema).max(2000),
  /** Also deliver each match to every active alert subscription it fits (symbol, timeframe, type, side). */
  subscriptions: z.boolean().default(true),
  /** Deliver each match to the owner of the graph the run belongs to. */
  owner: z.boolean().default(true),
  /** Prefix of the alert titles, e.g. the scan's name. */
  label: z.string().trim().max(120).optional(),
});
export type AlertNotifyInput = z.input<typeof alertNotifyInputSchema>;

export const alertNotifyResultSchema = z.object({
  /** Alerts offered to the store (one per match and recipient). */
  offered: z.number().int(),
  /** Of those, new: a retried activity or a re-run scan finds the rest already recorded. */
  recorded: z.number().int(),
  /** Subscriptions that received at least one alert offer. */
  subscriptions: z.number().int(),
  /** Recipient of the owner alerts; null when the run has no graph owner. */
  ownerId: z.string().nullable(),
});
export type AlertNotifyResult = z.infer<typeof alertNotifyResultSchema>;

/** Failure types of the ChanLun activities (non-retryable: the same input fails the same way). */
export const ChanFailureTypes = {
  barsNotFound: 'BarsNotFound',
  invalidRequest: 'InvalidChanRequest',
} as const;
