import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { BacktestBatch } from '../api/backtests';
import { ExportCsvButton } from './ExportCsvButton';
import { RANKING_COLUMNS, sortRows, type SortDirection } from './rankingColumns';

const RANK_LABELS: Record<string, string> = {
  sharpe_ratio: 'Sharpe ratio',
  sortino_ratio: 'Sortino ratio',
  total_return: 'total return',
  annual_return: 'annual return',
  calmar_ratio: 'Calmar ratio',
  max_drawdown: 'max drawdown',
  profit_factor: 'profit factor',
  win_rate: 'win rate',
};

/** A ranking of backtests, sortable by any column; each row links to its backtest report. */
export function RankingTable({ batch }: { batch: BacktestBatch }) {
  const [sort, setSort] = useState<{ column: string; direction: SortDirection }>({ column: 'rank', direction: 'asc' });
  const column = RANKING_COLUMNS.find((c) => c.id === sort.column) ?? RANKING_COLUMNS[0]!;
  const rows = useMemo(() => sortRows(batch.rows, column, sort.direction), [batch.rows, column, sort.direction]);
  const showSettings = batch.rows.some((r) => r.overrides && Object.keys(r.overrides).length > 0);
  const columns = RANKING_COLUMNS.filter((c) => c.id !== 'settings' || showSettings);

  const onSort = (id: string) =>
    setSort((s) => ({ column: id, direction: s.column === id && s.direction === 'desc' ? 'asc' : s.column === id ? 'desc' : defaultDirection(id) }));

  return (
    <section className="card" data-testid={`ranking-${batch.kind}`}>
      <div className="card__header">
        <h2 className="card__title">
          {batch.kind === 'search' ? 'Parameter search' : 'Validation on symbols'} · ranked by {RANK_LABELS[batch.rankBy] ?? batch.rankBy}
          <span className="muted"> · {batch.rows.length} backtests</span>
        </h2>
        <ExportCsvButton batchId={batch.id} />
      </div>
      <div className="table-wrap">
        <table className="table table--compact" data-testid={`ranking-table-${batch.kind}`}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th
                  key={c.id}
                  scope="col"
                  className={c.numeric ? 'num' : undefined}
                  aria-sort={sort.column === c.id ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" className="sort-button" onClick={() => onSort(c.id)} data-testid={`sort-${c.id}`}>
                    {c.label}
                    <span aria-hidden="true">{sort.column === c.id ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                  </button>
                </th>
              ))}
              <th scope="col"><span className="visually-hidden">Report</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.backtestId}>
                {columns.map((c) => (
                  <td key={c.id} className={c.numeric ? 'num mono' : undefined}>{c.render(row)}</td>
                ))}
                <td className="right">
                  <Link to={`/backtests/${encodeURIComponent(row.backtestId)}`}>Report</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Text columns and the rank read best ascending; figures best-first. */
function defaultDirection(id: string): SortDirection {
  return id === 'rank' || id === 'symbol' || id === 'settings' ? 'asc' : 'desc';
}
