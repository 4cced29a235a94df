import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../api/client';
import type { ReportDetail } from '../api/backtests';
import { BacktestReport } from '../backtests/BacktestReport';
import { RunRef } from '../backtests/RunRef';
import { useReport } from '../backtests/useBacktests';
import { ErrorNotice } from '../common/ErrorNotice';
import { formatDateTime } from '../common/format';
import { GenerationPanel } from './GenerationPanel';
import { RankingTable } from './RankingTable';

function ReportBody({ report }: { report: ReportDetail }) {
  return (
    <>
      <div className="page__header">
        <h1 data-testid="report-title">{report.title}</h1>
        <span className="muted">
          {formatDateTime(report.createdAt)} · run{' '}
          <RunRef workflowId={report.workflowId} />
        </span>
      </div>
      <GenerationPanel prompt={report.content.prompt} generation={report.content.generation} />
      <h2 className="section-title">Backtest</h2>
      {report.backtestId ? <BacktestReport id={report.backtestId} /> : <p className="muted">No backtest is attached.</p>}
      <h2 className="section-title">Validation</h2>
      {report.batch ? <RankingTable batch={report.batch} /> : <p className="muted">The strategy was not validated on other symbols.</p>}
      <h2 className="section-title">Parameter search</h2>
      {report.searchBatch ? <RankingTable batch={report.searchBatch} /> : <p className="muted">No settings were searched.</p>}
    </>
  );
}

/** A strategy-development run's report: the idea, the spec and how it was made, its backtest and its ranking. */
export function ReportPage() {
  const { id = '' } = useParams();
  const report = useReport(id);
  return (
    <section>
      <Link to="/reports" className="back-link">← Reports</Link>
      {report.isPending ? (
        <p className="muted">Loading report…</p>
      ) : report.isError ? (
        isApiError(report.error, 404) ? (
          <div className="empty"><h1>Report not found</h1><p>No report <code>{id}</code>.</p></div>
        ) : (
          <ErrorNotice title="Could not load the report" error={report.error} onRetry={() => report.refetch()} />
        )
      ) : (
        <ReportBody report={report.data} />
      )}
    </section>
  );
}
