import type { ReactNode } from 'react';
import type { Gap, ImportStats } from '../api/types';
import { formatCount, formatDuration, formatInZone } from '../common/format';

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** File lines of the bars either side; bars fetched from an exchange have none. */
function gapLines(gap: Gap): string {
  return gap.fromLine === undefined || gap.toLine === undefined ? '—' : `${formatCount(gap.fromLine)}–${formatCount(gap.toLine)}`;
}

function LargestGaps({ stats }: { stats: ImportStats }) {
  const { gaps, timezone } = stats;
  if (gaps.count === 0) return <p className="muted">No gaps detected.</p>;
  if (gaps.largest.length === 0) return null;
  return (
    <>
      <h3 className="card__subtitle">Largest gaps <span className="muted">({timezone})</span></h3>
      <table className="table table--compact">
        <thead>
          <tr>
            <th scope="col">Lines</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col" className="num">Missing bars</th>
          </tr>
        </thead>
        <tbody>
          {gaps.largest.map((gap) => (
            <tr key={`${gap.from}-${gap.to}`} title={gap.message}>
              <td className="mono">{gapLines(gap)}</td>
              <td className="mono" title={gap.from}>{formatInZone(gap.from, timezone)}</td>
              <td className="mono" title={gap.to}>{formatInZone(gap.to, timezone)}</td>
              <td className="num">{formatCount(gap.missingBars)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function ImportStatsCard({ stats }: { stats: ImportStats }) {
  return (
    <section className="card" data-testid="run-stats">
      <h2 className="card__title">Import result</h2>
      <dl className="stats">
        <Stat label="Symbol"><span className="mono">{stats.symbol}</span></Stat>
        <Stat label="Timeframe">{stats.timeframe}</Stat>
        <Stat label="Timezone">{stats.timezone}</Stat>
        <Stat label="Rows">{formatCount(stats.rows)}</Stat>
        <Stat label="Inserted / updated">
          {formatCount(stats.inserted)} / {formatCount(stats.updated)}
        </Stat>
        <Stat label="First bar">
          <span className="mono" title={stats.firstTime ?? undefined}>{formatInZone(stats.firstTime, stats.timezone)}</span>
        </Stat>
        <Stat label="Last bar">
          <span className="mono" title={stats.lastTime ?? undefined}>{formatInZone(stats.lastTime, stats.timezone)}</span>
        </Stat>
        <Stat label="Gaps">
          {formatCount(stats.gaps.count)}
          {stats.gaps.sessionBreaksIgnored > 0 && (
            <span className="muted"> ({formatCount(stats.gaps.sessionBreaksIgnored)} session breaks ignored)</span>
          )}
        </Stat>
        {/* Results stored before holidays were told apart from gaps have no count. */}
        {stats.gaps.possibleHolidays !== undefined && (
          <Stat label="Possible holidays">
            <span title="Runs of 1–7 missing trading days in data that closes on weekends: exchange holidays, or missing days that look like them. Not counted as gaps.">
              {formatCount(stats.gaps.possibleHolidays)}
            </span>
          </Stat>
        )}
        <Stat label="Import time">{formatDuration(stats.durationMs)}</Stat>
        <Stat label="Source"><span className="mono break">{stats.source}</span></Stat>
      </dl>
      <LargestGaps stats={stats} />
    </section>
  );
}
