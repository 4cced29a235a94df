import type { BarRow } from '../api/backtests';
import type { ChartTime, TradeEvent } from './chartData';

export interface HoverPoint {
  time: ChartTime;
  bar: BarRow | null;
  equity: number | null;
  drawdown: number | null;
  events: TradeEvent[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Chart times are already shifted to the market clock, so they are read back as UTC. */
function formatChartTime(time: ChartTime, intraday: boolean): string {
  const d = new Date(time * 1000);
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return intraday ? `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : day;
}

/** What is under the crosshair: the bar's exact prices, equity, drawdown and any fills at that bar. */
export function ChartTooltip({ point, intraday }: { point: HoverPoint | null; intraday: boolean }) {
  if (!point) {
    return <div className="bt-chart__tooltip muted">Hover the chart for prices and fills; ▲ entry, ▼ exit.</div>;
  }
  const [, open, high, low, close] = point.bar ?? [];
  return (
    <div className="bt-chart__tooltip" data-testid="chart-tooltip">
      <span className="mono">{formatChartTime(point.time, intraday)}</span>
      {point.bar && (
        <span className="mono">O {open} H {high} L {low} C {close}</span>
      )}
      {point.equity !== null && <span className="mono">Equity {point.equity.toFixed(2)}</span>}
      {point.drawdown !== null && <span className="mono">DD {(point.drawdown * 100).toFixed(2)}%</span>}
      {point.events.map((e) => (
        <span key={`${e.kind}-${e.trade.id}`} className={`bt-chart__event bt-chart__event--${e.kind}`}>
          {e.kind === 'entry' ? '▲' : '▼'} #{e.trade.id} {e.label}
        </span>
      ))}
    </div>
  );
}
