import { Link } from 'react-router-dom';
import type { SavedStrategy } from '../api/backtests';
import { formatDateTime } from '../common/format';
import { useDeleteStrategy } from './useStrategies';

export function StrategiesTable({ strategies }: { strategies: SavedStrategy[] }) {
  const remove = useDeleteStrategy();
  const onDelete = (s: SavedStrategy) => {
    if (window.confirm(`Delete “${s.name}”? Its backtests stay.`)) remove.mutate(s.id);
  };
  return (
    <div className="table-wrap">
      <table className="table" data-testid="strategies-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Updated</th>
            <th scope="col"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {strategies.map((s) => (
            <tr key={s.id}>
              <td>
                <Link to={`/strategies/${encodeURIComponent(s.id)}`}>{s.name}</Link>
                {s.description && <div className="muted small">{s.description}</div>}
              </td>
              <td>{s.kind}</td>
              <td className="mono" title={s.updatedAt}>{formatDateTime(s.updatedAt)}</td>
              <td className="right">
                <button
                  type="button"
                  className="button button--small button--ghost"
                  disabled={remove.isPending && remove.variables === s.id}
                  onClick={() => onDelete(s)}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
