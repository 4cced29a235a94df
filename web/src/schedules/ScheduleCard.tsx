import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import {
  backfillSchedule,
  deleteSchedule,
  getSchedule,
  OVERLAP_LABELS,
  pauseSchedule,
  scheduleKeys,
  triggerSchedule,
  unpauseSchedule,
  type Schedule,
  type ScheduleSummary,
} from '../api/schedules';
import { fieldIssues, issueAt } from '../alerts/fieldIssues';
import { ErrorNotice } from '../common/ErrorNotice';
import { FieldError } from '../common/FieldError';
import { formatDateTime } from '../common/format';
import { TemporalLink } from '../runs/TemporalLink';
import { specText } from './specText';

interface ScheduleCardProps {
  summary: ScheduleSummary;
  graphName: string | undefined;
  onDeleted: (id: string) => void;
}

/** `datetime-local` gives wall-clock time without a zone: read it in the browser's zone, send it as UTC. */
function toIso(local: string): string | null {
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function BackfillForm({ id, onDone }: { id: string; onDone: () => void }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const backfill = useMutation({ mutationFn: (body: { from: string; to: string }) => backfillSchedule(id, body), onSuccess: onDone });
  const issues = fieldIssues(backfill.error);
  const [local, setLocal] = useState<{ from?: string; to?: string }>({});
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const f = toIso(from);
    const t = toIso(to);
    setLocal({ ...(f ? {} : { from: 'pick a start time' }), ...(t ? {} : { to: 'pick an end time' }) });
    if (f && t) backfill.mutate({ from: f, to: t });
  };
  return (
    <form className="form schedule__backfill" onSubmit={onSubmit} data-testid="backfill-form">
      <div className="field-row">
        <div className="field">
          <label htmlFor={`bf-from-${id}`}>From</label>
          <input id={`bf-from-${id}`} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="backfill-from" />
          <FieldError id={`bf-from-${id}-error`} message={local.from ?? issueAt(issues, 'from')} />
        </div>
        <div className="field">
          <label htmlFor={`bf-to-${id}`}>To</label>
          <input id={`bf-to-${id}`} type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} data-testid="backfill-to" />
          <FieldError id={`bf-to-${id}-error`} message={local.to ?? issueAt(issues, 'to')} />
        </div>
      </div>
      <div className="form__actions">
        <button type="submit" className="button button--small" disabled={backfill.isPending} data-testid="backfill-submit">
          {backfill.isPending ? 'Backfilling…' : 'Backfill'}
        </button>
        {backfill.isSuccess && (
          <span className="muted small" data-testid="backfill-done">
            Backfilling {formatDateTime(backfill.data.from)} – {formatDateTime(backfill.data.to)}
            {backfill.data.expectedRuns !== null && <>: {backfill.data.expectedRuns} runs</>}
          </span>
        )}
      </div>
      {backfill.isError && issues.size === 0 && <ErrorNotice title="Backfill refused" error={backfill.error} />}
    </form>
  );
}

/**
 * One schedule: its graph, spec, next and recent runs, and the actions on it. The list gives only a summary (Temporal's
 * list has no spec or input), so each card reads its schedule.
 */
