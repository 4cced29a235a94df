import { useState } from 'react';
import type { RotationTrade, Trade } from '../api/backtests';
import { exitReasonLabel } from '../charts/chartData';
import { Pager } from '../common/Pager';
import { formatCount, formatInZone } from '../common/format';

const PAGE_SIZE = 50;

type AnyTrade = Trade | RotationTrade;

function TradeRow({ trade, timeZone, withSymbol }: { trade: AnyTrade; timeZone: string; withSymbol: boolean }) {
  const loss = trade.pnl.startsWith('-');
  return (
    <tr>
      <td className="num">{trade.id}</td>
      {withSymbol && <td className="mono" data-testid="trade-symbol">{'symbol' in trade ? trade.symbol : ''}</td>}
      <td>{trade.side}</td>
      <td className="mono">{formatInZone(new Date(trade.entryTimeMs).toISOString(), timeZone)}</td>
      <td className="num mono">{trade.entryPrice}</td>
      <td className="mono">{formatInZone(new Date(trade.exitTimeMs).toISOString(), timeZone)}</td>
      <td className="num mono">{trade.exitPrice}</td>
      <td>{exitReasonLabel(trade.exitReason)}</td>
      <td className="num mono">{trade.quantity}</td>
      <td className="num mono">{trade.fees}</td>
      <td className={`num mono ${loss ? 'pnl--loss' : 'pnl--win'}`}>{trade.pnl}</td>
      <td className={`num mono ${loss ? 'pnl--loss' : 'pnl--win'}`}>{(trade.returnFraction * 100).toFixed(2)}%</td>
      <td className="num">{trade.barsHeld}</td>
    </tr>
  );
}

/**
 * Closed trades, a page at a time: backtests on minute bars can have thousands. Times on the market's clock. Trades of
 * a portfolio (rotation) name their symbol, and get a column for it.
 */
export function TradesTable({ trades, timeZone }: { trades: AnyTrade[]; timeZone: string }) {
  const [page, setPage] = useState(0);
  const pages = Math.ceil(trades.length / PAGE_SIZE);
  const shown = trades.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  const withSymbol = trades.some((t) => 'symbol' in t);
  return (
    <section className="card" data-testid="trades">
      <h2 className="card__title">
        Trades <span className="muted" data-testid="trades-count">{formatCount(trades.length)}</span>
      </h2>
      {trades.length === 0 ? (
        <p className="muted">No closed trades.</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table table--compact" data-testid="trades-table">
              <thead>
                <tr>
                  <th scope="col" className="num">#</th>
                  {withSymbol && <th scope="col">Symbol</th>}
                  <th scope="col">Side</th>
                  <th scope="col">Entry ({timeZone})</th>
                  <th scope="col" className="num">Entry price</th>
                  <th scope="col">Exit</th>
                  <th scope="col" className="num">Exit price</th>
                  <th scope="col">Reason</th>
                  <th scope="col" className="num">Quantity</th>
                  <th scope="col" className="num">Fees</th>
                  <th scope="col" className="num">P&amp;L</th>
                  <th scope="col" className="num">Return</th>
                  <th scope="col" className="num">Bars</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((t) => <TradeRow key={t.id} trade={t} timeZone={timeZone} withSymbol={withSymbol} />)}
              </tbody>
            </table>
          </div>
          <Pager page={page} pages={pages} onPage={setPage} />
        </>
      )}
    </section>
  );
}
