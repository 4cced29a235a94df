import { Link } from 'react-router-dom';
import { isRotationSummary, type BacktestListItem } from '../api/backtests';
import { formatCount, formatDateTime } from '../common/format';
import { formatHeadline } from './metricFormat';

/** Universe members named before the rest is counted: a list of 200 symbols would swamp the row. */
const SYMBOLS_SHOWN = 3;

/** One symbol, or a rotation's universe: how many, the first few, and all of them on hover. */
function SymbolCell({ item }: { item: BacktestListItem }) {
  if (!isRotationSummary(item.summary)) return <td className="mono">{item.symbol}</td>;
  const { symbols } = item.summary;
  const more = symbols.length - SYMBOLS_SHOWN;
  return (
    <td title={symbols.join(', ')} data-testid="universe-cell">
      <span className="badge">rotation · {symbols.length} symbols</span>{' '}
      <span className="mono small">{symbols.slice(0, SYMBOLS_SHOWN).join(', ')}</span>
      {more > 0 && <span className="muted small"> +{more} more</span>}
    </td>
  );
}

export function BacktestsTable({ backtests }: { backtests: BacktestListItem[] }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="backtests-table">
        <thead>
          <tr>
            <th scope="col">Strategy</th>
            <th scope="col">Symbol</th>
            <th scope="col">Timeframe</th>
            <th scope="col" className="num">Bars</th>
            <th scope="col" className="num">Trades</th>
            <th scope="col" className="num">Total return</th>
            <th scope="col" className="num">Sharpe</th>
            <th scope="col" className="num">Max DD</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {backtests.map((b) => (
            <tr key={b.id}>
              <td><Link to={`/backtests/${encodeURIComponent(b.id)}`}>{b.strategy}</Link></td>
              <SymbolCell item={b} />
              <td className="mono">{b.timeframe}</td>
              <td className="num">{formatCount(b.bars)}</td>
              <td className="num">{formatCount(b.summary.trades)}</td>
              <td className="num mono">{formatHeadline(b.summary.metrics.total_return, 'pct')}</td>
              <td className="num mono">{formatHeadline(b.summary.metrics.sharpe_ratio, 'ratio')}</td>
              <td className="num mono">{formatHeadline(b.summary.metrics.max_drawdown, 'pct')}</td>
              <td className="mono" title={b.createdAt}>{formatDateTime(b.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
