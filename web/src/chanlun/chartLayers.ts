// ChanLun structure → lightweight-charts data. Chart prices are floats: the chart only draws them (the exact decimal
// strings stay in the points table and the tooltip).
import type { CandlestickData, LineData, SeriesMarker } from 'lightweight-charts';
import type { CenterView, ChanStructure, KlineBar, PointView, StrokeView } from '../api/chanlun';
import { chartTime, type ChartTime } from '../charts/chartData';

export const LAYERS = ['fractals', 'strokes', 'segments', 'strokeCenters', 'segmentCenters', 'points'] as const;
export type Layer = (typeof LAYERS)[number];
export type LayerVisibility = Record<Layer, boolean>;

export const LAYER_LABELS: Record<Layer, string> = {
  fractals: 'Fractals',
  strokes: 'Strokes',
  segments: 'Segments',
  strokeCenters: 'Stroke centers',
  segmentCenters: 'Segment centers',
  points: 'Buy/sell points',
};

export const ALL_LAYERS: LayerVisibility = {
  fractals: true, strokes: true, segments: true, strokeCenters: true, segmentCenters: true, points: true,
};

export const COLORS = {
  up: '#1d7a3e',
  down: '#c62f2f',
  fractal: '#8a94a3',
  stroke: '#2f6fde',
  segment: '#7b3fc4',
  strokeCenter: { fill: 'rgba(230, 160, 30, 0.16)', edge: 'rgba(200, 130, 10, 0.85)' },
  segmentCenter: { fill: 'rgba(123, 63, 196, 0.10)', edge: 'rgba(123, 63, 196, 0.85)' },
  buy: '#1d7a3e',
  sell: '#c62f2f',
  pending: '#d08a1c',
};

/**
 * Imported A-share files mean something on the Shanghai clock (UTC+8, no daylight saving); exchange series, named
 * `exchange:BASE/QUOTE`, stay on UTC. lightweight-charts draws UTC timestamps as they are, so times are shifted.
 */
export function offsetForSymbol(symbol: string): number {
  return symbol.includes(':') ? 0 : 8 * 3600;
}

export function toCandles(bars: KlineBar[], offset: number): CandlestickData<ChartTime>[] {
  return bars.map((b) => ({
    time: chartTime(b.timeMs, offset),
    open: Number(b.open),
    high: Number(b.high),
    low: Number(b.low),
    close: Number(b.close),
  }));
}

/**
 * A polyline through the lines' end points, split where the confirmed lines end: the last stroke or segment may still
 * extend or be withdrawn, so it is drawn dashed. The pending part starts at the last confirmed point so the two join.
 */
export function polyline(lines: StrokeView[], offset: number, firstTime: number): { confirmed: LineData<ChartTime>[]; pending: LineData<ChartTime>[] } {
  const confirmed: LineData<ChartTime>[] = [];
  const pending: LineData<ChartTime>[] = [];
  const push = (out: LineData<ChartTime>[], timeMs: number, price: string) => {
    const time = chartTime(timeMs, offset);
    // The chart refuses repeated or descending times, and a point before the first candle would widen the axis.
    if (time < firstTime || (out.length && time <= out[out.length - 1]!.time)) return;
    out.push({ time, value: Number(price) });
  };
  for (const line of lines) {
    const out = line.confirmed ? confirmed : pending;
    if (!line.confirmed && pending.length === 0 && confirmed.length) pending.push(confirmed[confirmed.length - 1]!);
    push(out, line.start.timeMs, line.start.price);
    push(out, line.end.timeMs, line.end.price);
  }
  return { confirmed, pending };
}

/** A center's box: its ZG–ZD band over its time span, plus the GG/DD extremes. */
export interface CenterBox {
  level: 'stroke' | 'segment';
  start: ChartTime;
  end: ChartTime;
  zg: number;
  zd: number;
  gg: number;
  dd: number;
  confirmed: boolean;
}

export function centerBoxes(centers: CenterView[], offset: number, firstTime: number): CenterBox[] {
  return centers
    .map((c) => ({
      level: c.level,
      start: chartTime(c.start.timeMs, offset),
      end: chartTime(c.end.timeMs, offset),
      zg: Number(c.zg),
      zd: Number(c.zd),
      gg: Number(c.gg),
      dd: Number(c.dd),
      confirmed: c.confirmed,
    }))
    .filter((b) => b.end >= firstTime);
}

/** `1B`, `2sB`, `3bS`: type then side, as traders write them. */
export function pointLabel(p: Pick<PointView, 'type' | 'side'>): string {
  return `${p.type}${p.side === 'buy' ? 'B' : 'S'}`;
}

/** Fractal ticks at their extreme price (drawn by FractalMarksPrimitive). */
export function fractalMarks(s: ChanStructure, offset: number, firstTime: number): { time: ChartTime; price: number; top: boolean }[] {
  const out: { time: ChartTime; price: number; top: boolean }[] = [];
  for (const f of s.fractals) {
    const time = chartTime(f.timeMs, offset);
    if (time >= firstTime) out.push({ time, price: Number(f.price), top: f.kind === 'top' });
  }
  return out;
}

/** Buy arrows under the bar, sell arrows over it, labelled by type (`1B`, `3bS`); pending ones amber with a `?`. */
export function pointMarkers(s: ChanStructure, offset: number, firstTime: number): SeriesMarker<ChartTime>[] {
  const markers: SeriesMarker<ChartTime>[] = [];
  for (const p of s.points) {
    const time = chartTime(p.timeMs, offset);
    if (time < firstTime) continue;
    const buy = p.side === 'buy';
    markers.push({
      id: `p-${p.type}-${p.side}-${p.bar}`,
      time,
      position: buy ? 'belowBar' : 'aboveBar',
      shape: buy ? 'arrowUp' : 'arrowDown',
      color: p.confirmed ? (buy ? COLORS.buy : COLORS.sell) : COLORS.pending,
      text: `${pointLabel(p)}${p.confirmed ? '' : '?'}`,
    });
  }
  // Points come in stroke order; the markers plugin expects time order.
  return markers.sort((a, b) => a.time - b.time);
}

/** Points keyed by chart time, so the tooltip finds what is at the hovered bar. */
export function pointsByTime(points: PointView[], offset: number): Map<number, PointView[]> {
  const byTime = new Map<number, PointView[]>();
  for (const p of points) {
    const t = chartTime(p.timeMs, offset);
    const list = byTime.get(t);
    if (list) list.push(p);
    else byTime.set(t, [p]);
  }
  return byTime;
}
