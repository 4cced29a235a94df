import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { listGraphRuns } from '../../api/graphs';
import { queryKeys } from '../../api/queryKeys';
import { ErrorNotice } from '../../common/ErrorNotice';
import { elapsedSince, formatDateTime, formatDuration } from '../../common/format';
import { StatusBadge } from '../../runs/StatusBadge';
import { useDesigner } from '../store';
import { Drawer } from '../Drawer';

const PAGE_SIZE = 20;
const POLL_MS = 2_000;

interface GraphRunsDrawerProps {
  graphId: string;
  onClose: () => void;
}

/** This graph's newest runs; picking one opens it on the canvas (`?run=<workflowId>`, as from its run page). */
export function GraphRunsDrawer({ graphId, onClose }: GraphRunsDrawerProps) {
  const runs = useQuery({
    queryKey: queryKeys.graphs.runs(graphId),
    queryFn: ({ signal }) => listGraphRuns(graphId, signal, { pageSize: PAGE_SIZE }),
    // Poll only while something is still running.
    refetchInterval: (query) => (query.state.data?.runs.some((r) => r.status === 'RUNNING') ? POLL_MS : false),
  });
  const shown = useDesigner((s) => s.run?.workflowId ?? null);
  // A run started or finished on the canvas changes the list: read it again.
  const overlayKey = useDesigner((s) => (s.run ? `${s.run.workflowId}:${s.run.ended}:${s.run.summary?.status ?? ''}` : ''));
  const { refetch } = runs;
  useEffect(() => {
    if (overlayKey) void refetch();
  }, [overlayKey, refetch]);

  const list = runs.data?.runs ?? [];
  const prefix = `graph-${graphId}-`;

  return (
    <Drawer title="Runs" label="Runs of this graph" testId="graph-runs-drawer" onClose={onClose}>
      {runs.isPending && <p className="muted">Loading…</p>}
      {runs.isError && <ErrorNotice title="Could not load the runs" error={runs.error} onRetry={() => runs.refetch()} />}
      {runs.isSuccess && list.length === 0 && <p className="muted">No runs yet. ▶ Run starts one.</p>}
      {list.length > 0 && (
        <>
          <p className="hint">Newest first{list.length === PAGE_SIZE ? ` (the last ${PAGE_SIZE})` : ''}. Pick one to show it on the canvas.</p>
          <ol className="graph-runs__list">
            {list.map((run) => {
              const current = run.workflowId === shown;
              const duration = run.durationMs ?? (run.status === 'RUNNING' ? elapsedSince(run.startTime) : null);
              return (
                <li key={`${run.workflowId}/${run.runId}`}>
                  <Link
                    to={{ search: `?run=${encodeURIComponent(run.workflowId)}` }}
                    replace
                    className={`graph-runs__item${current ? ' graph-runs__item--current' : ''}`}
                    aria-current={current ? 'true' : undefined}
                    data-testid={`graph-run-${run.workflowId}`}
                    title={run.workflowId}
                  >
                    <StatusBadge status={run.status} />
                    <span className="graph-runs__time mono" title={run.startTime}>{formatDateTime(run.startTime)}</span>
                    <span className="graph-runs__duration muted small">{formatDuration(duration)}</span>
                    <span className="graph-runs__id mono small">
                      {run.workflowId.startsWith(prefix) ? run.workflowId.slice(prefix.length) : run.workflowId}
                    </span>
                  </Link>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </Drawer>
  );
}
