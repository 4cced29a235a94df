import { Link } from 'react-router-dom';
import { ErrorNotice } from '../common/ErrorNotice';
import { ReportsList } from '../reports/ReportsList';
import { BacktestsTable } from './BacktestsTable';
import { useBacktestList } from './useBacktests';

function RecentBacktests() {
  const list = useBacktestList();
  if (list.isPending) return <p className="muted">Loading backtests…</p>;
  if (list.isError) return <ErrorNotice title="Could not load backtests" error={list.error} onRetry={() => list.refetch()} />;
  if (list.data.backtests.length === 0) {
    return (
      <div className="empty">
        <h2>No backtests yet</h2>
        <p>Open a strategy in the <Link to="/strategies">workspace</Link> and run a backtest on an imported symbol.</p>
      </div>
    );
  }
  return <BacktestsTable backtests={list.data.backtests} />;
}

export function BacktestsPage() {
  return (
    <section>
      <div className="page__header">
        <h1>Backtests</h1>
        <div className="page__actions">
          <Link to="/strategies" className="button button--primary">Strategies</Link>
        </div>
      </div>
      <RecentBacktests />
      <h2 className="section-title">Strategy reports</h2>
      <ReportsList />
    </section>
  );
}
