import { useEffect, useMemo, useRef, useState } from 'react';
import { useDesigner, useDesignerStore, useGraphStructure } from '../store';
import { useCatalog } from '../useCatalog';
import { ExpressionInput } from './ExpressionInput';
import { expressionSuggestions } from './expressionSuggestions';

interface OutputRow {
  name: string;
  expression: string;
}

const rowsOf = (outputs: Record<string, string>): OutputRow[] =>
  Object.entries(outputs).map(([name, expression]) => ({ name, expression }));

function rowsProblem(rows: OutputRow[]): string | null {
  const names = rows.map((r) => r.name.trim());
  if (names.some((n) => !n)) return 'Every output needs a name.';
  if (new Set(names).size !== names.length) return 'Output names must be unique.';
  return null;
}

/** The run result: each output is a name and an expression over node outputs. */
export function OutputsEditor() {
  const store = useDesignerStore();
  const catalog = useCatalog();
  const outputs = useDesigner((s) => s.graph.outputs);
  const graph = useGraphStructure();
  const suggestions = useMemo(() => expressionSuggestions(graph, catalog, null), [graph, catalog]);
  const [rows, setRows] = useState(() => rowsOf(outputs));
  const pushed = useRef(outputs);
  const problem = rowsProblem(rows);

  useEffect(() => {
    if (outputs === pushed.current) return;
    pushed.current = outputs;
    setRows(rowsOf(outputs));
  }, [outputs]);

  const edit = (next: OutputRow[]) => {
    setRows(next);
    if (rowsProblem(next)) return;
    const nextOutputs = Object.fromEntries(next.map((r) => [r.name.trim(), r.expression]));
    pushed.current = nextOutputs;
    store.dispatch({ type: 'updateGraph', patch: { outputs: nextOutputs }, coalesceKey: 'outputs' });
  };
  const patchRow = (index: number, patch: Partial<OutputRow>) =>
    edit(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  return (
    <fieldset className="fieldset inspector__section" data-testid="outputs-editor">
      <legend>Outputs</legend>
      {rows.length === 0 && <p className="hint">No outputs. The run result will be empty.</p>}
      {rows.map((row, index) => (
        <div className="output-row" key={index}>
          <input
            type="text"
            className="mono"
            aria-label={`Output ${index + 1} name`}
            placeholder="result"
            value={row.name}
            onChange={(e) => patchRow(index, { name: e.target.value })}
          />
          <ExpressionInput
            id={`graph-output-${index}`}
            value={row.expression}
            onChange={(expression) => patchRow(index, { expression })}
            suggestions={suggestions}
            placeholder="nodes.transform.out"
          />
          <button
            type="button"
            className="button button--ghost button--small"
            aria-label={`Remove output ${row.name || index + 1}`}
            onClick={() => edit(rows.filter((_, i) => i !== index))}
          >
            ×
          </button>
        </div>
      ))}
      {problem && <div className="field__error">{problem}</div>}
      <button type="button" className="button button--small" onClick={() => setRows([...rows, { name: '', expression: '' }])}>
        + Add output
      </button>
    </fieldset>
  );
}
