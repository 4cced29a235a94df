import { useReportList } from '../backtests/useBacktests';
import { ErrorNotice } from '../common/ErrorNotice';
import { ReportsTable } from './ReportsTable';

/** Recent strategy reports, or why there are none. */
export function ReportsList() {
  const reports = useReportList();
  if (reports.isPending) return <p className="muted">Loading reports…</p>;
  if (reports.isError) return <ErrorNotice title="Could not load reports" error={reports.error} onRetry={() => reports.refetch()} />;
  if (reports.data.reports.length === 0) {
    return (
      <div className="empty">
        <h2>No strategy reports yet</h2>
        <p>Run the “Strategy development” graph template: it turns an idea into a spec, backtests it and stores a report here.</p>
      </div>
    );
  }
  return <ReportsTable reports={reports.data.reports} />;
}
