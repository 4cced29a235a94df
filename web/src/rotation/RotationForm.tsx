import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldIssues, issueAt } from '../alerts/fieldIssues';
import { startRotation, type LibraryPortfolioStrategy } from '../api/backtests';
import { isApiError } from '../api/client';
import type { Timeframe } from '../api/types';
import { useSymbols } from '../backtests/useBacktests';
import { ErrorNotice } from '../common/ErrorNotice';
import { FieldError } from '../common/FieldError';
import { BacktestRunStatus } from '../strategies/BacktestRunStatus';
import { CostFields } from '../strategies/CostFields';
import { configOf, costErrors, costFieldOf, costIssues, NO_COSTS, type CostField, type Costs } from '../strategies/costs';
import { draftsOf, parseDrafts, type ParamDrafts } from './paramDrafts';
import { ParamFields } from './ParamFields';
import { UniversePicker } from './UniversePicker';
import { defaultTimeframe, seriesAt, storedTimeframes } from './universe';
import './rotation-form.css';

/** Issue paths a field of this form shows; any other refusal is shown as a whole above the button. */
const shownAtField = (path: string) =>
  path === 'symbols' || path.startsWith('symbols.') || path === 'timeframe' || path.startsWith('params.') || costFieldOf(path) !== undefined;

/** "top" at or above the universe size is allowed, but then nothing rotates: worth saying before the run. */
function topNote(top: number | undefined, universe: number): string | undefined {
  if (top === undefined || universe === 0 || top < universe) return undefined;
  return `With ${universe} symbol${universe === 1 ? '' : 's'} picked, every symbol is held at each rebalance (only the minimum return filters).`;
}

/**
 * Starts a momentum rotation over stored symbols: the universe, the entry's params (fields built from their ranges)
 * and the costs, each checked here first and then by the server, whose 400s are shown at the field they name. The run
 * is followed below the form, which stays filled in for the next try.
 */
export function RotationForm({ entry }: { entry: LibraryPortfolioStrategy }) {
  const symbols = useSymbols();
  const series = symbols.data?.series ?? [];
  const [chosenTimeframe, setTimeframe] = useState<string | null>(null);
  const timeframe = chosenTimeframe ?? defaultTimeframe(series);
  const offered = seriesAt(series, timeframe);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  // Universe order is the list's order, not the clicking order: ties in the ranking keep it.
  const universe = offered.map((s) => s.symbol).filter((s) => picked.has(s));
  const [drafts, setDrafts] = useState<ParamDrafts>(() => draftsOf(entry.params));
  const [costs, setCosts] = useState<Costs>(NO_COSTS);
  const [submitted, setSubmitted] = useState(false);
  const start = useMutation({ mutationFn: startRotation });

  const params = parseDrafts(entry.params, drafts);
  const local = {
    symbols: universe.length === 0 ? 'Pick the symbols to rank against each other' : undefined,
    params: params.errors,
    costs: costErrors(costs),
  };
  const blocked = !!local.symbols || Object.keys(local.params).length > 0 || Object.keys(local.costs).length > 0;

  const issues = fieldIssues(start.error);
  const shown = submitted ? local : { symbols: undefined, params: {}, costs: {} };
  const errors = {
    symbols: shown.symbols ?? issueAt(issues, 'symbols'),
    timeframe: issueAt(issues, 'timeframe'),
    params: Object.fromEntries(Object.keys(entry.params).map((name) => [name, shown.params[name] ?? issueAt(issues, `params.${name}`)])),
    costs: { ...costIssues(issues), ...shown.costs },
  };
  const refusedElsewhere = start.isError && (!isApiError(start.error, 400) || issues.size === 0 || [...issues.keys()].some((p) => !shownAtField(p)));

  // A server refusal is about what was sent; once the form changes it no longer applies.
  const edited = () => {
    if (start.isError) start.reset();
  };
  const onParam = (name: string, draft: string) => {
    setDrafts((d) => ({ ...d, [name]: draft }));
    edited();
  };
  const onCost = (field: CostField, value: string) => {
    setCosts((c) => ({ ...c, [field]: value }));
    edited();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (blocked) return;
    start.mutate({ symbols: universe, timeframe: timeframe as Timeframe, params: params.values, config: configOf(costs) });
  };

  if (symbols.isPending) return <p className="muted">Loading the stored symbols…</p>;
  if (symbols.isError) return <ErrorNotice title="Could not load the stored symbols" error={symbols.error} onRetry={() => symbols.refetch()} />;
  if (series.length === 0) return <p className="muted">No bars stored yet: import K-line files of the symbols to rank first.</p>;

  return (
    <section className="card" data-testid="rotation-form">
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="field rotation-form__timeframe">
          <label htmlFor="rotation-timeframe">Timeframe</label>
          <select
            id="rotation-timeframe"
            value={timeframe}
            onChange={(e) => {
              setTimeframe(e.target.value);
              edited();
            }}
            aria-invalid={errors.timeframe ? true : undefined}
            data-testid="rotation-timeframe"
          >
            {storedTimeframes(series).map((tf) => <option key={tf} value={tf}>{tf}</option>)}
          </select>
          <FieldError id="rotation-timeframe-error" message={errors.timeframe} />
        </div>
        <UniversePicker
          offered={offered}
          picked={picked}
          onChange={(next) => {
            setPicked(next);
            edited();
          }}
          error={errors.symbols}
        />
        <fieldset className="fieldset">
          <legend>Parameters</legend>
          <ParamFields
            params={entry.params}
            drafts={drafts}
            onChange={onParam}
            errors={errors.params}
            notes={{ top: topNote(params.values.top, universe.length) }}
          />
        </fieldset>
        <fieldset className="fieldset">
          <legend>Costs</legend>
          <CostFields idPrefix="rotation" costs={costs} onChange={onCost} errors={errors.costs} />
          <p className="hint">Empty fields keep the market&rsquo;s defaults (A-share lots, T+1 and price limits apply; no fees unless set here).</p>
        </fieldset>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={start.isPending} data-testid="rotation-submit">
            {start.isPending ? 'Starting…' : 'Run rotation'}
          </button>
          {submitted && blocked && <span className="field__error" data-testid="rotation-form-blocked">Fix the fields marked above.</span>}
        </div>
        {refusedElsewhere && <ErrorNotice title="The rotation was refused" error={start.error} />}
      </form>
      {start.data && <BacktestRunStatus key={start.data.workflowId} workflowId={start.data.workflowId} />}
    </section>
  );
}
