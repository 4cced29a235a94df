import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../api/client';
import type { RunDetail } from '../api/types';
import { elapsedSince, formatDateTime, formatDuration } from '../common/format';
import { ErrorNotice } from '../common/ErrorNotice';
import { GraphRunPanel } from './GraphRunPanel';
import { BacktestRunResult, isBacktestRunOutput } from '../backtests/BacktestRunResult';
import { ImportStatsCard } from './ImportStatsCard';
import { RunFailurePanel } from './RunFailurePanel';
import { RunProgressPanel } from './RunProgressPanel';
import { StatusBadge } from './StatusBadge';
import { TemporalLink } from './TemporalLink';
import { useRun } from './useRuns';

const CLOSED_WITHOUT_RESULT: Partial<Record<RunDetail['status'], string>> = {
  CANCELLED: 'This run was cancelled.',
  TERMINATED: 'This run was terminated.',
  TIMED_OUT: 'This run timed out.',
  CONTINUED_AS_NEW: 'This run continued as a new run; open it in Temporal UI to follow it.',
  UNKNOWN: 'Temporal reported an unknown status for this run.',
};

function RunHeader({ run }: { run: RunDetail }) {
  const duration = run.durationMs ?? (run.status === 'RUNNING' ? elapsedSince(run.startTime) : null);
  return (
    <header className="run-header">
      <div className="run-header__title">
        <h1 className="mono break">{run.workflowId}</h1>
        <StatusBadge status={run.status} testId="run-status" />
        <TemporalLink href={run.temporalUiUrl} className="button button--small" />
      </div>
      <dl className="meta">
        <div><dt>Type</dt><dd>{run.type}</dd></div>
        <div><dt>Run ID</dt><dd className="mono">{run.runId}</dd></div>
        <div><dt>Started</dt><dd className="mono" title={run.startTime}>{formatDateTime(run.startTime)}</dd></div>
        <div><dt>Ended</dt><dd className="mono" title={run.closeTime ?? undefined}>{formatDateTime(run.closeTime)}</dd></div>
        <div><dt>Duration</dt><dd>{formatDuration(duration)}</dd></div>
      </dl>
    </header>
  );
}

function RunBody({ run }: { run: RunDetail }) {
  if (run.graph) {
    return (
      <>
        <GraphRunPanel run={{ ...run, graph: run.graph }} />
        {run.failure && <RunFailurePanel failure={run.failure} />}
      </>
    );
  }
  if (run.status === 'RUNNING') return <RunProgressPanel progress={run.progress} />;
  if (run.status === 'COMPLETED' && isBacktestRunOutput(run.result)) return <BacktestRunResult result={run.result} />;
  return (
    <>
      {run.status === 'COMPLETED' &&
        (run.result ? <ImportStatsCard stats={run.result} /> : <p className="muted">Completed without a result.</p>)}
      {run.failure && <RunFailurePanel failure={run.failure} />}
      {!run.failure && CLOSED_WITHOUT_RESULT[run.status] && (
        <div className="notice notice--warn">{CLOSED_WITHOUT_RESULT[run.status]}</div>
      )}
    </>
  );
}

function RunInput({ input }: { input: unknown }) {
  if (input === null || input === undefined) return null;
  return (
    <details className="card">
      <summary className="card__title">Input</summary>
      <pre className="code">{JSON.stringify(input, null, 2)}</pre>
    </details>
  );
}

function RunNotFound({ workflowId }: { workflowId: string }) {
  return (
    <div className="empty">
      <h1>Run not found</h1>
      <p>No workflow with ID <code>{workflowId}</code>.</p>
    </div>
  );
}

export function RunDetailPage() {
  const { workflowId = '' } = useParams();
  const runQuery = useRun(workflowId);
  const run = runQuery.data;

  let content;
  if (run) {
    content = (
      <>
        <RunHeader run={run} />
        {runQuery.isRefetchError && (
          <div className="notice notice--warn">Refresh failed ({runQuery.error.message}); retrying.</div>
        )}
        <RunBody run={run} />
        <RunInput input={run.input} />
      </>
    );
  } else if (runQuery.isError) {
    content = isApiError(runQuery.error, 404) ? (
      <RunNotFound workflowId={workflowId} />
    ) : (
      <ErrorNotice title="Could not load run" error={runQuery.error} onRetry={() => runQuery.refetch()} />
    );
  } else {
    content = <p className="muted">Loading run…</p>;
  }

  return (
    <section className="run">
      <Link to="/runs" className="back-link">← Runs</Link>
      {content}
    </section>
  );
}
