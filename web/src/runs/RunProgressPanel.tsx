import type { ImportPhase, RunProgress } from '../api/types';
import { formatCount, formatPercent } from '../common/format';
import { ProgressBar } from '../common/ProgressBar';

const PHASES: { phase: ImportPhase; label: string }[] = [
  { phase: 'reading', label: 'Reading file' },
  { phase: 'validating', label: 'Validating rows' },
  { phase: 'storing', label: 'Storing bars' },
];

function PhaseSteps({ current }: { current: ImportPhase | null }) {
  const currentIndex = PHASES.findIndex((p) => p.phase === current);
  return (
    <ol className="steps">
      {PHASES.map(({ phase, label }, index) => {
        const state = index < currentIndex ? 'done' : index === currentIndex ? 'current' : 'todo';
        return (
          <li key={phase} className={`steps__item steps__item--${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            {label}
          </li>
        );
      })}
    </ol>
  );
}

export function RunProgressPanel({ progress }: { progress: RunProgress | null }) {
  const fraction = progress && progress.total > 0 ? progress.done / progress.total : null;
  const phaseLabel = PHASES.find((p) => p.phase === progress?.phase)?.label ?? 'Starting';
  const summary = !progress
    ? 'Waiting for the worker to report progress…'
    : fraction === null
      ? `${phaseLabel} · ${formatCount(progress.done)} rows`
      : `${phaseLabel} · ${formatCount(progress.done)} / ${formatCount(progress.total)} rows · ${formatPercent(fraction)}`;

  return (
    <section className="card" data-testid="run-progress">
      <h2 className="card__title">Progress</h2>
      <PhaseSteps current={progress?.phase ?? null} />
      <ProgressBar fraction={fraction} label="Import progress" valueText={summary} />
      <p className="progress__caption" aria-live="polite">{summary}</p>
    </section>
  );
}
