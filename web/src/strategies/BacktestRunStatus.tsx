import { useEffect } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { BacktestSummary } from '../api/backtests';
import { ErrorNotice } from '../common/ErrorNotice';
import { formatCount, formatPercent } from '../common/format';
import { ProgressBar } from '../common/ProgressBar';
import { StatusBadge } from '../runs/StatusBadge';
import { useRun } from '../runs/useRuns';

/** The backtest run result is the list of summaries of its jobs; a single backtest has one. */
function backtestIdOf(result: unknown): string | null {
  if (!Array.isArray(result)) return null;
  const first = result[0] as Partial<BacktestSummary> | undefined;
  return typeof first?.backtestId === 'string' ? first.backtestId : null;
}

/**
 * Follows a started backtest: bars done from the worker's heartbeats while it runs, then straight to the report.
 */
export function BacktestRunStatus({ workflowId }: { workflowId: string }) {
  const navigate = useNavigate();
  const run = useRun(workflowId);
  const backtestId = run.data?.status === 'COMPLETED' ? backtestIdOf(run.data.result) : null;

  useEffect(() => {
    if (backtestId) navigate(`/backtests/${encodeURIComponent(backtestId)}`);
  }, [backtestId, navigate]);

  if (run.isError) return <ErrorNotice title="Could not follow the backtest run" error={run.error} onRetry={() => run.refetch()} />;
  const data = run.data;
  const progress = data?.progress ?? null;
  const fraction = progress && progress.total > 0 ? progress.done / progress.total : null;
  const caption = !data
    ? 'Starting…'
    : data.status !== 'RUNNING'
      ? data.status === 'COMPLETED' ? 'Done, opening the report…' : `The run ended ${data.status.toLowerCase()}.`
      : progress && fraction !== null
        ? `Backtesting · ${formatCount(progress.done)} / ${formatCount(progress.total)} bars · ${formatPercent(fraction)}`
        : 'Waiting for the worker to report progress…';

  return (
    <div className="run-status-box" data-testid="backtest-run">
      <div className="run-status-box__head">
        {data && <StatusBadge status={data.status} testId="backtest-run-status" />}
        <Link to={`/runs/${encodeURIComponent(workflowId)}`} className="mono small">{workflowId}</Link>
      </div>
      {data?.status !== 'FAILED' && (
        <ProgressBar fraction={data?.status === 'COMPLETED' ? 1 : fraction} label="Backtest progress" valueText={caption} />
      )}
      <p className="progress__caption" aria-live="polite">{caption}</p>
      {data?.failure && (
        <div className="notice notice--error" role="alert" data-testid="backtest-run-failure">
          <div className="notice__title">Backtest failed</div>
          <div>{data.failure.message}</div>
        </div>
      )}
      {backtestId && <Link to={`/backtests/${encodeURIComponent(backtestId)}`}>Open the report</Link>}
    </div>
  );
}
