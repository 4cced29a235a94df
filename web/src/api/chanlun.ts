// ChanLun structure and points (/api/chanlun/:symbol) and the candles drawn under them. Shapes come from the server's
// contract modules as types only, so the chart and the engine cannot drift apart; nothing of them is bundled.
import type { z } from 'zod';
import type {
  BSP_TYPES,
  centerViewSchema,
  PointView,
  scanMatchSchema,
  segmentViewSchema,
  strokeViewSchema,
} from '../../../core/contracts/chanlun';
import type { Fractal } from '../../../engines/chanlun';
import { request } from './client';
import type { Timeframe } from './types';

export type BspType = (typeof BSP_TYPES)[number];
export type { PointView };
export type StrokeView = z.infer<typeof strokeViewSchema>;
export type SegmentView = z.infer<typeof segmentViewSchema>;
export type CenterView = z.infer<typeof centerViewSchema>;
export type ScanMatch = z.infer<typeof scanMatchSchema>;
export type FractalView = Pick<Fractal, 'kind' | 'bar' | 'timeMs' | 'price'>;

/** The point types in the order the page lists them (the server's enum). */
export const POINT_TYPES: readonly BspType[] = ['1', '2', '2s', '3a', '3b'];

/** One analysed level as GET /api/chanlun/:symbol returns it (api/routes/chanlun.ts levelStructure). */
export interface ChanLevel {
  timeframe: string;
  bars: number;
  firstTime: string | null;
  lastTime: string | null;
  resampledFrom?: string;
  /** Some list held more than `limit` items; only the latest came back. */
  truncated: boolean;
  fractals: FractalView[];
  strokes: StrokeView[];
  segments: SegmentView[];
  strokeCenters: CenterView[];
  segmentCenters: CenterView[];
  points: PointView[];
}

export interface ChanStructure extends ChanLevel {
  symbol: string;
  levels: ChanLevel[];
  nested: { higherLevel: string; higher: PointView; lowerLevel: string; lower: PointView[] }[];
}

export interface ChanPoints {
  symbol: string;
  timeframe: string;
  bars: number;
  points: ScanMatch[];
}

/** One candle as the get_klines tool returns it: prices and volume as decimal strings. */
export interface KlineBar {
  time: string;
  timeMs: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

export interface Klines {
  symbol: string;
  timeframe: string;
  resampledFrom?: string;
  /** Bars in the span; only the last `limit` came back when `truncated`. */
  total: number;
  truncated: boolean;
  bars: KlineBar[];
}

export const chanKeys = {
  all: ['chanlun'] as const,
  structure: (symbol: string, timeframe: string) => ['chanlun', 'structure', symbol, timeframe] as const,
};

const enc = encodeURIComponent;

export function getChanStructure(
  symbol: string,
  q: { timeframe: Timeframe; from?: string; levels?: Timeframe[] },
  signal?: AbortSignal,
): Promise<ChanStructure> {
  const query = new URLSearchParams({ timeframe: q.timeframe });
  if (q.from) query.set('from', q.from);
  if (q.levels?.length) query.set('levels', q.levels.join(','));
  return request(`/api/chanlun/${enc(symbol)}?${query}`, { signal });
}

export function getChanPoints(symbol: string, timeframe: Timeframe, signal?: AbortSignal): Promise<ChanPoints> {
  return request(`/api/chanlun/${enc(symbol)}/points?timeframe=${timeframe}`, { signal });
}

/** The most bars one chart asks for (the last ones). */
export const KLINE_LIMIT = 5000;

/**
 * Candles of any stored series (resampled by the server when the timeframe is not stored): the last `limit` of the
 * span from `from` (inclusive) to `to` (exclusive), ISO times; the whole series by default.
 */
export function getKlines(
  symbol: string,
  timeframe: Timeframe,
  signal?: AbortSignal,
  span: { from?: string; to?: string; limit?: number } = {},
): Promise<Klines> {
  const query = new URLSearchParams({ timeframe, limit: String(span.limit ?? KLINE_LIMIT) });
  if (span.from) query.set('from', span.from);
  if (span.to) query.set('to', span.to);
  return request(`/api/klines/${enc(symbol)}?${query}`, { signal });
}
