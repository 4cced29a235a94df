import type { BacktestResult, OpenPosition, RotationResult } from '../api/backtests';
import { formatCount } from '../common/format';

/** What is held at the end: one signed position, or a rotation's holdings by symbol. */
function holdingsOf(result: BacktestResult | RotationResult): string {
  if (!('kind' in result)) return result.final.position;
  const { positions } = result.final;
  return positions.length ? positions.map((p) => `${p.symbol} ${p.quantity}`).join(', ') : 'none (all cash)';
}

function OpenPositions({ result }: { result: BacktestResult | RotationResult }) {
  const open: (OpenPosition & { symbol?: string })[] =
    'kind' in result ? result.openPositions : result.openPosition ? [result.openPosition] : [];
  if (open.length === 0) return null;
  return (
    <ul className="muted small" data-testid="open-positions">
      {open.map((p) => (
        <li key={p.symbol ?? 'position'}>
          Still open at the end: {p.symbol && `${p.symbol} `}{p.side} {p.quantity} @ {p.avgPrice}, last {p.lastPrice},
          unrealised {p.unrealizedPnl}.
        </li>
      ))}
    </ul>
  );
}

/** The account at the end: exact decimal strings from the engine, shown as they are. */
export function FinalAccount({ result }: { result: BacktestResult | RotationResult }) {
  const { final, counts, config } = result;
  const items: [string, string][] = [
    ['Initial cash', config.initialCash],
    ['Final equity', final.equity],
    ['Final cash', final.cash],
    ['Realised P&L', final.realizedPnl],
    ['Total fees', final.totalFees],
    ['Commission', final.totalCommission],
    ['Stamp duty', final.totalStampDuty],
    ...(final.tradedNotional !== undefined ? [['Traded notional', final.tradedNotional] as [string, string]] : []),
    ['kind' in result ? 'Holdings' : 'Position', holdingsOf(result)],
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
      <OpenPositions result={result} />
    </section>
  );
}
