import { Link } from 'react-router-dom';
import { ErrorNotice } from '../common/ErrorNotice';
import { RunsTable } from './RunsTable';
import { flattenRuns, useRunsList } from './useRuns';

function EmptyRuns() {
  return (
    <section className="empty">
      <h2>No runs yet</h2>
      <p>
        Workflows show up here once started. <Link to="/import">Import market data</Link> to start one.
      </p>
    </section>
  );
}

export function RunsPage() {
  const runsQuery = useRunsList();
  const runs = flattenRuns(runsQuery.data);

  return (
    <section>
      <div className="page__header">
        <h1>Runs</h1>
        <div className="page__actions">
          <span className="muted small" aria-live="polite">
            {runsQuery.isFetching ? 'Refreshing…' : runs.length > 0 ? `${runs.length} shown` : ''}
          </span>
          <Link to="/import" className="button button--primary">New import</Link>
        </div>
      </div>

      {runsQuery.isPending ? (
        <p className="muted">Loading runs…</p>
      ) : runsQuery.isError && !runsQuery.data ? (
        <ErrorNotice title="Could not load runs" error={runsQuery.error} onRetry={() => runsQuery.refetch()} />
      ) : runs.length === 0 ? (
        <EmptyRuns />
      ) : (
        <>
          {runsQuery.isRefetchError && (
            <div className="notice notice--warn">Refresh failed ({runsQuery.error?.message}); showing the last data.</div>
          )}
          <RunsTable runs={runs} />
          {runsQuery.hasNextPage && (
            <div className="load-more">
              <button
                type="button"
                className="button"
                onClick={() => runsQuery.fetchNextPage()}
                disabled={runsQuery.isFetchingNextPage}
              >
                {runsQuery.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            </div>
          )}
          {runsQuery.isFetchNextPageError && (
            <ErrorNotice title="Could not load more runs" error={runsQuery.error} />
          )}
        </>
      )}
    </section>
  );
}
