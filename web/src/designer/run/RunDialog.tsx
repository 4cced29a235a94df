import { useMutation } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { startGraphRun } from '../../api/graphs';
import { ErrorNotice } from '../../common/ErrorNotice';
import { FieldError } from '../../common/FieldError';
import { newIdempotencyKey } from '../../imports/idempotencyKey';
import { selectDirty, useDesigner, useDesignerStore } from '../store';
import { buildRunInput, initialRunValues, runInputFields, type RunInputField } from './runInputForm';

interface RunDialogProps {
  graphId: string;
  /** Saves pending edits first, so the run executes what is on the canvas. */
  save: () => Promise<unknown>;
  onClose: () => void;
}

function RunInputControl({ field, value, error, onChange }: { field: RunInputField; value: string; error?: string; onChange: (v: string) => void }) {
  const id = `run-input-${field.name}`;
  const common = { id, 'data-testid': id, 'aria-invalid': !!error || undefined, 'aria-describedby': error ? `${id}-error` : undefined };
  let control;
  if (field.kind === 'boolean') {
    control = <input {...common} type="checkbox" checked={value === 'true'} onChange={(e) => onChange(String(e.target.checked))} />;
  } else if (field.kind === 'enum') {
    control = (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>
        {(field.schema.enum as string[]).map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    );
  } else if (field.kind === 'json') {
    control = <textarea {...common} className="mono" rows={3} value={value} onChange={(e) => onChange(e.target.value)} placeholder="JSON" />;
  } else {
    control = (
      <input
        {...common}
        type={field.kind === 'string' ? 'text' : 'number'}
        step={field.kind === 'integer' ? 1 : 'any'}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>
        {field.name}
        {field.required && <span className="flow-port__required" aria-label="required">*</span>}
        <span className="param-field__type">{field.kind}</span>
      </label>
      {control}
      {field.schema.description && <p className="hint">{field.schema.description}</p>}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** The run form, generated from the graph's input schema. */
export function RunDialog({ graphId, save, onClose }: RunDialogProps) {
  const store = useDesignerStore();
  const inputSchema = useDesigner((s) => s.graph.inputSchema);
  const dirty = useDesigner(selectDirty);
  const fields = useMemo(() => runInputFields(inputSchema), [inputSchema]);
  const [values, setValues] = useState(() => initialRunValues(fields));
  const [errors, setErrors] = useState<Record<string, string>>({});
  // One key per opened form: a double click or a retried request must not start a second run.
  const idempotencyKey = useRef(newIdempotencyKey());
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input, select, textarea, button[type="submit"]')?.focus();
  }, []);

  const start = useMutation({
    mutationFn: async (input: Record<string, unknown>) => {
      if (dirty) await save();
      return startGraphRun(graphId, { input }, idempotencyKey.current);
    },
    onSuccess: (run) => {
      store.dispatch({ type: 'runStarted', run });
      onClose();
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const built = buildRunInput(fields, values);
    setErrors(built.errors);
    if (Object.keys(built.errors).length === 0) start.mutate(built.input);
  };

  return (
    <div className="modal" role="presentation" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
        ref={formRef}
        className="modal__card form"
        role="dialog"
        aria-modal="true"
        aria-labelledby="run-dialog-title"
        onSubmit={onSubmit}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
        noValidate
      >
        <h2 id="run-dialog-title">Run graph</h2>
        {dirty && <div className="notice notice--warn">Unsaved changes will be saved as a new version before the run starts.</div>}
        {start.isError && <ErrorNotice title="Could not start the run" error={start.error} />}
        {fields.length === 0 ? (
          <p className="muted">This graph takes no input.</p>
        ) : (
          fields.map((field) => (
            <RunInputControl
              key={field.name}
              field={field}
              value={values[field.name] ?? ''}
              error={errors[field.name]}
              onChange={(v) => setValues((current) => ({ ...current, [field.name]: v }))}
            />
          ))
        )}
        <div className="form__actions">
          <button type="submit" className="button button--primary" data-testid="run-input-submit" disabled={start.isPending}>
            {start.isPending ? 'Starting…' : dirty ? 'Save and run' : 'Start run'}
          </button>
          <button type="button" className="button button--ghost" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </div>
  );
}
