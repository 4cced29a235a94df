import { useState } from 'react';
import type { PointView } from '../api/chanlun';
import { formatInZone } from '../common/format';
import { pointLabel } from './chartLayers';

const PAGE = 100;

interface PointsTableProps {
  points: PointView[];
  zone: string;
  /** A row was picked: the chart scrolls to that bar. */
  onPick: (timeMs: number) => void;
}

/** Every buy/sell point of the level, newest first, with the rule that produced it. */
export function PointsTable({ points, zone, onPick }: PointsTableProps) {
  const [shown, setShown] = useState(PAGE);
  if (points.length === 0) return <p className="muted">No buy or sell points on this level.</p>;
  const newestFirst = [...points].reverse();
  return (
    <>
      <div className="table-wrap chan-points">
        <table className="table table--compact" data-testid="points-table">
          <thead>
            <tr>
              <th>Time</th>
              <th>Point</th>
              <th className="num">Price</th>
              <th>Status</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {newestFirst.slice(0, shown).map((p) => (
              <tr
                key={`${p.type}-${p.side}-${p.bar}`}
                className="chan-points__row"
                onClick={() => onPick(p.timeMs)}
                title="Show on the chart"
                data-point={pointLabel(p)}
              >
                <td className="mono">{formatInZone(p.time, zone)}</td>
                <td>
                  <span className={`chan-point chan-point--${p.confirmed ? p.side : 'pending'}`}>{pointLabel(p)}</span>
                </td>
                <td className="num mono">{p.price}</td>
                <td>{p.confirmed ? 'confirmed' : <span className="chan-point--pending">pending</span>}</td>
                <td className="small">
                  {p.reason}
                  {p.divergence && (
                    <span className="muted"> · MACD area ratio {p.divergence.ratio.toFixed(2)}{p.divergence.trend ? ' (trend)' : ''}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {points.length > shown && (
        <button type="button" className="button button--small load-more" onClick={() => setShown((n) => n + PAGE * 5)} data-testid="points-more">
          Show more ({points.length - shown} older)
        </button>
      )}
    </>
  );
}
