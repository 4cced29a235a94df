import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { diffVersions, listVersions, restoreVersion } from '../../api/graphs';
import type { GraphDetail } from '../../api/graphTypes';
import { queryKeys } from '../../api/queryKeys';
import { ErrorNotice } from '../../common/ErrorNotice';
import { formatDateTime } from '../../common/format';
import { normalizeGraph } from '../graphModel';
import { useDesignerStore } from '../store';
import { VersionDiff } from './VersionDiff';
import { Drawer } from '../Drawer';

interface VersionsDrawerProps {
  graphId: string;
  currentVersion: number;
  onClose: () => void;
}

export function VersionsDrawer({ graphId, currentVersion, onClose }: VersionsDrawerProps) {
  const store = useDesignerStore();
  const queryClient = useQueryClient();
  const versions = useQuery({
    queryKey: queryKeys.graphs.versions(graphId),
    queryFn: ({ signal }) => listVersions(graphId, signal),
  });
  const [from, setFrom] = useState(Math.max(1, currentVersion - 1));
  const [to, setTo] = useState(currentVersion);
  const diff = useQuery({
    queryKey: queryKeys.graphs.diff(graphId, from, to),
    queryFn: ({ signal }) => diffVersions(graphId, from, to, signal),
    enabled: from !== to,
    staleTime: Infinity, // versions are immutable
  });

  const restore = useMutation({
    mutationFn: (number: number) => restoreVersion(graphId, number),
    onSuccess: (detail) => {
      // Undoable, so edits made before the restore are one Ctrl+Z away.
      store.dispatch({ type: 'load', graph: normalizeGraph(detail.graph), undoable: true });
      queryClient.setQueryData<GraphDetail>(queryKeys.graphs.detail(graphId), detail);
      void queryClient.invalidateQueries({ queryKey: queryKeys.graphs.versions(graphId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.graphs.list() });
    },
  });

  const list = [...(versions.data?.versions ?? [])].sort((a, b) => b.number - a.number);
  const numbers = list.map((v) => v.number).reverse();

  return (
    <Drawer title="Versions" label="Versions" testId="versions-drawer" onClose={onClose}>
      {versions.isPending && <p className="muted">Loading…</p>}
      {versions.isError && <ErrorNotice title="Could not load versions" error={versions.error} onRetry={() => versions.refetch()} />}
      {restore.isError && <ErrorNotice title="Could not restore" error={restore.error} />}
      <ol className="versions__list">
        {list.map((version) => (
          <li key={version.number} className="versions__item">
            <div>
              <strong>v{version.number}</strong>
              {version.number === currentVersion && <span className="badge badge--completed">current</span>}
              <div className="muted small">{formatDateTime(version.createdAt)} · <span className="mono">{version.hash.slice(0, 8)}</span></div>
              {version.message && <div className="small">{version.message}</div>}
            </div>
            {version.number !== currentVersion && (
              <button
                type="button"
                className="button button--small"
                data-testid={`restore-version-${version.number}`}
                disabled={restore.isPending}
                onClick={() => restore.mutate(version.number)}
              >
                Restore
              </button>
            )}
          </li>
        ))}
      </ol>
      {numbers.length > 1 && (
        <section className="versions__compare">
          <h3>Compare</h3>
          <div className="versions__pickers">
            <label>
              from
              <select value={from} onChange={(e) => setFrom(Number(e.target.value))} data-testid="diff-from">
                {numbers.map((n) => <option key={n} value={n}>v{n}</option>)}
              </select>
            </label>
            <label>
              to
              <select value={to} onChange={(e) => setTo(Number(e.target.value))} data-testid="diff-to">
                {numbers.map((n) => <option key={n} value={n}>v{n}</option>)}
              </select>
            </label>
          </div>
          {from === to && <p className="muted small">Pick two different versions.</p>}
          {diff.isError && <ErrorNotice title="Could not compare" error={diff.error} />}
          {diff.data && from !== to && <VersionDiff diff={diff.data} />}
        </section>
      )}
    </Drawer>
  );
}
