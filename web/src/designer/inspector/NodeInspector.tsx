import { useMemo } from 'react';
import type { Problem } from '../../api/graphTypes';
import { useDesigner, useGraphStructure } from '../store';
import { useCatalog } from '../useCatalog';
import { expressionSuggestions } from './expressionSuggestions';
import { NodeConnections } from './NodeConnections';
import { NodeSettings } from './NodeSettings';
import { ParamFieldEditor } from './ParamFieldEditor';
import { useNodeEditor } from './useNodeEditor';

const NO_PROBLEMS: readonly Problem[] = [];

/** Validator field paths may or may not carry the `params.` prefix. */
function problemsOfField(problems: readonly Problem[] | undefined, name: string): readonly Problem[] {
  if (!problems) return NO_PROBLEMS;
  const hits = problems.filter((p) => {
    const field = p.field?.replace(/^params\./, '');
    return field === name || field?.startsWith(`${name}.`) || field?.startsWith(`${name}[`);
  });
  return hits.length > 0 ? hits : NO_PROBLEMS;
}

export function NodeInspector({ nodeId }: { nodeId: string }) {
  const catalog = useCatalog();
  // Positions are not edited here: dragging the selected node must not re-render the form on every frame.
  const graph = useGraphStructure();
  const node = useMemo(() => graph.nodes.find((n) => n.id === nodeId), [graph.nodes, nodeId]);
  const problems = useDesigner((s) => s.problemsByNode.get(nodeId));
  const { setParam, setSetting } = useNodeEditor(nodeId);

  const info = node ? catalog.get(node.type, node.typeVersion) : undefined;
  const suggestions = useMemo(() => expressionSuggestions(graph, catalog, nodeId), [graph, catalog, nodeId]);
  const wiredFrom = useMemo(() => {
    const map = new Map<string, string>();
    for (const edge of graph.edges) {
      if (edge.target === nodeId) map.set(edge.targetHandle, `nodes.${edge.source}.${edge.sourceHandle}`);
    }
    return map;
  }, [graph.edges, nodeId]);

  if (!node) return null;
  const codeParams = new Set(info?.entry.expressionParams ?? []);
  const nodeLevelProblems = problems?.filter((p) => !p.field) ?? [];

  return (
    <div className="inspector" aria-label={`Node ${nodeId}`} data-inspector-node={nodeId}>
      <header className="inspector__header">
        <h2 tabIndex={-1} data-inspector-heading>{node.label || info?.entry.title || node.type}</h2>
        <div className="inspector__meta mono">{node.type} · {nodeId}</div>
        {info && <p className="hint">{info.entry.description}</p>}
        {!info && <div className="notice notice--error">Unknown node type {node.type}@{node.typeVersion}.</div>}
      </header>
      {nodeLevelProblems.length > 0 && (
        <ul className="inspector__problems" role="alert">
          {nodeLevelProblems.map((p, i) => <li key={i}>{p.message}</li>)}
        </ul>
      )}
      {info && info.fields.length > 0 && (
        <fieldset className="fieldset inspector__section">
          <legend>Parameters</legend>
          {info.fields.map((field) => (
            <ParamFieldEditor
              key={field.name}
              nodeId={nodeId}
              field={field}
              value={node.params[field.name]}
              codeParam={codeParams.has(field.name)}
              wiredFrom={wiredFrom.get(field.name) ?? null}
              suggestions={suggestions}
              problems={problemsOfField(problems, field.name)}
              onChange={(value) => setParam(field.name, value)}
            />
          ))}
        </fieldset>
      )}
      <NodeConnections nodeId={nodeId} />
      <NodeSettings node={node} entry={info?.entry} setSetting={setSetting} />
    </div>
  );
}
