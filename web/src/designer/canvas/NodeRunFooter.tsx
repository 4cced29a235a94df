import { useEffect, useState } from 'react';
import type { NodeRunState } from '../../api/graphTypes';
import { elapsedSince, formatDuration } from '../../common/format';

/** Re-renders once a second while `active`: events only arrive on changes, but elapsed time keeps moving. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

export function NodeRunFooter({ nodeId, state }: { nodeId: string; state: NodeRunState }) {
  const inProgress = (state.status === 'running' || state.status === 'waiting') && !!state.startedAt && state.durationMs === null;
  const now = useNow(inProgress);
  const duration = inProgress ? elapsedSince(state.startedAt!, now) : state.durationMs;
  return (
    <footer className="flow-node__run">
      <span className={`run-status run-status--${state.status}`} data-testid={`node-status-${nodeId}`}>
        {state.status}
      </span>
      {state.attempts > 1 && <span title="Attempts">×{state.attempts}</span>}
      {duration !== null && <span className="flow-node__duration">{formatDuration(duration)}</span>}
    </footer>
  );
}
