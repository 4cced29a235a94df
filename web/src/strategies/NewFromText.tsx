import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { parseStrategyText, type ParseTextResult } from '../api/backtests';
import { ErrorNotice } from '../common/ErrorNotice';
import { useCreateStrategy } from './useStrategies';

const EXAMPLE = 'buy when 5-day MA crosses above 20-day MA, sell when it crosses below, stop loss 5%';

function Recognised({ result }: { result: ParseTextResult }) {
  if (!result.ok) {
    return (
      <div className="notice notice--warn" data-testid="parse-refused">
        <div className="notice__title">Not understood: {result.reason}</div>
        <div>{result.hint}</div>
        {result.matched.length > 0 && <div>Recognised so far: {result.matched.join('; ')}</div>}
      </div>
    );
  }
  return (
    <div className="parse-result" data-testid="parse-result">
      <h3 className="card__subtitle">Recognised</h3>
      <ul className="notes">{result.matched.map((m, i) => <li key={i}>{m}</li>)}</ul>
      {result.ignored.length > 0 && (
        <>
          <h3 className="card__subtitle">Ignored (not recognised)</h3>
          <ul className="notes muted">{result.ignored.map((m, i) => <li key={i}>{m}</li>)}</ul>
        </>
      )}
      {result.warnings.length > 0 && (
        <>
          <h3 className="card__subtitle">Warnings</h3>
          <ul className="notes">{result.warnings.map((m, i) => <li key={i}>{m}</li>)}</ul>
        </>
      )}
      <h3 className="card__subtitle">Spec</h3>
      <pre className="code">{JSON.stringify(result.spec, null, 2)}</pre>
    </div>
  );
}

/** An idea in plain words (English or Chinese) read by the rule-based parser, shown before it is saved. */
export function NewFromText({ onCancel }: { onCancel: () => void }) {
  const [text, setText] = useState('');
  const parse = useMutation({ mutationFn: parseStrategyText });
  const create = useCreateStrategy();
  const navigate = useNavigate();
  const result = parse.data;

  const onRead = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) parse.mutate(text.trim());
  };
  const onSave = () => {
    if (!result?.ok) return;
    create.mutate(
      { kind: 'spec', name: result.spec.name, description: text.trim().slice(0, 5000), content: result.spec as unknown as Record<string, unknown> },
      { onSuccess: (row) => navigate(`/strategies/${encodeURIComponent(row.id)}`) },
    );
  };

  return (
    <section className="card" data-testid="from-text">
      <div className="card__header">
        <h2 className="card__title">New from text</h2>
        <button type="button" className="button button--small button--ghost" onClick={onCancel}>Close</button>
      </div>
      <form className="form" onSubmit={onRead}>
        <div className="field">
          <label htmlFor="idea-text">The idea, in plain words</label>
          <textarea id="idea-text" rows={3} value={text} placeholder={EXAMPLE} onChange={(e) => setText(e.target.value)} data-testid="idea-text" />
          <div className="hint">The offline parser reads the phrasings in engines/strategy/PHRASES.md; anything else is listed as ignored.</div>
        </div>
        <div className="form__actions">
          <button type="submit" className="button" disabled={!text.trim() || parse.isPending} data-testid="idea-parse">
            {parse.isPending ? 'Reading…' : 'Read it'}
          </button>
          <button type="button" className="button button--primary" disabled={!result?.ok || create.isPending} onClick={onSave} data-testid="idea-save">
            Save as strategy
          </button>
        </div>
      </form>
      {parse.isError && <ErrorNotice title="Could not read the text" error={parse.error} />}
      {create.isError && <ErrorNotice title="Could not create the strategy" error={create.error} />}
      {result && <Recognised result={result} />}
    </section>
  );
}
