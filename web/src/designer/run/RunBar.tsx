import { useMutation } from '@tanstack/react-query';
import { cancelRun } from '../../api/graphs';
import { ErrorNotice } from '../../common/ErrorNotice';
import { StatusBadge } from '../../runs/StatusBadge';
import { TemporalLink } from '../../runs/TemporalLink';
import { useDesigner, useDesignerStore, type RunOverlay } from '../store';

function RunBarContent({ run }: { run: RunOverlay }) {
  const store = useDesignerStore();
  const cancel = useMutation({ mutationFn: () => cancelRun(run.workflowId) });
  const status = run.summary?.status ?? 'RUNNING';
  const active = !run.ended && status === 'RUNNING';
  return (
    <div className="run-bar" data-testid="run-bar">
      <StatusBadge status={status} testId="graph-run-status" />
      <span className="mono small break">{run.workflowId}</span>
      <span className="muted small">version {run.version}</span>
      <TemporalLink href={run.temporalUiUrl} className="button button--small" />
      <div className="run-bar__actions">
        {active ? (
          <button
            type="button"
            className="button button--small"
            data-testid="cancel-run"
            disabled={cancel.isPending || cancel.isSuccess}
            onClick={() => cancel.mutate()}
          >
            {cancel.isPending || cancel.isSuccess ? 'Cancelling…' : 'Cancel run'}
          </button>
        ) : (
          <button type="button" className="button button--small button--ghost" onClick={() => store.dispatch({ type: 'runCleared' })}>
            Hide run
          </button>
        )}
      </div>
      {cancel.isError && <ErrorNotice title="Could not cancel" error={cancel.error} />}
    </div>
  );
}

/** The run on the canvas: its status, where to follow it, and how to stop it or put it away. */
export function RunBar() {
  const run = useDesigner((s) => s.run);
  // Keyed by run: a new run must not inherit the previous one's "Cancelling…".
  return run ? <RunBarContent key={run.workflowId} run={run} /> : null;
}
