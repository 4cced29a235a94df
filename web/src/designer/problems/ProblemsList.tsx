import { useReactFlow } from '@xyflow/react';
import type { Problem } from '../../api/graphTypes';
import { useDesigner, useDesignerStore } from '../store';
import type { ValidationStatus } from './useLiveValidation';

const STATUS_TEXT: Record<ValidationStatus, string> = {
  pending: '',
  checking: 'Checking…',
  done: '',
  unavailable: 'Validation unavailable; the server checks again on save.',
};

function where(problem: Problem): string {
  if (problem.nodeId) return problem.field ? `${problem.nodeId} · ${problem.field}` : problem.nodeId;
  if (problem.edgeId) return `edge ${problem.edgeId}`;
  return problem.field ?? 'graph';
}

export function ProblemsList({ status }: { status: ValidationStatus }) {
  const store = useDesignerStore();
  const problems = useDesigner((s) => s.problems);
  const { fitView } = useReactFlow();

  const reveal = (problem: Problem) => {
    if (problem.nodeId) {
      store.dispatch({ type: 'select', selection: { nodeIds: [problem.nodeId], edgeIds: [] } });
      void fitView({ nodes: [{ id: problem.nodeId }], duration: 300, maxZoom: 1.2, includeHiddenNodes: true });
    } else if (problem.edgeId) {
      store.dispatch({ type: 'select', selection: { nodeIds: [], edgeIds: [problem.edgeId] } });
    }
  };

  return (
    <details className="problems" data-testid="problems" open={problems.length > 0 || undefined}>
      <summary className="problems__summary">
        {problems.length === 0 ? (
          <span className="problems__ok">No problems</span>
        ) : (
          <span className="problems__count">{problems.length} problem{problems.length === 1 ? '' : 's'}</span>
        )}
        <span className="muted small" aria-live="polite">{STATUS_TEXT[status]}</span>
      </summary>
      {problems.length > 0 && (
        <ul className="problems__list">
          {problems.map((problem, index) => (
            <li key={`${problem.code}-${problem.nodeId ?? ''}-${problem.edgeId ?? ''}-${problem.field ?? ''}-${index}`}>
              <button type="button" className="problems__item" onClick={() => reveal(problem)}>
                <span className="problems__where mono">{where(problem)}</span>
                <span>{problem.message}</span>
                <span className="problems__code mono">{problem.code}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
