import { Link, useParams } from 'react-router-dom';
import { BacktestReport } from './BacktestReport';

export function BacktestReportPage() {
  const { id = '' } = useParams();
  return (
    <section>
      <Link to="/backtests" className="back-link">← Backtests</Link>
      <BacktestReport id={id} />
    </section>
  );
}
