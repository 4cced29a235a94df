import type { BacktestSummary } from '../api/backtests';
import { formatCount } from '../common/format';
import { formatHeadline } from './metricFormat';

/** The figures a reader looks for first, from the backtest's summary (a rotation's has the same ones). */
export function HeadlineStats({ summary }: { summary: Pick<BacktestSummary, 'metrics' | 'trades' | 'finalEquity'> }) {
  const m = summary.metrics;
  const items: [string, string][] = [
    ['Total return', formatHeadline(m.total_return, 'pct')],
    ['Annual return', formatHeadline(m.annual_return, 'pct')],
    ['Sharpe', formatHeadline(m.sharpe_ratio, 'ratio')],
    ['Max drawdown', formatHeadline(m.max_drawdown, 'pct')],
    ['Win rate', formatHeadline(m.win_rate, 'pct')],
    ['Trades', formatCount(summary.trades)],
    ['Final equity', summary.finalEquity],
  ];
  return (
    <dl className="stats card" data-testid="headline-stats">
      {items.map(([label, value]) => (
        <div key={label} className="stat">
          <dt>{label}</dt>
          <dd className="mono">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
