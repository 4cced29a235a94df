import type { RunStatus } from '../api/types';

const TONE: Partial<Record<RunStatus, string>> = {
  RUNNING: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
};

export function StatusBadge({ status, testId }: { status: RunStatus; testId?: string }) {
  return (
    <span className={`badge badge--${TONE[status] ?? 'other'}`} data-testid={testId}>
      {status}
    </span>
  );
}
