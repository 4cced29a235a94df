import type { BuiltinParam } from '../api/backtests';
import { FieldError } from '../common/FieldError';
import { rangeHint, type ParamDrafts } from './paramDrafts';

interface ParamFieldsProps {
  params: Record<string, BuiltinParam>;
  drafts: ParamDrafts;
  onChange: (name: string, draft: string) => void;
  /** By param name: the form's own check, or the server's 400 for `params.<name>`. */
  errors: Record<string, string | undefined>;
  /** By param name: something worth knowing that does not stop the run. */
  notes?: Record<string, string | undefined>;
}

/** One number field per param of a library entry, built from its range, with the param's description as the hint. */
export function ParamFields({ params, drafts, onChange, errors, notes = {} }: ParamFieldsProps) {
  return (
    <div className="field-row">
      {Object.entries(params).map(([name, param]) => {
        const id = `param-${name}`;
        const error = errors[name];
        return (
          <div key={name} className="field" data-param={name}>
            <label htmlFor={id}>{name}</label>
            <input
              id={id}
              type="number"
              className="mono"
              min={param.min}
              max={param.max}
              step={param.integer ? 1 : 'any'}
              value={drafts[name] ?? ''}
              onChange={(e) => onChange(name, e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
              data-testid={id}
            />
            <p id={`${id}-hint`} className="hint">
              {param.description}. <span className="nowrap">{rangeHint(param)}.</span>
            </p>
            <FieldError id={`${id}-error`} message={error} />
            {notes[name] && <p className="hint rotation-form__note" data-testid={`${id}-note`}>{notes[name]}</p>}
          </div>
        );
      })}
    </div>
  );
}
