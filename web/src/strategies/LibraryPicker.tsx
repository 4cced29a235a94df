import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { BuiltinParam, LibraryPortfolioStrategy, LibraryStrategy, StrategyBody } from '../api/backtests';
import { ErrorNotice } from '../common/ErrorNotice';
import { useCreateStrategy, useStrategyLibrary } from './useStrategies';

function bodyOf(entry: LibraryStrategy): StrategyBody {
  const { definition } = entry;
  return definition.kind === 'code'
    ? { kind: 'code', name: entry.title, description: entry.description, content: { source: definition.source } }
    : { kind: 'spec', name: entry.title, description: entry.description, content: definition.spec };
}

function ParamList({ params }: { params: Record<string, BuiltinParam> }) {
  const entries = Object.entries(params);
  if (entries.length === 0) return null;
  return (
    <ul className="library-card__params">
      {entries.map(([name, p]) => (
        <li key={name} title={p.description}>
          <code>{name}</code> {p.default} <span className="muted">({p.min}–{p.max})</span>
        </li>
      ))}
    </ul>
  );
}

/** One library entry: title, kind, description and params, with its action in the footer. */
function LibraryCard({ entry, children }: { entry: LibraryStrategy | LibraryPortfolioStrategy; children: ReactNode }) {
  return (
    <article className="template-card library-card">
      <h3>{entry.title} <span className="muted small">{entry.kind}</span></h3>
      <p className="muted">{entry.description}</p>
      <ParamList params={entry.params} />
      <div className="template-card__footer">{children}</div>
    </article>
  );
}

/** Portfolio entries trade a universe in one account: nothing to save or edit, so they open a run form instead. */
function PortfolioEntries({ entries }: { entries: LibraryPortfolioStrategy[] }) {
  if (entries.length === 0) return null;
  return (
    <>
      <h3 className="card__subtitle">Portfolio strategies · run over several symbols at once</h3>
      <div className="templates">
        {entries.map((entry) => (
          <LibraryCard key={entry.id} entry={entry}>
            <Link
              to={`/strategies/portfolio/${encodeURIComponent(entry.id)}`}
              className="button button--small button--primary"
              data-testid={`library-run-${entry.id}`}
            >
              Set up a run
            </Link>
          </LibraryCard>
        ))}
      </div>
    </>
  );
}

/** The builtin strategies; picking one saves a copy at its defaults and opens it in the editor. */
export function LibraryPicker({ onCancel }: { onCancel: () => void }) {
  const library = useStrategyLibrary();
  const create = useCreateStrategy();
  const navigate = useNavigate();
  const use = (entry: LibraryStrategy) =>
    create.mutate(bodyOf(entry), { onSuccess: (row) => navigate(`/strategies/${encodeURIComponent(row.id)}`) });

  return (
    <section className="card" data-testid="library">
      <div className="card__header">
        <h2 className="card__title">New from the library</h2>
        <button type="button" className="button button--small button--ghost" onClick={onCancel}>Close</button>
      </div>
      {create.isError && <ErrorNotice title="Could not create the strategy" error={create.error} />}
      {library.isPending ? (
        <p className="muted">Loading the library…</p>
      ) : library.isError ? (
        <ErrorNotice title="Could not load the library" error={library.error} onRetry={() => library.refetch()} />
      ) : (
        <>
          <div className="templates">
            {library.data.strategies.map((entry) => (
              <LibraryCard key={entry.id} entry={entry}>
                <button
                  type="button"
                  className="button button--small button--primary"
                  disabled={create.isPending}
                  onClick={() => use(entry)}
                  data-testid={`library-use-${entry.id}`}
                >
                  Use
                </button>
              </LibraryCard>
            ))}
          </div>
          <PortfolioEntries entries={library.data.portfolio} />
        </>
      )}
    </section>
  );
}
