import type { BacktestResult } from '../api/backtests';
import { formatCount } from '../common/format';

/** The account at the end: exact decimal strings from the engine, shown as they are. */
export function FinalAccount({ result }: { result: BacktestResult }) {
  const { final, counts, config, openPosition } = result;
  const items: [string, string][] = [
    ['Initial cash', config.initialCash],
    ['Final equity', final.equity],
    ['Final cash', final.cash],
    ['Realised P&L', final.realizedPnl],
    ['Total fees', final.totalFees],
    ['Commission', final.totalCommission],
    ['Stamp duty', final.totalStampDuty],
    ...(final.tradedNotional !== undefined ? [['Traded notional', final.tradedNotional] as [string, string]] : []),
    ['Position', final.position],
  ];
  return (
    <section className="card" data-testid="final-account">
      <h2 className="card__title">Account</h2>
      <dl className="stats">
        {items.map(([label, value]) => (
          <div key={label} className="stat">
            <dt>{label}</dt>
            <dd className="mono">{value}</dd>
          </div>
        ))}
        <div className="stat">
          <dt>Orders</dt>
          <dd>
            {formatCount(counts.orders)} ({formatCount(counts.filled)} filled, {formatCount(counts.rejected)} rejected,{' '}
            {formatCount(counts.cancelled)} cancelled)
          </dd>
        </div>
      </dl>
      {openPosition && (
        <p className="muted small">
          Still open at the end: {openPosition.side} {openPosition.quantity} @ {openPosition.avgPrice}, last {openPosition.lastPrice},
          unrealised {openPosition.unrealizedPnl}.
        </p>
      )}
    </section>
  );
}
