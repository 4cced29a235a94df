import { Link } from 'react-router-dom';
import type { RunSummary } from '../api/types';
import { elapsedSince, formatDateTime, formatDuration } from '../common/format';
import { StatusBadge } from './StatusBadge';
import { TemporalLink } from './TemporalLink';

function RunDuration({ run }: { run: RunSummary }) {
  if (run.durationMs !== null) return <>{formatDuration(run.durationMs)}</>;
  if (run.status === 'RUNNING') {
    // Re-rendered on every 2 s poll, which is fine-grained enough for a list.
    return <span className="muted" title="Elapsed so far">{formatDuration(elapsedSince(run.startTime))}</span>;
  }
  return <>—</>;
}

export function RunsTable({ runs }: { runs: RunSummary[] }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="runs-table">
        <thead>
          <tr>
            <th scope="col">Workflow ID</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Ended</th>
            <th scope="col" className="num">Duration</th>
            <th scope="col"><span className="visually-hidden">Links</span></th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={`${run.workflowId}/${run.runId}`}>
              <td className="mono">
                <Link to={`/runs/${encodeURIComponent(run.workflowId)}`}>{run.workflowId}</Link>
              </td>
              <td>{run.type}</td>
              <td><StatusBadge status={run.status} /></td>
              <td className="mono" title={run.startTime}>{formatDateTime(run.startTime)}</td>
              <td className="mono" title={run.closeTime ?? undefined}>{formatDateTime(run.closeTime)}</td>
              <td className="num"><RunDuration run={run} /></td>
              <td className="right"><TemporalLink href={run.temporalUiUrl} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
