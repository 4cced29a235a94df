import { Link } from 'react-router-dom';
import type { BacktestSummary } from '../api/backtests';
import { formatHeadline } from '../backtests/metricFormat';
import { RunRef } from '../backtests/RunRef';
import { ErrorNotice } from '../common/ErrorNotice';
import { formatCount, formatPercent } from '../common/format';
import { ProgressBar } from '../common/ProgressBar';
import { StatusBadge } from '../runs/StatusBadge';
import { useRun } from '../runs/useRuns';

/** The headline figures both kinds of backtest run return. */
type RunOutcome = Pick<BacktestSummary, 'backtestId' | 'trades' | 'metrics'>;

/** A backtest run returns the summaries of its jobs (a single backtest has one); a rotation run returns its own. */
function summaryOf(result: unknown): RunOutcome | null {
  const first = (Array.isArray(result) ? result[0] : result) as Partial<RunOutcome> | null | undefined;
  return typeof first?.backtestId === 'string' ? (first as RunOutcome) : null;
}

function Outcome({ summary }: { summary: RunOutcome }) {
  return (
    <div className="run-status-box__outcome" data-testid="backtest-outcome">
      <span>{formatCount(summary.trades)} trades</span>
      <span>return {formatHeadline(summary.metrics.total_return, 'pct')}</span>
      <span>Sharpe {formatHeadline(summary.metrics.sharpe_ratio, 'ratio')}</span>
      <span>max DD {formatHeadline(summary.metrics.max_drawdown, 'pct')}</span>
      <Link to={`/backtests/${encodeURIComponent(summary.backtestId)}`} className="button button--small button--primary" data-testid="open-report">
        Open the report
      </Link>
    </div>
  );
}

/**
 * Follows a started backtest or rotation: bars done from the worker's heartbeats while it runs, then its headline
 * figures and a link to the report. The form stays open, so the next edit and run are one step away.
 */
export function BacktestRunStatus({ workflowId }: { workflowId: string }) {
  const run = useRun(workflowId);
  const summary = run.data?.status === 'COMPLETED' ? summaryOf(run.data.result) : null;

  if (run.isError) return <ErrorNotice title="Could not follow the backtest run" error={run.error} onRetry={() => run.refetch()} />;
  const data = run.data;
  const progress = data?.progress ?? null;
  const fraction = progress && progress.total > 0 ? progress.done / progress.total : null;
  const caption = !data
    ? 'Starting…'
    : data.status !== 'RUNNING'
      ? data.status === 'COMPLETED' ? 'Done.' : `The run ended ${data.status.toLowerCase()}.`
      : progress && fraction !== null
        ? `Backtesting · ${formatCount(progress.done)} / ${formatCount(progress.total)} bars · ${formatPercent(fraction)}`
        : 'Waiting for the worker to report progress…';

  return (
    <div className="run-status-box" data-testid="backtest-run">
      <div className="run-status-box__head">
        {data && <StatusBadge status={data.status} testId="backtest-run-status" />}
        <span className="small"><RunRef workflowId={workflowId} /></span>
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
      {summary && <Outcome summary={summary} />}
    </div>
  );
}
