import type { ChangeList, GraphDiff } from '../../api/graphTypes';

function ChangeSection({ title, changes }: { title: string; changes: ChangeList }) {
  const empty = changes.added.length + changes.removed.length + changes.changed.length === 0;
  return (
    <section className="diff__section">
      <h4>{title}</h4>
      {empty && <p className="muted small">No changes.</p>}
      <ul className="diff__list">
        {changes.added.map((id) => <li key={`+${id}`} className="diff__added"><span aria-hidden="true">+</span> <span className="mono">{id}</span> added</li>)}
        {changes.removed.map((id) => <li key={`-${id}`} className="diff__removed"><span aria-hidden="true">−</span> <span className="mono">{id}</span> removed</li>)}
        {changes.changed.map((c) => (
          <li key={`~${c.id}`} className="diff__changed">
            <span aria-hidden="true">~</span> <span className="mono">{c.id}</span> changed: {c.fields.join(', ')}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function VersionDiff({ diff }: { diff: GraphDiff }) {
  return (
    <div className="diff" data-testid="version-diff">
      <ChangeSection title="Nodes" changes={diff.nodes} />
      <ChangeSection title="Edges" changes={diff.edges} />
      <section className="diff__section">
        <h4>Graph</h4>
        {diff.graph.changed.length === 0 ? (
          <p className="muted small">No changes.</p>
        ) : (
          <ul className="diff__list">
            {diff.graph.changed.map((field) => <li key={field} className="diff__changed"><span aria-hidden="true">~</span> {field}</li>)}
          </ul>
        )}
      </section>
    </div>
  );
}
