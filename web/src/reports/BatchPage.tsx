import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../api/client';
import { RunRef } from '../backtests/RunRef';
import { useBatch } from '../backtests/useBacktests';
import { ErrorNotice } from '../common/ErrorNotice';
import { formatDateTime } from '../common/format';
import { RankingTable } from './RankingTable';

export function BatchPage() {
  const { id = '' } = useParams();
  const batch = useBatch(id);
  return (
    <section>
      <Link to="/backtests" className="back-link">← Backtests</Link>
      {batch.isPending ? (
        <p className="muted">Loading ranking…</p>
      ) : batch.isError ? (
        isApiError(batch.error, 404) ? (
          <div className="empty"><h1>Ranking not found</h1><p>No backtest batch <code>{id}</code>.</p></div>
        ) : (
          <ErrorNotice title="Could not load the ranking" error={batch.error} onRetry={() => batch.refetch()} />
        )
      ) : (
        <>
          <div className="page__header">
            <h1>Ranking</h1>
            <span className="muted">
              {formatDateTime(batch.data.createdAt)} · run{' '}
              <RunRef workflowId={batch.data.workflowId} />
            </span>
          </div>
          <RankingTable batch={batch.data} />
        </>
      )}
    </section>
  );
}
