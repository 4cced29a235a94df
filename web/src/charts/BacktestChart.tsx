import {
  AreaSeries,
  CandlestickSeries,
  createChart,
  createSeriesMarkers,
  createTextWatermark,
  LineSeries,
  type IChartApi,
  type MouseEventParams,
} from 'lightweight-charts';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { BarRow, CurvePoints, Trade } from '../api/backtests';
import {
  chartTime,
  tradeEventsByTime,
  tradeMarkers,
  toCandles,
  toLine,
  type ChartTime,
  type TradeEvent,
} from './chartData';
import { ChartTooltip, type HoverPoint } from './ChartTooltip';

interface BacktestChartProps {
  bars: BarRow[];
  curves: CurvePoints;
  trades: Trade[];
  /** Shifts display times to the market's clock (see displayOffsetSeconds). */
  offsetSeconds: number;
  /** Show hours and minutes on the time axis (intraday bars). */
  intraday: boolean;
}

const PANES = [
  { title: 'Price', stretch: 3 },
  { title: 'Equity', stretch: 1.2 },
  { title: 'Drawdown', stretch: 1 },
] as const;

const percent = (v: number) => `${(v * 100).toFixed(1)}%`;

function labelPanes(chart: IChartApi): void {
  chart.panes().forEach((pane, i) => {
    const spec = PANES[i];
    if (!spec) return;
    pane.setStretchFactor(spec.stretch);
    createTextWatermark(pane, {
      horzAlign: 'left',
      vertAlign: 'top',
      lines: [{ text: spec.title, color: 'rgba(95, 107, 122, 0.55)', fontSize: 12 }],
    });
  });
}

/**
 * K-line with trade markers, equity and drawdown in three panes of one chart, so all three share one time axis and
 * one crosshair. The chart follows its container's size (autoSize) and is removed on unmount.
 */
export function BacktestChart({ bars, curves, trades, offsetSeconds, intraday }: BacktestChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<HoverPoint | null>(null);

  const candles = useMemo(() => toCandles(bars, offsetSeconds), [bars, offsetSeconds]);
  const equity = useMemo(() => toLine(curves, 'equity', offsetSeconds), [curves, offsetSeconds]);
  const drawdown = useMemo(() => toLine(curves, 'drawdown', offsetSeconds), [curves, offsetSeconds]);
  const events = useMemo(() => tradeEventsByTime(trades, offsetSeconds), [trades, offsetSeconds]);
  const barsByTime = useMemo(() => new Map(bars.map((b) => [chartTime(b[0], offsetSeconds), b])), [bars, offsetSeconds]);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const chart = createChart(container, {
      autoSize: true,
      layout: { background: { color: '#ffffff' }, textColor: '#1c2430', fontSize: 11, panes: { separatorColor: '#dde1e7' } },
      grid: { vertLines: { color: '#f0f2f5' }, horzLines: { color: '#f0f2f5' } },
      rightPriceScale: { borderColor: '#dde1e7' },
      // The default minimum of 0.5 px per bar would keep fitContent from showing more than ~2 bars per pixel column;
      // a report should open on the whole span.
      timeScale: { borderColor: '#dde1e7', timeVisible: intraday, secondsVisible: false, minBarSpacing: 0.01 },
    });
    const candleSeries = chart.addSeries(CandlestickSeries, {
      upColor: '#1d7a3e', downColor: '#c62f2f', wickUpColor: '#1d7a3e', wickDownColor: '#c62f2f', borderVisible: false,
    }, 0);
    candleSeries.setData(candles);
    createSeriesMarkers(candleSeries, tradeMarkers(trades, offsetSeconds, candles[0]?.time ?? null));

    const equitySeries = chart.addSeries(LineSeries, { color: '#2f6fde', lineWidth: 2, priceLineVisible: false }, 1);
    equitySeries.setData(equity);
    const drawdownSeries = chart.addSeries(AreaSeries, {
      lineColor: '#c62f2f', topColor: 'rgba(198, 47, 47, 0.05)', bottomColor: 'rgba(198, 47, 47, 0.35)', lineWidth: 1,
      invertFilledArea: true, priceLineVisible: false,
      priceFormat: { type: 'custom', formatter: percent, minMove: 0.0001 },
    }, 2);
    drawdownSeries.setData(drawdown);
    labelPanes(chart);
    chart.timeScale().fitContent();

    const onMove = (param: MouseEventParams) => {
      if (param.time === undefined) {
        setHover(null);
        return;
      }
      const time = param.time as ChartTime;
      const eq = param.seriesData.get(equitySeries);
      const dd = param.seriesData.get(drawdownSeries);
      setHover({
        time,
        bar: barsByTime.get(time) ?? null,
        equity: eq && 'value' in eq ? eq.value : null,
        drawdown: dd && 'value' in dd ? dd.value : null,
        events: events.get(time) ?? ([] as TradeEvent[]),
      });
    };
    chart.subscribeCrosshairMove(onMove);
    return () => {
      chart.unsubscribeCrosshairMove(onMove);
      chart.remove();
    };
  }, [candles, equity, drawdown, trades, events, barsByTime, offsetSeconds, intraday]);

  return (
    <div className="bt-chart">
      <div ref={containerRef} className="bt-chart__canvas" data-testid="backtest-chart" />
      <ChartTooltip point={hover} intraday={intraday} />
    </div>
  );
}
