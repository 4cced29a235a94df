import { ReportsList } from './ReportsList';

export function ReportsPage() {
  return (
    <section>
      <div className="page__header"><h1>Strategy reports</h1></div>
      <ReportsList />
    </section>
  );
}
