import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { startBacktest, type SymbolSeries } from '../api/backtests';
import type { Timeframe } from '../api/types';
import { fieldIssues } from '../alerts/fieldIssues';
import { useSymbols } from '../backtests/useBacktests';
import { ErrorNotice } from '../common/ErrorNotice';
import { formatCount } from '../common/format';
import { BacktestRunStatus } from './BacktestRunStatus';
import { CostFields } from './CostFields';
import { configOf, costErrors, costIssues, NO_COSTS, type CostField, type Costs } from './costs';

interface RunBacktestFormProps {
  strategyId: string;
  /** Runs use the saved strategy, so the form waits until the draft is saved. */
  saved: boolean;
  /** The spec's timeframe: series of it are offered first. */
  timeframe?: string;
}

const seriesKey = (s: SymbolSeries) => `${s.symbol}|${s.timeframe}`;

export function RunBacktestForm({ strategyId, saved, timeframe }: RunBacktestFormProps) {
  const symbols = useSymbols();
  const [picked, setPicked] = useState<string>('');
  const [costs, setCosts] = useState<Costs>(NO_COSTS);
  const [submitted, setSubmitted] = useState(false);
  const start = useMutation({ mutationFn: startBacktest });
  const localErrors = costErrors(costs);

  const series = [...(symbols.data?.series ?? [])].sort((a, b) => Number(b.timeframe === timeframe) - Number(a.timeframe === timeframe));
  const selected = series.find((s) => seriesKey(s) === picked) ?? series[0];

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!selected || Object.keys(localErrors).length) return;
    start.mutate({
      symbol: selected.symbol,
      timeframe: selected.timeframe as Timeframe,
      strategy: { kind: 'saved', strategyId },
      config: configOf(costs),
    });
  };
  const setCost = (field: CostField, value: string) => setCosts((c) => ({ ...c, [field]: value }));
  const errors = { ...costIssues(fieldIssues(start.error)), ...(submitted ? localErrors : {}) };

  return (
    <section className="card" data-testid="run-backtest">
      <h2 className="card__title">Run backtest</h2>
      {symbols.isError && <ErrorNotice title="Could not load the stored symbols" error={symbols.error} onRetry={() => symbols.refetch()} />}
      {symbols.data && series.length === 0 ? (
        <p className="muted">No bars stored yet: import a K-line file first.</p>
      ) : (
        <form className="form" onSubmit={onSubmit}>
          <div className="field">
            <label htmlFor="bt-series">Symbol and timeframe</label>
            <select id="bt-series" value={selected ? seriesKey(selected) : ''} onChange={(e) => setPicked(e.target.value)} data-testid="bt-series">
              {series.map((s) => (
                <option key={seriesKey(s)} value={seriesKey(s)}>
                  {s.symbol} · {s.timeframe} · {formatCount(s.bars)} bars
                </option>
              ))}
            </select>
          </div>
          <CostFields idPrefix="bt" costs={costs} onChange={setCost} errors={errors} />
          <p className="hint">Empty fields keep the market's defaults (no fees unless the spec sets them).</p>
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={!saved || !selected || start.isPending} data-testid="run-backtest-submit">
              {start.isPending ? 'Starting…' : 'Run backtest'}
            </button>
            {!saved && <span className="muted small">Waiting until the strategy is valid and saved.</span>}
          </div>
          {start.isError && <ErrorNotice title="The backtest was refused" error={start.error} />}
        </form>
      )}
      {start.data && <BacktestRunStatus key={start.data.workflowId} workflowId={start.data.workflowId} />}
    </section>
  );
}
