import { Link } from 'react-router-dom';
import type { RunDetail } from '../api/types';
import { formatDuration } from '../common/format';

const TONES = new Set(['running', 'completed', 'failed']);

// Outputs that name a page of this app (a report, a backtest) become links, e.g. the strategy template's `report`.
const APP_PAGE = /^\/(reports|backtests|batches)\/[0-9a-f-]{36}$/;

function PageLinks({ outputs }: { outputs: Record<string, unknown> }) {
  const links = Object.entries(outputs).filter((e): e is [string, string] => typeof e[1] === 'string' && APP_PAGE.test(e[1]));
  if (links.length === 0) return null;
  return (
    <p className="run-links">
      {links.map(([name, to]) => (
        <Link key={name} className="button" to={to}>Open {name}</Link>
      ))}
    </p>
  );
}

/** A graph run on the runs page: where it came from, its outputs, and every node's status (refreshed while running). */
export function GraphRunPanel({ run }: { run: RunDetail & { graph: NonNullable<RunDetail['graph']> } }) {
  const outputs = (run.result as { outputs?: Record<string, unknown> } | null)?.outputs;
  return (
    <section className="card" data-testid="graph-run">
      <h2 className="card__title">
        Graph run · version {run.graph.version} · <Link to={`/graphs/${run.graph.graphId}?run=${encodeURIComponent(run.workflowId)}`}>open on the canvas</Link>
      </h2>
      {outputs && <PageLinks outputs={outputs} />}
      {outputs && Object.keys(outputs).length > 0 && <pre className="code">{JSON.stringify(outputs, null, 2)}</pre>}
      <div className="table-wrap">
      <table className="table">
        <thead>
          <tr><th>Node</th><th>Type</th><th>Status</th><th>Attempts</th><th>Duration</th><th>Error</th></tr>
        </thead>
        <tbody>
          {(run.nodes ?? []).map((n) => (
            <tr key={n.nodeId}>
              <td className="mono">{n.nodeId}</td>
              <td className="mono">{n.type}</td>
              <td><span className={`badge badge--${TONES.has(n.status) ? n.status : 'other'}`}>{n.status}</span></td>
              <td>{n.attempts}</td>
              <td>{formatDuration(n.durationMs)}</td>
              <td>{n.error?.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </section>
  );
}
