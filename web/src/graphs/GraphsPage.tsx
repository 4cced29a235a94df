import { useState } from 'react';
import { ErrorNotice } from '../common/ErrorNotice';
import { GraphsTable } from './GraphsTable';
import { NewGraphForm } from './NewGraphForm';
import { TemplateGallery } from './TemplateGallery';
import { useGraphsList } from './useGraphs';

export function GraphsPage() {
  const graphs = useGraphsList();
  const [creating, setCreating] = useState(false);
  const list = graphs.data?.graphs ?? [];

  return (
    <section>
      <div className="page__header">
        <h1>Graphs</h1>
        <div className="page__actions">
          <button type="button" className="button button--primary" data-testid="new-graph" onClick={() => setCreating(true)} disabled={creating}>
            New graph
          </button>
        </div>
      </div>
      {creating && <NewGraphForm onCancel={() => setCreating(false)} />}

      {graphs.isPending ? (
        <p className="muted">Loading graphs…</p>
      ) : graphs.isError ? (
        <ErrorNotice title="Could not load graphs" error={graphs.error} onRetry={() => graphs.refetch()} />
      ) : list.length === 0 ? (
        <section className="empty">
          <h2>No graphs yet</h2>
          <p>Start from an empty graph or from one of the templates below.</p>
        </section>
      ) : (
        <GraphsTable graphs={list} />
      )}

      <h2 className="section-title">From template</h2>
      <TemplateGallery />
    </section>
  );
}
