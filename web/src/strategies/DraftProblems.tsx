import type { DraftCheck } from './useAutosave';

interface DraftProblemsProps {
  check: DraftCheck | null;
  stale: boolean;
  /** Moves the caret to a 1-based line and column. */
  onJump: (line: number, column: number) => void;
}

/** What is wrong with the draft: a JSON syntax error with its place, or spec problems by JSON path. */
export function DraftProblems({ check, stale, onJump }: DraftProblemsProps) {
  if (!check) return <div className="draft-problems muted small">Checking…</div>;
  const { jsonError, problems, warnings } = check;
  return (
    <div className={stale ? 'draft-problems draft-problems--stale' : 'draft-problems'} data-testid="draft-problems">
      {jsonError ? (
        <div className="draft-problems__item draft-problems__item--error" data-testid="json-error">
          {jsonError.line !== null && jsonError.column !== null ? (
            <button type="button" className="link-button mono" onClick={() => onJump(jsonError.line!, jsonError.column!)}>
              Line {jsonError.line}, column {jsonError.column}
            </button>
          ) : (
            <span className="mono">JSON</span>
          )}
          <span>{jsonError.message}</span>
        </div>
      ) : problems.length === 0 ? (
        <div className="draft-problems__ok" data-testid="spec-valid">The spec is valid.</div>
      ) : (
        <ul className="draft-problems__list" data-testid="spec-problems">
          {problems.map((p, i) => (
            <li key={`${p.path}-${i}`} className="draft-problems__item draft-problems__item--error">
              <code>{p.path}</code> <span>{p.message}</span>
            </li>
          ))}
        </ul>
      )}
      {!jsonError && warnings.length > 0 && (
        <ul className="draft-problems__list">
          {warnings.map((w, i) => (
            <li key={`${w.path}-${i}`} className="draft-problems__item draft-problems__item--warn">
              <code>{w.path}</code> <span>{w.message}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
