import { useState } from 'react';
import type { Trade } from '../api/backtests';
import { exitReasonLabel } from '../charts/chartData';
import { formatCount, formatInZone } from '../common/format';

const PAGE_SIZE = 50;

function TradeRow({ trade, timeZone }: { trade: Trade; timeZone: string }) {
  const loss = trade.pnl.startsWith('-');
  return (
    <tr>
      <td className="num">{trade.id}</td>
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

function Pager({ page, pages, onPage }: { page: number; pages: number; onPage: (page: number) => void }) {
  if (pages <= 1) return null;
  return (
    <div className="pager">
      <button type="button" className="button button--small" disabled={page === 0} onClick={() => onPage(0)}>First</button>
      <button type="button" className="button button--small" disabled={page === 0} onClick={() => onPage(page - 1)}>Previous</button>
      <span className="muted">Page {page + 1} of {pages}</span>
      <button type="button" className="button button--small" disabled={page >= pages - 1} onClick={() => onPage(page + 1)}>Next</button>
      <button type="button" className="button button--small" disabled={page >= pages - 1} onClick={() => onPage(pages - 1)}>Last</button>
    </div>
  );
}

/** Closed trades, a page at a time: backtests on minute bars can have thousands. Times on the market's clock. */
export function TradesTable({ trades, timeZone }: { trades: Trade[]; timeZone: string }) {
  const [page, setPage] = useState(0);
  const pages = Math.ceil(trades.length / PAGE_SIZE);
  const shown = trades.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
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
                {shown.map((t) => <TradeRow key={t.id} trade={t} timeZone={timeZone} />)}
              </tbody>
            </table>
          </div>
          <Pager page={page} pages={pages} onPage={setPage} />
        </>
      )}
    </section>
  );
}
