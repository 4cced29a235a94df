import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { getGraph, instantiateTemplate } from '../api/graphs';
import { queryKeys } from '../api/queryKeys';
import { createSchedule, OVERLAP_LABELS, OVERLAP_POLICIES, type Overlap, type Schedule, type ScheduleSpec } from '../api/schedules';
import { fieldIssues, issueAt } from '../alerts/fieldIssues';
import { ErrorNotice } from '../common/ErrorNotice';
import { FieldError } from '../common/FieldError';
import { useGraphsList, useTemplates } from '../graphs/useGraphs';
import { newIdempotencyKey } from '../imports/idempotencyKey';
import { defaultInput } from './specText';

const SCAN_TEMPLATE = 'chanlun-scan';
const UNIT_SECONDS = { seconds: 1, minutes: 60, hours: 3_600, days: 86_400 } as const;
type Unit = keyof typeof UNIT_SECONDS;

interface CreateScheduleFormProps {
  onCreated: (schedule: Schedule) => void;
}

/** Picks a saved graph, its run input, when to run (cron or interval) and what to do when runs overlap. */
export function CreateScheduleForm({ onCreated }: CreateScheduleFormProps) {
  const queryClient = useQueryClient();
  const graphs = useGraphsList();
  const templates = useTemplates();
  const [graphId, setGraphId] = useState('');
  const [inputText, setInputText] = useState('{}');
  const [inputTouched, setInputTouched] = useState(false);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [kind, setKind] = useState<'cron' | 'interval'>('cron');
  const [cronText, setCronText] = useState('0 16 * * 1-5');
  const [timezone, setTimezone] = useState('Asia/Shanghai');
  const [every, setEvery] = useState('1');
  const [unit, setUnit] = useState<Unit>('hours');
  const [overlap, setOverlap] = useState<Overlap>('skip');
  const [paused, setPaused] = useState(false);
  const [note, setNote] = useState('');
  // One key per attempt: a retried click after a lost answer returns the same schedule instead of a second one.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);

  const list = graphs.data?.graphs ?? [];
  const chosen = graphId || list[0]?.id || '';
  const graph = useQuery({
    queryKey: queryKeys.graphs.detail(chosen),
    queryFn: ({ signal }) => getGraph(chosen, signal),
    enabled: chosen !== '',
  });
  // A newly picked graph starts from its input defaults, unless the user already typed their own input.
  useEffect(() => {
    if (graph.data && !inputTouched) setInputText(JSON.stringify(defaultInput(graph.data.graph.inputSchema), null, 2));
  }, [graph.data, inputTouched]);

  const hasScanTemplate = templates.data?.templates.some((t) => t.id === SCAN_TEMPLATE) ?? false;
  const fromTemplate = useMutation({
    mutationFn: () => instantiateTemplate(SCAN_TEMPLATE),
    onSuccess: (detail) => {
      queryClient.setQueryData(queryKeys.graphs.detail(detail.id), detail);
      void queryClient.invalidateQueries({ queryKey: queryKeys.graphs.list() });
      setInputTouched(false);
      setGraphId(detail.id);
    },
  });

  const create = useMutation({
    mutationFn: (body: Parameters<typeof createSchedule>[0]) => createSchedule(body, idempotencyKey),
    onSuccess: (schedule) => {
      setIdempotencyKey(newIdempotencyKey());
      onCreated(schedule);
    },
  });
  const issues = fieldIssues(create.error);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    let input: unknown;
    try {
      input = JSON.parse(inputText || '{}');
    } catch (err) {
      setJsonError(`Not JSON: ${(err as Error).message}`);
      return;
    }
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      setJsonError('The input must be a JSON object');
      return;
    }
    setJsonError(null);
    const spec: ScheduleSpec =
      kind === 'cron'
        ? { cron: cronText.split('\n').map((c) => c.trim()).filter(Boolean), ...(timezone.trim() ? { timezone: timezone.trim() } : {}) }
        : { intervalSeconds: Math.round(Number(every) * UNIT_SECONDS[unit]) };
    create.mutate({ graphId: chosen, input: input as Record<string, unknown>, spec, overlap, paused, ...(note.trim() ? { note: note.trim() } : {}) });
  };

  const specIssue = issues.get('spec');
  return (
    <form className="form" onSubmit={onSubmit} data-testid="schedule-form">
      <div className="field">
        <label htmlFor="sched-graph">Graph</label>
        <div className="field-row">
          <select id="sched-graph" value={chosen} onChange={(e) => { setGraphId(e.target.value); setInputTouched(false); }} data-testid="sched-graph" aria-describedby="sched-graph-error">
            {list.length === 0 && <option value="">No saved graphs</option>}
            {list.map((g) => <option key={g.id} value={g.id}>{g.name} (v{g.currentVersion})</option>)}
          </select>
          {hasScanTemplate && (
            <button type="button" className="button button--small" onClick={() => fromTemplate.mutate()} disabled={fromTemplate.isPending} data-testid="sched-new-scan">
              {fromTemplate.isPending ? 'Creating…' : 'New ChanLun scan graph'}
            </button>
          )}
        </div>
        <FieldError id="sched-graph-error" message={issueAt(issues, 'graphId') ?? issueAt(issues, 'version')} />
        {fromTemplate.isError && <ErrorNotice title="Could not create the scan graph" error={fromTemplate.error} />}
      </div>

      <div className="field">
        <label htmlFor="sched-input">Run input (JSON)</label>
        <textarea
          id="sched-input"
          className="mono code"
          rows={8}
          value={inputText}
          onChange={(e) => { setInputText(e.target.value); setInputTouched(true); }}
          spellCheck={false}
          aria-describedby="sched-input-error"
          data-testid="sched-input"
        />
        <FieldError id="sched-input-error" message={jsonError ?? issueAt(issues, 'input')} />
      </div>

      <fieldset className="fieldset">
        <legend>When</legend>
        <div className="segmented" role="radiogroup" aria-label="Schedule kind">
          {(['cron', 'interval'] as const).map((k) => (
            <button key={k} type="button" role="radio" aria-checked={kind === k} className={kind === k ? 'segmented__option segmented__option--active' : 'segmented__option'} onClick={() => setKind(k)} data-testid={`sched-kind-${k}`}>
              {k === 'cron' ? 'Cron' : 'Interval'}
            </button>
          ))}
        </div>
        {kind === 'cron' ? (
          <div className="field-row">
            <div className="field">
              <label htmlFor="sched-cron">Cron (one per line)</label>
              <textarea id="sched-cron" className="mono" rows={2} value={cronText} onChange={(e) => setCronText(e.target.value)} aria-describedby="sched-cron-error" data-testid="sched-cron" />
              <span className="hint">minute hour day-of-month month day-of-week; also @daily, @every 30m</span>
              <FieldError id="sched-cron-error" message={issueAt(issues, 'spec.cron')} />
            </div>
            <div className="field">
              <label htmlFor="sched-tz">Time zone</label>
              <input id="sched-tz" value={timezone} placeholder="UTC" onChange={(e) => setTimezone(e.target.value)} aria-describedby="sched-tz-error" data-testid="sched-tz" />
              <FieldError id="sched-tz-error" message={issueAt(issues, 'spec.timezone')} />
            </div>
          </div>
        ) : (
          <div className="field-row">
            <div className="field">
              <label htmlFor="sched-every">Every</label>
              <input id="sched-every" type="number" min={1} step="any" value={every} onChange={(e) => setEvery(e.target.value)} aria-describedby="sched-every-error" data-testid="sched-every" />
              <FieldError id="sched-every-error" message={issueAt(issues, 'spec.intervalSeconds')} />
            </div>
            <div className="field">
              <label htmlFor="sched-unit">Unit</label>
              <select id="sched-unit" value={unit} onChange={(e) => setUnit(e.target.value as Unit)} data-testid="sched-unit">
                {Object.keys(UNIT_SECONDS).map((u) => <option key={u} value={u}>{u}</option>)}
              </select>
            </div>
          </div>
        )}
        <FieldError id="sched-spec-error" message={specIssue} />
      </fieldset>

      <div className="field-row">
        <div className="field">
          <label htmlFor="sched-overlap">When a run is due while the last one still runs</label>
          <select id="sched-overlap" value={overlap} onChange={(e) => setOverlap(e.target.value as Overlap)} data-testid="sched-overlap">
            {OVERLAP_POLICIES.map((o) => <option key={o} value={o}>{OVERLAP_LABELS[o]}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sched-note">Note</label>
          <input id="sched-note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="sched-note" />
          <FieldError id="sched-note-error" message={issueAt(issues, 'note')} />
        </div>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={paused} onChange={(e) => setPaused(e.target.checked)} data-testid="sched-paused" /> Create paused
      </label>

      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={!chosen || create.isPending} data-testid="sched-submit">
          {create.isPending ? 'Creating…' : 'Create schedule'}
        </button>
      </div>
      {create.isError && issues.size === 0 && <ErrorNotice title="The schedule was refused" error={create.error} />}
      {create.isError && issues.size > 0 && (
        <p className="field__error" role="alert" data-testid="sched-error">{create.error.message}</p>
      )}
    </form>
  );
}
