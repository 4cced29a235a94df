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
import { getApiKey } from './apiKey';
import { ApiError, request } from './client';
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

/** The most bars the get_klines tool returns in one call. */
export const KLINE_LIMIT = 5000;

interface RpcReply {
  result?: { isError?: boolean; content?: { type: string; text?: string }[]; structuredContent?: unknown };
  error?: { code: number; message: string };
}

/**
 * Candles for any stored series. The REST API serves bars only for a stored backtest, so this asks the MCP endpoint's
 * `get_klines` tool (stateless Streamable HTTP: one JSON-RPC POST, answered as JSON) with the same API key. When the
 * ChanLun route returns the bars it analysed, this function is the one place to change.
 */
export async function getKlines(symbol: string, timeframe: Timeframe, signal?: AbortSignal): Promise<Klines> {
  const key = getApiKey();
  if (!key) throw new ApiError(401, 'Not signed in');
  let response: Response;
  try {
    response = await fetch('/mcp', {
      method: 'POST',
      signal,
      headers: {
        Authorization: `Bearer ${key}`,
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'get_klines', arguments: { symbol, timeframe, limit: KLINE_LIMIT } },
      }),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'Cannot reach the Lurus Flow API server');
  }
  let reply: RpcReply | null = null;
  try {
    reply = (await response.json()) as RpcReply;
  } catch {
    reply = null;
  }
  if (!response.ok || !reply) {
    throw new ApiError(response.status, reply?.error?.message ?? `Loading the candles failed: ${response.status} ${response.statusText}`);
  }
  if (reply.error) throw new ApiError(400, reply.error.message);
  const text = reply.result?.content?.find((c) => c.type === 'text')?.text;
  // Tool errors (no bars stored, quota spent, rate limited) come back as a result flagged isError, the reason as text
  // and, for quota and rate, `error` in the structured content.
  if (reply.result?.isError || !reply.result?.structuredContent) {
    const kind = (reply.result?.structuredContent as { error?: unknown } | undefined)?.error;
    const status = kind === 'quota_exceeded' || kind === 'rate_limited' ? 429 : 400;
    throw new ApiError(status, text ?? 'Loading the candles failed');
  }
  return reply.result.structuredContent as Klines;
}
