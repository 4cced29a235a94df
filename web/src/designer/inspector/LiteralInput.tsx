import { useEffect, useRef, useState } from 'react';
import type { ParamField } from '../catalogIndex';
import type { FieldKind } from './fieldKinds';

interface LiteralInputProps {
  id: string;
  kind: FieldKind;
  field: ParamField;
  value: unknown;
  onChange: (value: unknown) => void;
  describedBy?: string;
  invalid?: boolean;
}

function JsonInput({ id, value, onChange, describedBy, invalid }: Omit<LiteralInputProps, 'kind' | 'field'>) {
  const format = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 2));
  const [text, setText] = useState(() => format(value));
  const [error, setError] = useState<string | null>(null);
  const lastEmitted = useRef(value);

  // Undo/redo replaces the value from outside; show it unless it is what this field just produced.
  useEffect(() => {
    if (value === lastEmitted.current) return;
    lastEmitted.current = value;
    setText(format(value));
    setError(null);
  }, [value]);

  const onText = (next: string) => {
    setText(next);
    if (!next.trim()) {
      setError(null);
      lastEmitted.current = undefined;
      onChange(undefined);
      return;
    }
    try {
      const parsed: unknown = JSON.parse(next);
      setError(null);
      lastEmitted.current = parsed;
      onChange(parsed);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Not valid JSON');
    }
  };

  return (
    <>
      <textarea
        id={id}
        className="mono"
        rows={Math.min(8, Math.max(2, text.split('\n').length))}
        spellCheck={false}
        value={text}
        onChange={(event) => onText(event.target.value)}
        aria-invalid={!!error || invalid || undefined}
        aria-describedby={describedBy}
      />
      {error && <div className="field__error">JSON: {error}</div>}
    </>
  );
}

/** The plain-value editor for one param, chosen from its JSON Schema. */
export function LiteralInput({ id, kind, field, value, onChange, describedBy, invalid }: LiteralInputProps) {
  const common = { id, 'aria-describedby': describedBy, 'aria-invalid': invalid || undefined, 'data-testid': `param-${field.name}` };
  switch (kind) {
    case 'enum':
      return (
        <select {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value || undefined)}>
          {(field.schema.default === undefined || !field.required) && (
            <option value="">{field.schema.default === undefined ? '—' : `— (default: ${String(field.schema.default)})`}</option>
          )}
          {(field.schema.enum as string[]).map((option) => (
            <option key={option} value={option}>{option}</option>
          ))}
        </select>
      );
    case 'boolean':
      return (
        <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
      );
    case 'number':
    case 'integer':
      return (
        <input
          {...common}
          type="number"
          step={kind === 'integer' ? 1 : 'any'}
          min={field.schema.minimum}
          max={field.schema.maximum}
          placeholder={field.schema.default !== undefined ? String(field.schema.default) : undefined}
          value={typeof value === 'number' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      );
    case 'string':
      return (
        <input
          {...common}
          type="text"
          placeholder={typeof field.schema.default === 'string' ? field.schema.default : undefined}
          value={typeof value === 'string' ? value : ''}
          // Blank optional fields are dropped so the node type's default applies.
          onChange={(e) => onChange(e.target.value === '' && !field.required ? undefined : e.target.value)}
        />
      );
    case 'json':
      return <JsonInput id={id} value={value} onChange={onChange} describedBy={describedBy} invalid={invalid} />;
  }
}
