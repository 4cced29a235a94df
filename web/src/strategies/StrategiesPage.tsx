import { useState } from 'react';
import { ErrorNotice } from '../common/ErrorNotice';
import { LibraryPicker } from './LibraryPicker';
import { NewFromText } from './NewFromText';
import { StrategiesTable } from './StrategiesTable';
import { useStrategyList } from './useStrategies';

type Creating = 'library' | 'text' | null;

export function StrategiesPage() {
  const list = useStrategyList();
  const [creating, setCreating] = useState<Creating>(null);
  const strategies = list.data?.strategies ?? [];
  return (
    <section>
      <div className="page__header">
        <h1>Strategies</h1>
        <div className="page__actions">
          <button type="button" className="button" onClick={() => setCreating('text')} disabled={creating === 'text'} data-testid="new-from-text">
            New from text
          </button>
          <button type="button" className="button button--primary" onClick={() => setCreating('library')} disabled={creating === 'library'} data-testid="new-from-library">
            New from library
          </button>
        </div>
      </div>
      {creating === 'library' && <LibraryPicker onCancel={() => setCreating(null)} />}
      {creating === 'text' && <NewFromText onCancel={() => setCreating(null)} />}
      {list.isPending ? (
        <p className="muted">Loading strategies…</p>
      ) : list.isError ? (
        <ErrorNotice title="Could not load strategies" error={list.error} onRetry={() => list.refetch()} />
      ) : strategies.length === 0 ? (
        <section className="empty">
          <h2>No strategies yet</h2>
          <p>Start from one of the builtin strategies, or describe an idea in plain words.</p>
        </section>
      ) : (
        <StrategiesTable strategies={strategies} />
      )}
    </section>
  );
}
