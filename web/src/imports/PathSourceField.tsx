import { FieldError } from '../common/FieldError';

interface PathSourceFieldProps {
  path: string;
  error: string | undefined;
  onChange: (path: string) => void;
}

export function PathSourceField({ path, error, onChange }: PathSourceFieldProps) {
  return (
    <div className="field">
      <label htmlFor="import-path">Path on the server</label>
      <input
        id="import-path"
        type="text"
        className="mono"
        data-testid="import-path-input"
        placeholder="../shared/data/ashare/000001.SH_D.csv"
        spellCheck={false}
        autoComplete="off"
        value={path}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={!!error || undefined}
        aria-describedby={error ? 'import-path-hint import-path-error' : 'import-path-hint'}
      />
      <p id="import-path-hint" className="hint">
        Must be under one of the server&apos;s configured import roots, e.g.{' '}
        <code>../shared/data/ashare/000001.SH_D.csv</code>
      </p>
      <FieldError id="import-path-error" message={error} />
    </div>
  );
}
