// Backtest data → lightweight-charts series data. Chart prices are floats: the chart only draws them (the exact
// decimal strings stay in the tables and the tooltip).
import type { CandlestickData, LineData, SeriesMarker, UTCTimestamp } from 'lightweight-charts';
import type { BarRow, CurvePoints, Trade } from '../api/backtests';

/**
 * lightweight-charts draws UTC timestamps as they are. A-share bars mean something on the Shanghai clock (UTC+8, no
 * daylight saving), so their times are shifted by the fixed offset for display; crypto stays on UTC.
 */
export function displayOffsetSeconds(market: string | undefined): number {
  return market === 'ashare' ? 8 * 3600 : 0;
}

export type ChartTime = UTCTimestamp;

export function chartTime(timeMs: number, offsetSeconds: number): ChartTime {
  return (Math.floor(timeMs / 1000) + offsetSeconds) as UTCTimestamp;
}

export function toCandles(bars: BarRow[], offsetSeconds: number): CandlestickData<ChartTime>[] {
  return bars.map(([timeMs, open, high, low, close]) => ({
    time: chartTime(timeMs, offsetSeconds),
    open: Number(open),
    high: Number(high),
    low: Number(low),
    close: Number(close),
  }));
}

export function toLine(curves: CurvePoints, field: 'equity' | 'drawdown', offsetSeconds: number): LineData<ChartTime>[] {
  const values = curves[field];
  const out: LineData<ChartTime>[] = [];
  let last = -Infinity;
  for (let i = 0; i < curves.timeMs.length; i++) {
    const time = chartTime(curves.timeMs[i]!, offsetSeconds);
    // The chart refuses repeated or descending times; a downsampled curve can repeat a point at its seams.
    if (time <= last) continue;
    last = time;
    out.push({ time, value: values[i]! });
  }
  return out;
}

/** A fill at one bar, for markers and the crosshair tooltip. */
export interface TradeEvent {
  kind: 'entry' | 'exit';
  trade: Trade;
  price: string;
  label: string;
}

export const ENTRY_COLOR = '#2f6fde';
export const EXIT_WIN_COLOR = '#1d7a3e';
export const EXIT_LOSS_COLOR = '#c62f2f';

/** Above this many trades the markers drop their text: hundreds of labels only overlap. */
const MARKER_TEXT_LIMIT = 80;

const REASONS: Record<Trade['exitReason'], string> = {
  signal: 'signal',
  stopLoss: 'stop loss',
  takeProfit: 'take profit',
  trailingStop: 'trailing stop',
};

export function exitReasonLabel(reason: Trade['exitReason']): string {
  return REASONS[reason] ?? reason;
}

export function entryLabel(trade: Trade): string {
  return `${trade.side === 'long' ? 'Buy' : 'Sell short'} ${trade.quantity} @ ${trade.entryPrice}`;
}

export function exitLabel(trade: Trade): string {
  return `${trade.side === 'long' ? 'Sell' : 'Cover'} @ ${trade.exitPrice} (${exitReasonLabel(trade.exitReason)}), P&L ${trade.pnl}`;
}

/** Fill events keyed by chart time, so the tooltip finds what happened at the hovered bar. */
export function tradeEventsByTime(trades: Trade[], offsetSeconds: number): Map<number, TradeEvent[]> {
  const byTime = new Map<number, TradeEvent[]>();
  const add = (timeMs: number, event: TradeEvent) => {
    const t = chartTime(timeMs, offsetSeconds);
    const list = byTime.get(t);
    if (list) list.push(event);
    else byTime.set(t, [event]);
  };
  for (const trade of trades) {
    add(trade.entryTimeMs, { kind: 'entry', trade, price: trade.entryPrice, label: entryLabel(trade) });
    add(trade.exitTimeMs, { kind: 'exit', trade, price: trade.exitPrice, label: exitLabel(trade) });
  }
  return byTime;
}

/**
 * Entries ▲ under the bar, exits ▼ over it (green for a winning trade, red for a losing one). Markers before the
 * first charted bar are dropped: the chart may show only the last part of a long span.
 */
export function tradeMarkers(trades: Trade[], offsetSeconds: number, firstTime: number | null): SeriesMarker<ChartTime>[] {
  const withText = trades.length <= MARKER_TEXT_LIMIT;
  const markers: SeriesMarker<ChartTime>[] = [];
  for (const trade of trades) {
    const entry = chartTime(trade.entryTimeMs, offsetSeconds);
    const exit = chartTime(trade.exitTimeMs, offsetSeconds);
    const win = !trade.pnl.startsWith('-');
    if (firstTime === null || entry >= firstTime) {
      markers.push({
        id: `entry-${trade.id}`,
        time: entry,
        position: 'belowBar',
        shape: 'arrowUp',
        color: ENTRY_COLOR,
        text: withText ? `${trade.side === 'long' ? 'B' : 'S'} ${trade.entryPrice}` : undefined,
      });
    }
    if (firstTime === null || exit >= firstTime) {
      markers.push({
        id: `exit-${trade.id}`,
        time: exit,
        position: 'aboveBar',
        shape: 'arrowDown',
        color: win ? EXIT_WIN_COLOR : EXIT_LOSS_COLOR,
        text: withText ? `${trade.exitReason === 'signal' ? '' : `${exitReasonLabel(trade.exitReason)} `}${trade.exitPrice}` : undefined,
      });
    }
  }
  // The markers plugin expects time order; entries and exits of different trades interleave.
  return markers.sort((a, b) => a.time - b.time);
}
