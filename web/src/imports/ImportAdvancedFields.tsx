import { useEffect, useState } from 'react';
import type { MappedField, TimeFormat } from '../api/types';
import { FieldError } from '../common/FieldError';
import {
  advancedErrorFields,
  columnFieldName,
  hasAdvancedContent,
  MAPPED_FIELDS,
  mappedFieldLabel,
  TIME_FORMAT_OPTIONS,
  type FieldErrors,
  type ImportFormValues,
} from './importForm';

interface ImportAdvancedFieldsProps {
  values: ImportFormValues;
  errors: FieldErrors;
  onChange: (patch: Partial<ImportFormValues>) => void;
}

const PLACEHOLDERS: Partial<Record<MappedField, string>> = {
  time: 'auto, e.g. Trade Date',
  timeOfDay: 'only with a separate time column',
  close: 'auto, e.g. Last',
  volume: 'auto, e.g. Shares',
};

/** Column mapping and time format: folded away, since most files need neither. */
export function ImportAdvancedFields({ values, errors, onChange }: ImportAdvancedFieldsProps) {
  const [open, setOpen] = useState(() => hasAdvancedContent(values, errors));
  // A complaint about a mapped column must be visible, so the section opens whenever a new one arrives, even after
  // the user folded it.
  const complaints = advancedErrorFields(errors).join(' ');
  useEffect(() => {
    if (complaints) setOpen(true);
  }, [complaints]);

  const setColumn = (field: MappedField, name: string) => onChange({ columns: { ...values.columns, [field]: name } });

  return (
    <details open={open} onToggle={(event) => setOpen(event.currentTarget.open)} data-testid="import-advanced">
      <summary className="card__title">Column mapping and time format</summary>
      <div className="fieldset">
        <p className="hint">
          Header names in the file for each bar field, matched case-insensitively. Blank fields are found by their usual
          names (dt, open, close, vol, …).
        </p>
        <div className="field-row">
          <div className="field">
            <label htmlFor="import-time-format">Time format</label>
            <select
              id="import-time-format"
              data-testid="import-time-format"
              value={values.timeFormat}
              onChange={(event) => onChange({ timeFormat: event.target.value as TimeFormat })}
              aria-invalid={!!errors.timeFormat || undefined}
              aria-describedby={errors.timeFormat ? 'import-time-format-error' : undefined}
            >
              {TIME_FORMAT_OPTIONS.map((option) => (
                <option key={option.value} value={option.value}>{option.label}</option>
              ))}
            </select>
            <FieldError id="import-time-format-error" message={errors.timeFormat} />
          </div>
          {MAPPED_FIELDS.map((field) => {
            const id = `import-column-${field}`;
            const error = errors[columnFieldName(field)];
            return (
              <div className="field" key={field}>
                <label htmlFor={id}>{mappedFieldLabel(field)} column</label>
                <input
                  id={id}
                  type="text"
                  className="mono"
                  data-testid={id}
                  placeholder={PLACEHOLDERS[field] ?? 'auto'}
                  spellCheck={false}
                  autoComplete="off"
                  value={values.columns[field]}
                  onChange={(event) => setColumn(field, event.target.value)}
                  aria-invalid={!!error || undefined}
                  aria-describedby={error ? `${id}-error` : undefined}
                />
                <FieldError id={`${id}-error`} message={error} />
              </div>
            );
          })}
        </div>
      </div>
    </details>
  );
}
