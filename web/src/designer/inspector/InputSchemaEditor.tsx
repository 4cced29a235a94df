import { useEffect, useRef, useState } from 'react';
import type { JsonSchema } from '../../api/graphTypes';
import { useDesigner, useDesignerStore } from '../store';

const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array'] as const;
type FieldType = (typeof FIELD_TYPES)[number];

interface FieldRow {
  name: string;
  type: FieldType;
  required: boolean;
  /** Keywords the simple editor does not show (description, default, …), kept across edits. */
  rest: JsonSchema;
}

function rowsOf(schema: JsonSchema): FieldRow[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const type = typeof property.type === 'string' && (FIELD_TYPES as readonly string[]).includes(property.type)
      ? (property.type as FieldType)
      : 'string';
    return { name, type, required: required.has(name), rest: property };
  });
}

function schemaOf(rows: FieldRow[], base: JsonSchema): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const row of rows) properties[row.name] = { ...row.rest, type: row.type };
  const required = rows.filter((r) => r.required).map((r) => r.name);
  const schema: JsonSchema = { ...base, type: 'object', properties };
  if (required.length > 0) schema.required = required;
  else delete schema.required;
  return schema;
}

function rowsProblem(rows: FieldRow[]): string | null {
  const names = rows.map((r) => r.name.trim());
  if (names.some((n) => !n)) return 'Every field needs a name.';
  if (new Set(names).size !== names.length) return 'Field names must be unique.';
  if (names.some((n) => !/^[A-Za-z_][\w-]*$/.test(n))) return 'Names: letters, digits, _ and -, starting with a letter or _.';
  return null;
}

/** The run input as a list of named, typed fields; the run form is generated from it. */
export function InputSchemaEditor() {
  const store = useDesignerStore();
  const schema = useDesigner((s) => s.graph.inputSchema);
  const [rows, setRows] = useState(() => rowsOf(schema));
  const pushed = useRef(schema);
  const problem = rowsProblem(rows);

  // Undo, redo and restore replace the schema from outside: start over from it.
  useEffect(() => {
    if (schema === pushed.current) return;
    pushed.current = schema;
    setRows(rowsOf(schema));
  }, [schema]);

  const edit = (next: FieldRow[]) => {
    setRows(next);
    if (rowsProblem(next)) return;
    const nextSchema = schemaOf(next.map((r) => ({ ...r, name: r.name.trim() })), store.getState().graph.inputSchema);
    pushed.current = nextSchema;
    store.dispatch({ type: 'updateGraph', patch: { inputSchema: nextSchema }, coalesceKey: 'inputSchema' });
  };
  const patchRow = (index: number, patch: Partial<FieldRow>) =>
    edit(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  return (
    <fieldset className="fieldset inspector__section" data-testid="input-schema-editor">
      <legend>Run input</legend>
      {rows.length === 0 && <p className="hint">No input fields. Runs start with an empty object.</p>}
      {rows.map((row, index) => (
        <div className="schema-row" key={index}>
          <input
            type="text"
            className="mono"
            aria-label={`Input field ${index + 1} name`}
            data-testid={`input-field-name-${index}`}
            placeholder="symbol"
            value={row.name}
            onChange={(e) => patchRow(index, { name: e.target.value })}
          />
          <select
            aria-label={`Input field ${index + 1} type`}
            data-testid={`input-field-type-${index}`}
            value={row.type}
            onChange={(e) => patchRow(index, { type: e.target.value as FieldType })}
          >
            {FIELD_TYPES.map((type) => <option key={type} value={type}>{type}</option>)}
          </select>
          <label className="schema-row__required" title="Required">
            <input type="checkbox" checked={row.required} onChange={(e) => patchRow(index, { required: e.target.checked })} />
            req.
          </label>
          <button
            type="button"
            className="button button--ghost button--small"
            aria-label={`Remove input field ${row.name || index + 1}`}
            onClick={() => edit(rows.filter((_, i) => i !== index))}
          >
            ×
          </button>
        </div>
      ))}
      {problem && <div className="field__error">{problem}</div>}
      <button
        type="button"
        className="button button--small"
        data-testid="add-input-field"
        onClick={() => setRows([...rows, { name: '', type: 'string', required: false, rest: {} }])}
      >
        + Add field
      </button>
    </fieldset>
  );
}
