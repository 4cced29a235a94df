import { Link } from 'react-router-dom';
import type { BacktestSummary, RotationSummary } from '../api/backtests';
import { formatCount } from '../common/format';
import { formatHeadline } from './metricFormat';

/**
 * What the backtest workflows return: summaries (backtestJobs), one rotation's summary (backtestRotation) or a stored
 * ranking (backtestValidate/Search).
 */
export type BacktestRunOutput =
  | BacktestSummary[]
  | RotationSummary
  | { batchId: string; kind: string; count: number; best: BacktestSummary | null };

const hasBacktestId = (r: unknown) => typeof (r as { backtestId?: unknown } | null)?.backtestId === 'string';

export function isBacktestRunOutput(result: unknown): result is BacktestRunOutput {
  if (Array.isArray(result)) return result.length > 0 && result.every(hasBacktestId);
  if (!result || typeof result !== 'object') return false;
  return typeof (result as { batchId?: unknown }).batchId === 'string' || (hasBacktestId(result) && Array.isArray((result as { symbols?: unknown }).symbols));
}

function SummaryRow({ s }: { s: BacktestSummary }) {
  return (
    <tr>
      <td><Link to={`/backtests/${encodeURIComponent(s.backtestId)}`}>{s.strategy}</Link></td>
      <td className="mono">{s.symbol}</td>
      <td className="num">{formatCount(s.trades)}</td>
      <td className="num mono">{formatHeadline(s.metrics.total_return, 'pct')}</td>
      <td className="num mono">{formatHeadline(s.metrics.sharpe_ratio, 'ratio')}</td>
    </tr>
  );
}

/** A completed backtest run on the run page: links to its reports or its ranking. */
export function BacktestRunResult({ result }: { result: BacktestRunOutput }) {
  if (!Array.isArray(result) && 'backtestId' in result) {
    return (
      <section className="card" data-testid="backtest-run-result">
        <h2 className="card__title">Momentum rotation</h2>
        <p>
          {result.symbols.length} symbols, {formatCount(result.rebalances)} rebalances, {formatCount(result.trades)} trades, total
          return {formatHeadline(result.metrics.total_return, 'pct')}.{' '}
          <Link to={`/backtests/${encodeURIComponent(result.backtestId)}`}>Open the report</Link>
        </p>
      </section>
    );
  }
  if (!Array.isArray(result)) {
    return (
      <section className="card" data-testid="backtest-run-result">
        <h2 className="card__title">Ranking</h2>
        <p>
          {formatCount(result.count)} backtests ranked ({result.kind}).{' '}
          <Link to={`/batches/${encodeURIComponent(result.batchId)}`}>Open the ranking</Link>
          {result.best && (
            <> · best: <Link to={`/backtests/${encodeURIComponent(result.best.backtestId)}`}>{result.best.symbol}</Link></>
          )}
        </p>
      </section>
    );
  }
  return (
    <section className="card" data-testid="backtest-run-result">
      <h2 className="card__title">Backtests</h2>
      <table className="table table--compact">
        <thead>
          <tr>
            <th scope="col">Strategy</th>
            <th scope="col">Symbol</th>
            <th scope="col" className="num">Trades</th>
            <th scope="col" className="num">Total return</th>
            <th scope="col" className="num">Sharpe</th>
          </tr>
        </thead>
        <tbody>{result.map((s) => <SummaryRow key={s.backtestId} s={s} />)}</tbody>
      </table>
    </section>
  );
}
