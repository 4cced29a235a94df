import { useState } from 'react';
import type { RotationResult } from '../api/backtests';
import { Pager } from '../common/Pager';
import { formatCount, formatInZone } from '../common/format';
import './rotation-report.css';

const PAGE_SIZE = 25;
/** Ranks shown per rebalance; a universe of hundreds would make every row a wall of text (the rest is in the title). */
const RANKS_SHOWN = 6;

type Rebalance = RotationResult['rebalances'][number];

const percent = (returnPercent: string) => `${Number(returnPercent).toFixed(2)}%`;

function RankingCell({ rebalance }: { rebalance: Rebalance }) {
  const { ranking, selected } = rebalance;
  const picked = new Set(selected);
  const all = ranking.map((r) => `${r.symbol} ${percent(r.returnPercent)}`).join(', ');
  return (
    <span className="rebalance__ranking" title={all}>
      {ranking.slice(0, RANKS_SHOWN).map((r) => (
        <span key={r.symbol} className={picked.has(r.symbol) ? 'mono rebalance__pick' : 'mono'}>
          {r.symbol} {percent(r.returnPercent)}
        </span>
      ))}
      {ranking.length > RANKS_SHOWN && <span className="muted">+{ranking.length - RANKS_SHOWN} more</span>}
    </span>
  );
}

function RebalanceRow({ n, rebalance, timeZone }: { n: number; rebalance: Rebalance; timeZone: string }) {
  const { after } = rebalance;
  return (
    <tr>
      <td className="num">{n}</td>
      <td className="mono">{formatInZone(new Date(rebalance.decisionTimeMs).toISOString(), timeZone)}</td>
      <td><RankingCell rebalance={rebalance} /></td>
      <td className="mono">{rebalance.fillTimeMs === null ? '—' : formatInZone(new Date(rebalance.fillTimeMs).toISOString(), timeZone)}</td>
      <td className="mono">{after ? (after.holdings.map((h) => `${h.symbol} ${h.quantity}`).join(', ') || 'cash') : 'not executed'}</td>
      <td className="num mono">{after?.equity ?? '—'}</td>
    </tr>
  );
}

/**
 * Why the portfolio held what it held: every rebalance's ranking (the selected symbols in bold), and the account right
 * after its fills, exact.
 */
export function RebalancesTable({ rebalances, timeZone }: { rebalances: Rebalance[]; timeZone: string }) {
  const [page, setPage] = useState(0);
  const pages = Math.ceil(rebalances.length / PAGE_SIZE);
  const first = page * PAGE_SIZE;
  return (
    <section className="card" data-testid="rebalances">
      <h2 className="card__title">
        Rebalances <span className="muted" data-testid="rebalances-count">{formatCount(rebalances.length)}</span>
      </h2>
      {rebalances.length === 0 ? (
        <p className="muted">The span was shorter than the lookback: no rebalance was decided.</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table table--compact" data-testid="rebalances-table">
              <thead>
                <tr>
                  <th scope="col" className="num">#</th>
                  <th scope="col">Decided ({timeZone})</th>
                  <th scope="col">Ranking by return (selected in bold)</th>
                  <th scope="col">Filled</th>
                  <th scope="col">Holdings after</th>
                  <th scope="col" className="num">Equity after</th>
                </tr>
              </thead>
              <tbody>
                {rebalances.slice(first, first + PAGE_SIZE).map((r, i) => (
                  <RebalanceRow key={r.decisionIndex} n={first + i + 1} rebalance={r} timeZone={timeZone} />
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} pages={pages} onPage={setPage} />
        </>
      )}
    </section>
  );
}
