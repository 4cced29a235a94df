import { Link } from 'react-router-dom';
import type { GraphSummary } from '../api/graphTypes';
import { formatDateTime } from '../common/format';
import { useDeleteGraph } from './useGraphs';

export function GraphsTable({ graphs }: { graphs: GraphSummary[] }) {
  const remove = useDeleteGraph();
  const onDelete = (graph: GraphSummary) => {
    if (window.confirm(`Delete “${graph.name}”? Its runs stay in Temporal.`)) remove.mutate(graph.id);
  };
  return (
    <div className="table-wrap">
      <table className="table" data-testid="graphs-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" className="num">Version</th>
            <th scope="col">Updated</th>
            <th scope="col"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {graphs.map((graph) => (
            <tr key={graph.id}>
              <td>
                <Link to={`/graphs/${encodeURIComponent(graph.id)}`}>{graph.name}</Link>
                {graph.description && <div className="muted small">{graph.description}</div>}
              </td>
              <td className="num">v{graph.currentVersion}</td>
              <td className="mono" title={graph.updatedAt}>{formatDateTime(graph.updatedAt)}</td>
              <td className="right">
                <button
                  type="button"
                  className="button button--small button--ghost"
                  disabled={remove.isPending && remove.variables === graph.id}
                  onClick={() => onDelete(graph)}
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
