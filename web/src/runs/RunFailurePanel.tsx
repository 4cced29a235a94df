import type { RowError, RunFailure } from '../api/types';
import { formatCount } from '../common/format';

function RowErrorsTable({ errors, errorCount }: { errors: RowError[]; errorCount: number }) {
  const hidden = errorCount - errors.length;
  return (
    <div data-testid="run-errors">
      <h3 className="card__subtitle">Problems in the file</h3>
      <table className="table table--compact">
        <thead>
          <tr>
            <th scope="col" className="num">Line</th>
            <th scope="col">Column</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((error, index) => (
            <tr key={`${error.line}-${error.column ?? ''}-${index}`}>
              <td className="num mono">{error.line}</td>
              <td className="mono">{error.column ?? '—'}</td>
              <td>{error.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {hidden > 0 && <p className="muted">{formatCount(hidden)} more problems not shown.</p>}
    </div>
  );
}

export function RunFailurePanel({ failure }: { failure: RunFailure }) {
  const errors = failure.errors ?? [];
  return (
    <section className="card card--failed">
      <h2 className="card__title">Failure</h2>
      <div className="notice notice--error">
        <div className="pre-wrap">{failure.message}</div>
        {failure.type && <div className="notice__meta mono">{failure.type}</div>}
      </div>
      {errors.length > 0 && (
        <RowErrorsTable errors={errors} errorCount={Math.max(failure.errorCount ?? 0, errors.length)} />
      )}
    </section>
  );
}
