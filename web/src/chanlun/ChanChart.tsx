import {
  CandlestickSeries,
  createChart,
  createSeriesMarkers,
  LineSeries,
  LineStyle,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type MouseEventParams,
  type Time,
} from 'lightweight-charts';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ChanStructure, KlineBar, PointView } from '../api/chanlun';
import { chartTime, type ChartTime } from '../charts/chartData';
import { CenterBoxesPrimitive, FractalMarksPrimitive } from './structurePrimitives';
import {
  centerBoxes,
  COLORS,
  fractalMarks,
  pointLabel,
  pointMarkers,
  pointsByTime,
  polyline,
  toCandles,
  type LayerVisibility,
} from './chartLayers';

interface ChanChartProps {
  bars: KlineBar[];
  structure: ChanStructure;
  offsetSeconds: number;
  intraday: boolean;
  layers: LayerVisibility;
  /** Scrolls the chart to this bar time (ms) when it changes, e.g. a row picked in the points table. */
  focusTimeMs: number | null;
}

interface Handles {
  chart: IChartApi;
  strokes: ISeriesApi<'Line'>[];
  segments: ISeriesApi<'Line'>[];
  boxes: CenterBoxesPrimitive;
  fractals: FractalMarksPrimitive;
  markers: ISeriesMarkersPluginApi<Time>;
}

