import type { RankedRow } from '../api/backtests';
import { formatCount } from '../common/format';
import { formatHeadline } from '../backtests/metricFormat';

export interface RankingColumn {
  id: string;
  label: string;
  numeric: boolean;
  /** The value sorted on; null sorts last whichever the direction. */
  sortValue: (row: RankedRow) => number | string | null;
  render: (row: RankedRow) => string;
}

const metric = (id: string, label: string, unit: 'pct' | 'ratio'): RankingColumn => ({
  id,
  label,
  numeric: true,
  sortValue: (r) => r.metrics[id] ?? null,
  render: (r) => formatHeadline(r.metrics[id], unit),
});

function settingsOf(row: RankedRow): string {
  const entries = Object.entries(row.overrides ?? {});
  return entries.length ? entries.map(([k, v]) => `${k}=${String(v)}`).join(', ') : '';
}

export const RANKING_COLUMNS: RankingColumn[] = [
  { id: 'rank', label: 'Rank', numeric: true, sortValue: (r) => r.rank, render: (r) => String(r.rank) },
  { id: 'symbol', label: 'Symbol', numeric: false, sortValue: (r) => r.symbol, render: (r) => r.symbol },
  { id: 'settings', label: 'Settings', numeric: false, sortValue: settingsOf, render: settingsOf },
  { id: 'trades', label: 'Trades', numeric: true, sortValue: (r) => r.trades, render: (r) => formatCount(r.trades) },
  // Decimal strings compare as numbers here: sorting needs only order, the cell still shows the exact string.
  { id: 'finalEquity', label: 'Final equity', numeric: true, sortValue: (r) => Number(r.finalEquity), render: (r) => r.finalEquity },
  metric('total_return', 'Total return', 'pct'),
  metric('annual_return', 'Annual return', 'pct'),
  metric('sharpe_ratio', 'Sharpe', 'ratio'),
  metric('sortino_ratio', 'Sortino', 'ratio'),
  metric('calmar_ratio', 'Calmar', 'ratio'),
  metric('max_drawdown', 'Max DD', 'pct'),
  metric('win_rate', 'Win rate', 'pct'),
  metric('profit_factor', 'Profit factor', 'ratio'),
];

export type SortDirection = 'asc' | 'desc';

export function sortRows(rows: RankedRow[], column: RankingColumn, direction: SortDirection): RankedRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = column.sortValue(a);
    const y = column.sortValue(b);
    if (x === y) return a.rank - b.rank;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * sign;
  });
}
