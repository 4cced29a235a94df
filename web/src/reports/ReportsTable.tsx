import { Link } from 'react-router-dom';
import type { ReportListItem } from '../api/backtests';
import { formatDateTime } from '../common/format';

export function ReportsTable({ reports }: { reports: ReportListItem[] }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="reports-table">
        <thead>
          <tr>
            <th scope="col">Report</th>
            <th scope="col">Backtest</th>
            <th scope="col">Ranking</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {reports.map((r) => (
            <tr key={r.id}>
              <td><Link to={`/reports/${encodeURIComponent(r.id)}`}>{r.title}</Link></td>
              <td>{r.backtestId ? <Link to={`/backtests/${encodeURIComponent(r.backtestId)}`} className="mono">{r.backtestId.slice(0, 8)}</Link> : '—'}</td>
              <td>{r.batchId ? <Link to={`/batches/${encodeURIComponent(r.batchId)}`} className="mono">{r.batchId.slice(0, 8)}</Link> : '—'}</td>
              <td className="mono" title={r.createdAt}>{formatDateTime(r.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