export function ScheduleCard({ summary, graphName, onDeleted }: ScheduleCardProps) {
  const queryClient = useQueryClient();
  const id = summary.id;
  const detail = useQuery({
    queryKey: scheduleKeys.detail(id),
    queryFn: ({ signal }) => getSchedule(id, signal),
    // Next and recent runs move on their own.
    refetchInterval: 5_000,
  });
  const s: ScheduleSummary & Partial<Schedule> = detail.data ?? summary;
  const [showBackfill, setShowBackfill] = useState(false);

  const refresh = (next?: Schedule) => {
    if (next) queryClient.setQueryData(scheduleKeys.detail(id), next);
    else void queryClient.invalidateQueries({ queryKey: scheduleKeys.detail(id) });
    void queryClient.invalidateQueries({ queryKey: scheduleKeys.list() });
  };
  const pause = useMutation({ mutationFn: () => (s.paused ? unpauseSchedule(id) : pauseSchedule(id)), onSuccess: refresh });
  const trigger = useMutation({
    mutationFn: () => triggerSchedule(id),
    // Temporal starts the run a moment after accepting the trigger.
    onSuccess: () => setTimeout(() => refresh(), 1_000),
  });
  const remove = useMutation({ mutationFn: () => deleteSchedule(id), onSuccess: () => onDeleted(id) });
  const onDelete = () => {
    if (window.confirm(`Delete the schedule ${id}? Runs it already started are left alone.`)) remove.mutate();
  };
  const failure = pause.error ?? trigger.error ?? remove.error;

  return (
    <article className={s.paused ? 'card schedule schedule--paused' : 'card schedule'} data-testid="schedule-card" data-schedule-id={id} data-paused={String(s.paused)}>
      <header className="schedule__header">
        <div>
          <h3 className="card__title">
            <Link to={`/graphs/${encodeURIComponent(s.graphId)}`}>{graphName ?? s.graphId}</Link>
            {s.version !== undefined && <span className="muted"> v{s.version}</span>}
            {s.paused && <span className="badge schedule__paused" data-testid="schedule-paused">paused</span>}
          </h3>
          <div className="muted small mono">{id}</div>
        </div>
        <div className="schedule__actions">
          <button type="button" className="button button--small" onClick={() => pause.mutate()} disabled={pause.isPending} data-testid="schedule-pause">
            {s.paused ? 'Resume' : 'Pause'}
          </button>
          <button type="button" className="button button--small button--primary" onClick={() => trigger.mutate()} disabled={trigger.isPending} data-testid="schedule-trigger">
            {trigger.isPending ? 'Starting…' : 'Trigger now'}
          </button>
          <button type="button" className="button button--small" onClick={() => setShowBackfill((v) => !v)} aria-expanded={showBackfill} data-testid="schedule-backfill">
            Backfill…
          </button>
          <button type="button" className="button button--small button--ghost" onClick={onDelete} disabled={remove.isPending} data-testid="schedule-delete">
            Delete
          </button>
          <TemporalLink href={s.temporalUiUrl} />
        </div>
      </header>

      <dl className="meta schedule__meta">
        <dt>When</dt>
        <dd className="mono" data-testid="schedule-spec">{specText(s.spec)}</dd>
        {s.overlap && (
          <>
            <dt>Overlap</dt>
            <dd>{OVERLAP_LABELS[s.overlap]}</dd>
          </>
        )}
        <dt>Next runs</dt>
        <dd className="mono small" data-testid="schedule-next">
          {s.paused ? 'none while paused' : s.nextRunTimes.length ? s.nextRunTimes.slice(0, 3).map(formatDateTime).join(' · ') : '—'}
        </dd>
        {s.note && (
          <>
            <dt>Note</dt>
            <dd>{s.note}</dd>
          </>
        )}
        {s.input && (
          <>
            <dt>Input</dt>
            <dd><code className="small schedule__input">{JSON.stringify(s.input)}</code></dd>
          </>
        )}
      </dl>

      <div className="schedule__runs">
        <div className="small muted">
          Recent runs{s.actionsTaken !== undefined && <> · {s.actionsTaken} started{s.skippedOverlap ? `, ${s.skippedOverlap} skipped (overlap)` : ''}</>}
        </div>
        {s.recentRuns.length === 0 ? (
          <p className="muted small" data-testid="schedule-no-runs">No runs yet.</p>
        ) : (
          <ul className="schedule__run-list" data-testid="schedule-runs">
            {[...s.recentRuns].reverse().map((r) => (
              <li key={r.workflowId + r.runId}>
                <Link to={`/runs/${encodeURIComponent(r.workflowId)}`} className="mono small" data-testid="schedule-run-link">
                  {formatDateTime(r.takenAt)}
                </Link>
                {s.runningWorkflowIds?.includes(r.workflowId) && <span className="badge badge--running">running</span>}
                {r.scheduledAt !== r.takenAt && <span className="muted small"> scheduled {formatDateTime(r.scheduledAt)}</span>}
              </li>
            ))}
          </ul>
        )}
      </div>

      {trigger.isSuccess && <p className="muted small" data-testid="schedule-triggered">Run requested; it shows under recent runs in a moment.</p>}
      {showBackfill && <BackfillForm id={id} onDone={() => setTimeout(() => refresh(), 1_000)} />}
      {failure && <ErrorNotice title="The schedule refused that" error={failure} />}
    </article>
  );
}
