import type { SpecGeneration } from '../api/backtests';

const SOURCE_TEXT = {
  llm: 'written by the configured LLM, checked against the spec schema',
  rules: 'read by the rule-based parser (no LLM configured, or the documented phrasings)',
} as const;

function providerText(provider: unknown): string | null {
  if (!provider || typeof provider !== 'object') return null;
  const p = provider as Record<string, unknown>;
  const parts = [p.model, p.host, p.responseFormat].filter((v): v is string => typeof v === 'string' && v !== '');
  return parts.length ? parts.join(' · ') : null;
}

/** The idea in the trader's words and how it became the accepted spec. */
export function GenerationPanel({ prompt, generation }: { prompt: string | null; generation: SpecGeneration | null }) {
  const provider = providerText(generation?.provider);
  return (
    <>
      <section className="card" data-testid="report-idea">
        <h2 className="card__title">Idea</h2>
        {prompt ? <blockquote className="idea">{prompt}</blockquote> : <p className="muted">The run started from a spec, not from an idea.</p>}
      </section>
      {generation && (
        <section className="card" data-testid="report-generation">
          <h2 className="card__title">How the spec was produced</h2>
          <dl className="meta">
            <div>
              <dt>Source</dt>
              <dd>
                <span className={`badge badge--${generation.source === 'llm' ? 'running' : 'other'}`}>{generation.source ?? 'unknown'}</span>{' '}
                {generation.source ? SOURCE_TEXT[generation.source] : ''}
              </dd>
            </div>
            {generation.attempts !== undefined && <div><dt>Attempts</dt><dd>{generation.attempts}</dd></div>}
            {provider && <div><dt>Provider</dt><dd className="mono">{provider}</dd></div>}
          </dl>
          {generation.notes && generation.notes.length > 0 && (
            <>
              <h3 className="card__subtitle">Notes</h3>
              <ul className="notes">{generation.notes.map((n, i) => <li key={i}>{n}</li>)}</ul>
            </>
          )}
          {generation.spec && (
            <>
              <h3 className="card__subtitle">Accepted spec</h3>
              <pre className="code" data-testid="accepted-spec">{JSON.stringify(generation.spec, null, 2)}</pre>
            </>
          )}
          {generation.transcript && generation.transcript.length > 0 && (
            <details>
              <summary className="card__subtitle">Transcript ({generation.transcript.length} messages)</summary>
              <pre className="code">{JSON.stringify(generation.transcript, null, 2)}</pre>
            </details>
          )}
        </section>
      )}
    </>
  );
}
