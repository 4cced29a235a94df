import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { POINT_TYPES, type BspType } from '../api/chanlun';
import { alertKeys, createSubscription, type SideFilter } from '../api/alerts';
import { isApiError } from '../api/client';
import { TIMEFRAMES, type Timeframe } from '../api/types';
import { ErrorNotice } from '../common/ErrorNotice';
import { FieldError } from '../common/FieldError';
import { fieldIssues, issueAt } from './fieldIssues';

interface SubscriptionFormProps {
  symbols?: string[];
  timeframe?: Timeframe;
  /** On the ChanLun page the symbol and timeframe are the chart's: only the point types and side are asked. */
  fixedSeries?: boolean;
  /** Prefix for test ids and element ids, so two forms can share a page. */
  idPrefix?: string;
}

const TYPE_HINTS: Record<BspType, string> = {
  '1': 'trend divergence',
  '2': 'first pullback',
  '2s': 'similar second',
  '3a': 'leaves the center',
  '3b': 'pullback holds',
};

/** Subscribes the caller to ChanLun point alerts; the plan caps active subscriptions (429 names the limit). */
export function SubscriptionForm({ symbols = [], timeframe = '1d', fixedSeries = false, idPrefix = 'sub' }: SubscriptionFormProps) {
  const queryClient = useQueryClient();
  const [symbolText, setSymbolText] = useState(symbols.join(', '));
  const [tf, setTf] = useState<Timeframe>(timeframe);
  const [types, setTypes] = useState<Set<BspType>>(new Set(POINT_TYPES));
  const [side, setSide] = useState<SideFilter>('both');
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: createSubscription,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: alertKeys.subscriptions() });
      void queryClient.invalidateQueries({ queryKey: alertKeys.quota });
    },
  });

  const chosenSymbols = fixedSeries ? symbols : symbolText.split(/[\s,]+/).filter(Boolean);
  const chosenTf = fixedSeries ? timeframe : tf;
  const issues = fieldIssues(create.error);
  const id = (field: string) => `${idPrefix}-${field}`;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      name: name.trim() || `${chosenSymbols.join(', ')} ${chosenTf}`.slice(0, 100),
      symbols: chosenSymbols,
      timeframe: chosenTf,
      pointTypes: POINT_TYPES.filter((t) => types.has(t)),
      side,
    });
  };
  const toggle = (t: BspType) =>
    setTypes((prev) => {
      const next = new Set(prev);
      if (next.has(t)) next.delete(t);
      else next.add(t);
      return next;
    });

  return (
    <form className="form" onSubmit={onSubmit} data-testid={`${idPrefix}-form`}>
      {!fixedSeries && (
        <div className="field-row">
          <div className="field">
            <label htmlFor={id('symbols')}>Symbols</label>
            <input id={id('symbols')} className="mono" value={symbolText} placeholder="000001.SH, okx:BTC/USDT" onChange={(e) => setSymbolText(e.target.value)} aria-describedby={id('symbols-error')} data-testid={id('symbols')} />
            <FieldError id={id('symbols-error')} message={issueAt(issues, 'symbols')} />
          </div>
          <div className="field">
            <label htmlFor={id('timeframe')}>Timeframe</label>
            <select id={id('timeframe')} value={tf} onChange={(e) => setTf(e.target.value as Timeframe)} data-testid={id('timeframe')}>
              {TIMEFRAMES.map((t) => <option key={t} value={t}>{t}</option>)}
            </select>
            <FieldError id={id('timeframe-error')} message={issueAt(issues, 'timeframe')} />
          </div>
        </div>
      )}
      <fieldset className="fieldset">
        <legend>Point types</legend>
        <div className="chan-types">
          {POINT_TYPES.map((t) => (
            <label key={t} className="chan-types__option" title={TYPE_HINTS[t]}>
              <input type="checkbox" checked={types.has(t)} onChange={() => toggle(t)} data-testid={`${id('type')}-${t}`} /> {t}
              <span className="muted small"> {TYPE_HINTS[t]}</span>
            </label>
          ))}
        </div>
        <FieldError id={id('types-error')} message={issueAt(issues, 'pointTypes')} />
      </fieldset>
      <div className="field-row">
        <div className="field">
          <label htmlFor={id('side')}>Side</label>
          <select id={id('side')} value={side} onChange={(e) => setSide(e.target.value as SideFilter)} data-testid={id('side')}>
            <option value="both">Buy and sell</option>
            <option value="buy">Buy only</option>
            <option value="sell">Sell only</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('name')}>Name</label>
          <input id={id('name')} value={name} placeholder={`${chosenSymbols.join(', ') || 'symbols'} ${chosenTf}`} onChange={(e) => setName(e.target.value)} data-testid={id('name')} />
          <FieldError id={id('name-error')} message={issueAt(issues, 'name')} />
        </div>
      </div>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={create.isPending || types.size === 0 || chosenSymbols.length === 0} data-testid={id('submit')}>
          {create.isPending ? 'Subscribing…' : 'Subscribe to alerts'}
        </button>
        {create.isSuccess && (
          <span className="muted small" data-testid={id('done')}>Subscribed: {create.data.name}. Alerts appear on the Alerts page as scans find points.</span>
        )}
      </div>
      {create.isError && (isApiError(create.error, 429) ? (
        <div className="notice notice--warn" role="alert" data-testid={id('quota')}>
          <div className="notice__title">Plan limit reached</div>
          <div>{create.error.message}. Remove a subscription on the Alerts page or change plan.</div>
        </div>
      ) : issues.size === 0 ? <ErrorNotice title="Could not subscribe" error={create.error} /> : null)}
    </form>
  );
}
