import { ErrorNotice } from '../common/ErrorNotice';
import { useInstantiateTemplate, useTemplates } from './useGraphs';

export function TemplateGallery() {
  const templates = useTemplates();
  const instantiate = useInstantiateTemplate();

  if (templates.isPending) return <p className="muted">Loading templates…</p>;
  if (templates.isError) return <ErrorNotice title="Could not load templates" error={templates.error} onRetry={() => templates.refetch()} />;
  if (templates.data.templates.length === 0) return <p className="muted">No templates available.</p>;

  return (
    <>
      {instantiate.isError && <ErrorNotice title="Could not create a graph from the template" error={instantiate.error} />}
      <ul className="templates" data-testid="templates">
        {templates.data.templates.map((template) => (
          <li key={template.id} className="template-card">
            <h3>{template.name}</h3>
            <p className="muted small">{template.description}</p>
            <div className="template-card__footer">
              <span className="muted small">{template.graph.nodes.length} nodes</span>
              <button
                type="button"
                className="button button--small"
                data-testid={`use-template-${template.id}`}
                disabled={instantiate.isPending}
                onClick={() => instantiate.mutate(template.id)}
              >
                {instantiate.isPending && instantiate.variables === template.id ? 'Creating…' : 'Use template'}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
