import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { startBacktest, type SymbolSeries } from '../api/backtests';
import type { Timeframe } from '../api/types';
import { useSymbols } from '../backtests/useBacktests';
import { ErrorNotice } from '../common/ErrorNotice';
import { formatCount } from '../common/format';
import { BacktestRunStatus } from './BacktestRunStatus';

interface RunBacktestFormProps {
  strategyId: string;
  /** Runs use the saved strategy, so the form waits until the draft is saved. */
  saved: boolean;
  /** The spec's timeframe: series of it are offered first. */
  timeframe?: string;
}

const seriesKey = (s: SymbolSeries) => `${s.symbol}|${s.timeframe}`;

interface Costs {
  initialCash: string;
  commissionRate: string;
  minFee: string;
  stampDutyRate: string;
}

/** Engine config from the optional fields; empty ones keep the market defaults. Decimals go as strings. */
function configOf(costs: Costs): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  const fees: Record<string, string> = {};
  if (costs.initialCash.trim()) config.initialCash = costs.initialCash.trim();
  if (costs.commissionRate.trim()) {
    fees.takerRate = costs.commissionRate.trim();
    fees.makerRate = costs.commissionRate.trim();
  }
  if (costs.minFee.trim()) fees.minFee = costs.minFee.trim();
  if (costs.stampDutyRate.trim()) fees.stampDutyRate = costs.stampDutyRate.trim();
  if (Object.keys(fees).length) config.fees = fees;
  return config;
}

function CostField({ id, label, hint, value, onChange }: { id: keyof Costs; label: string; hint: string; value: string; onChange: (v: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={`bt-${id}`}>{label}</label>
      <input id={`bt-${id}`} type="text" inputMode="decimal" className="mono" placeholder={hint} value={value} onChange={(e) => onChange(e.target.value)} data-testid={`bt-${id}`} />
    </div>
  );
}

export function RunBacktestForm({ strategyId, saved, timeframe }: RunBacktestFormProps) {
  const symbols = useSymbols();
  const [picked, setPicked] = useState<string>('');
  const [costs, setCosts] = useState<Costs>({ initialCash: '', commissionRate: '', minFee: '', stampDutyRate: '' });
  const start = useMutation({ mutationFn: startBacktest });

  const series = [...(symbols.data?.series ?? [])].sort((a, b) => Number(b.timeframe === timeframe) - Number(a.timeframe === timeframe));
  const selected = series.find((s) => seriesKey(s) === picked) ?? series[0];

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!selected) return;
    start.mutate({
      symbol: selected.symbol,
      timeframe: selected.timeframe as Timeframe,
      strategy: { kind: 'saved', strategyId },
      config: configOf(costs),
    });
  };
  const setCost = (key: keyof Costs) => (value: string) => setCosts((c) => ({ ...c, [key]: value }));

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
          <div className="field-row">
            <CostField id="initialCash" label="Initial cash" hint="1000000" value={costs.initialCash} onChange={setCost('initialCash')} />
            <CostField id="commissionRate" label="Commission rate" hint="0.0003 = 3 bp" value={costs.commissionRate} onChange={setCost('commissionRate')} />
            <CostField id="minFee" label="Min fee per fill" hint="5" value={costs.minFee} onChange={setCost('minFee')} />
            <CostField id="stampDutyRate" label="Stamp duty (sells)" hint="0.0005" value={costs.stampDutyRate} onChange={setCost('stampDutyRate')} />
          </div>
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