interface Hover {
  time: ChartTime;
  bar: KlineBar | null;
  points: PointView[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Chart times are already shifted to the market clock, so they are read back as UTC. */
function formatChartTime(time: ChartTime, intraday: boolean): string {
  const d = new Date(time * 1000);
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return intraday ? `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : day;
}

/**
 * The chart opens on the latest this-many bars: past a thousand or so the fractal dots and point labels merge into a
 * band. Zooming out (or scrolling) shows the rest.
 */
const OPEN_BARS = 1_000;

const lineOptions = { lastValueVisible: false, priceLineVisible: false, crosshairMarkerVisible: false } as const;

/**
 * K-line with the ChanLun structure: fractal dots, strokes and (thicker) segments as polylines through their end
 * points, stroke and segment centers as boxes (a series primitive), buy/sell arrows labelled by type. The chart is
 * built once per data set; toggling a layer only shows or hides it, so the zoom is kept.
 */
export function ChanChart({ bars, structure, offsetSeconds, intraday, layers, focusTimeMs }: ChanChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const handles = useRef<Handles | null>(null);
  const [hover, setHover] = useState<Hover | null>(null);

  const candles = useMemo(() => toCandles(bars, offsetSeconds), [bars, offsetSeconds]);
  const firstTime = candles[0]?.time ?? 0;
  const barsByTime = useMemo(() => new Map(bars.map((b) => [chartTime(b.timeMs, offsetSeconds), b])), [bars, offsetSeconds]);
  const byTime = useMemo(() => pointsByTime(structure.points, offsetSeconds), [structure, offsetSeconds]);
  // Read by the chart effect when it (re)builds; later changes go through the layer effect below.
  const layersRef = useRef(layers);
  layersRef.current = layers;

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const chart = createChart(container, {
      autoSize: true,
      layout: { background: { color: '#ffffff' }, textColor: '#1c2430', fontSize: 11 },
      grid: { vertLines: { color: '#f0f2f5' }, horzLines: { color: '#f0f2f5' } },
      rightPriceScale: { borderColor: '#dde1e7' },
      timeScale: { borderColor: '#dde1e7', timeVisible: intraday, secondsVisible: false, minBarSpacing: 0.01 },
    });
    const candleSeries = chart.addSeries(CandlestickSeries, {
      upColor: COLORS.up, downColor: COLORS.down, wickUpColor: COLORS.up, wickDownColor: COLORS.down, borderVisible: false,
    });
    candleSeries.setData(candles);

    const boxes = new CenterBoxesPrimitive([
      ...centerBoxes(structure.segmentCenters, offsetSeconds, firstTime),
      ...centerBoxes(structure.strokeCenters, offsetSeconds, firstTime),
    ]);
    candleSeries.attachPrimitive(boxes);
    const fractals = new FractalMarksPrimitive(fractalMarks(structure, offsetSeconds, firstTime));
    candleSeries.attachPrimitive(fractals);

    const addPolyline = (lines: ChanStructure['strokes'], color: string, width: 1 | 2 | 3) => {
      const { confirmed, pending } = polyline(lines, offsetSeconds, firstTime);
      const solid = chart.addSeries(LineSeries, { ...lineOptions, color, lineWidth: width });
      solid.setData(confirmed);
      const dashed = chart.addSeries(LineSeries, { ...lineOptions, color, lineWidth: width, lineStyle: LineStyle.Dashed });
      dashed.setData(pending);
      return [solid, dashed];
    };
    const strokes = addPolyline(structure.strokes, COLORS.stroke, 1);
    const segments = addPolyline(structure.segments, COLORS.segment, 3);
    const markers = createSeriesMarkers(candleSeries, []) as ISeriesMarkersPluginApi<Time>;
    handles.current = { chart, strokes, segments, boxes, fractals, markers };
    applyLayers(handles.current, layersRef.current, structure, offsetSeconds, firstTime);
    if (candles.length > OPEN_BARS) chart.timeScale().setVisibleLogicalRange({ from: candles.length - OPEN_BARS, to: candles.length + 5 });
    else chart.timeScale().fitContent();

    const onMove = (param: MouseEventParams) => {
      if (param.time === undefined) {
        setHover(null);
        return;
      }
      const time = param.time as ChartTime;
      setHover({ time, bar: barsByTime.get(time) ?? null, points: byTime.get(time) ?? [] });
    };
    chart.subscribeCrosshairMove(onMove);
    return () => {
      chart.unsubscribeCrosshairMove(onMove);
      handles.current = null;
      chart.remove();
    };
  }, [candles, structure, offsetSeconds, intraday, firstTime, barsByTime, byTime]);

  useEffect(() => {
    if (handles.current) applyLayers(handles.current, layers, structure, offsetSeconds, firstTime);
  }, [layers, structure, offsetSeconds, firstTime]);

  useEffect(() => {
    const h = handles.current;
    if (!h || focusTimeMs === null) return;
    const target = chartTime(focusTimeMs, offsetSeconds);
    const index = candles.findIndex((c) => c.time >= target);
    if (index < 0) return;
    // About a hundred bars around the point, more before it: the structure leading to a point explains it.
    h.chart.timeScale().setVisibleLogicalRange({ from: index - 80, to: index + 30 });
  }, [focusTimeMs, candles, offsetSeconds]);

  return (
    <div className="bt-chart">
      <div ref={containerRef} className="bt-chart__canvas chan-chart__canvas" data-testid="chan-chart" />
      <div className="bt-chart__tooltip" data-testid={hover ? 'chan-tooltip' : undefined}>
        {hover ? (
          <>
            <span className="mono">{formatChartTime(hover.time, intraday)}</span>
            {hover.bar && <span className="mono">O {hover.bar.open} H {hover.bar.high} L {hover.bar.low} C {hover.bar.close}</span>}
            {hover.points.map((p) => (
              <span key={`${p.type}-${p.side}`} className={`chan-point chan-point--${p.confirmed ? p.side : 'pending'}`}>
                {pointLabel(p)} {p.confirmed ? '' : '(pending) '}@ {p.price}: {p.reason}
              </span>
            ))}
          </>
        ) : (
          <span className="muted">Hover the chart for prices and points; ▲ buy, ▼ sell, amber = pending.</span>
        )}
      </div>
    </div>
  );
}

function applyLayers(h: Handles, layers: LayerVisibility, structure: ChanStructure, offset: number, firstTime: number): void {
  for (const s of h.strokes) s.applyOptions({ visible: layers.strokes });
  for (const s of h.segments) s.applyOptions({ visible: layers.segments });
  h.boxes.setVisible('stroke', layers.strokeCenters);
  h.boxes.setVisible('segment', layers.segmentCenters);
  h.fractals.setVisible(layers.fractals);
  h.markers.setMarkers(layers.points ? pointMarkers(structure, offset, firstTime) : []);
}
