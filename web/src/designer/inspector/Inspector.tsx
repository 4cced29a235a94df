import { selectSelectedNodeId, useDesigner } from '../store';
import { InputSchemaEditor } from './InputSchemaEditor';
import { NodeInspector } from './NodeInspector';
import { OutputsEditor } from './OutputsEditor';

function GraphSettings() {
  return (
    <div className="inspector">
      <header className="inspector__header">
        <h2>Graph</h2>
        <p className="hint">Select a node to edit it. These settings apply to the whole graph.</p>
      </header>
      <InputSchemaEditor />
      <OutputsEditor />
    </div>
  );
}

export function Inspector() {
  const nodeId = useDesigner(selectSelectedNodeId);
  const exists = useDesigner((s) => nodeId !== null && s.graph.nodes.some((n) => n.id === nodeId));
  return (
    <aside className="designer__inspector" data-testid="inspector" aria-label="Inspector">
      {nodeId && exists ? <NodeInspector key={nodeId} nodeId={nodeId} /> : <GraphSettings />}
    </aside>
  );
}
