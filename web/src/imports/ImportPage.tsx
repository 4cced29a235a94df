import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ErrorNotice } from '../common/ErrorNotice';
import {
  columnFieldName,
  describeSubmitFailure,
  INITIAL_VALUES,
  MAPPED_FIELDS,
  validateImportForm,
  type FieldErrors,
  type FieldName,
  type ImportFormValues,
} from './importForm';
import { ImportAdvancedFields } from './ImportAdvancedFields';
import { ImportOptionsFields } from './ImportOptionsFields';
import { PathSourceField } from './PathSourceField';
import { SourceModePicker } from './SourceModePicker';
import { UploadSourceField } from './UploadSourceField';
import { useStartImport } from './useStartImport';

// Which error slot an edited value invalidates; for the column mapping, the slots of the columns that changed.
const FIELD_OF: Record<Exclude<keyof ImportFormValues, 'columns'>, FieldName> = {
  mode: 'source',
  path: 'source',
  file: 'source',
  symbol: 'symbol',
  timeframe: 'timeframe',
  timezone: 'timezone',
  timeFormat: 'timeFormat',
};

function staleFields(patch: Partial<ImportFormValues>, current: ImportFormValues): FieldName[] {
  return (Object.keys(patch) as (keyof ImportFormValues)[]).flatMap((key) =>
    key === 'columns'
      ? MAPPED_FIELDS.filter((field) => patch.columns?.[field] !== current.columns[field]).map(columnFieldName)
      : [FIELD_OF[key]],
  );
}

export function ImportPage() {
  const [values, setValues] = useState<ImportFormValues>(INITIAL_VALUES);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<unknown>(null);
  const start = useStartImport();

  const update = (patch: Partial<ImportFormValues>) => {
    const stale = staleFields(patch, values);
    setValues((current) => ({ ...current, ...patch }));
    // An edited field's old complaint no longer applies; leave the others visible.
    setErrors((current) => {
      const next = { ...current };
      for (const field of stale) delete next[field];
      return next;
    });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (start.isPending) return;
    const clientErrors = validateImportForm(values);
    setErrors(clientErrors);
    setFormError(null);
    if (Object.keys(clientErrors).length > 0) return;
    start.mutate(values, {
      onError: (error) => {
        const failure = describeSubmitFailure(error);
        setErrors(failure.fields);
        setFormError(failure.formError);
      },
    });
  };

  const submitLabel = !start.isPending
    ? 'Start import'
    : start.uploadState && !start.uploadState.upload
      ? 'Uploading…'
      : 'Starting…';

  return (
    <section className="import">
      <div className="page__header">
        <h1>Import market data</h1>
      </div>
      <form className="card form" onSubmit={onSubmit} noValidate>
        {formError !== null && <ErrorNotice title="Could not start the import" error={formError} />}
        <fieldset className="fieldset" disabled={start.isPending}>
          <legend>Source</legend>
          <SourceModePicker mode={values.mode} onChange={(mode) => update({ mode })} />
          {/* Both stay mounted so the browser keeps the chosen file across mode switches. */}
          <div hidden={values.mode !== 'upload'}>
            <UploadSourceField
              file={values.file}
              error={values.mode === 'upload' ? errors.source : undefined}
              uploadState={start.uploadState}
              onChange={(file) => update({ file })}
            />
          </div>
          <div hidden={values.mode !== 'path'}>
            <PathSourceField
              path={values.path}
              error={values.mode === 'path' ? errors.source : undefined}
              onChange={(path) => update({ path })}
            />
          </div>
        </fieldset>
        <fieldset className="fieldset" disabled={start.isPending}>
          <legend>Options</legend>
          <ImportOptionsFields values={values} errors={errors} onChange={update} />
          <ImportAdvancedFields values={values} errors={errors} onChange={update} />
        </fieldset>
        <div className="form__actions">
          <button type="submit" className="button button--primary" data-testid="import-start" disabled={start.isPending}>
            {submitLabel}
          </button>
          <Link to="/runs" className="button button--ghost">Cancel</Link>
        </div>
      </form>
    </section>
  );
}
