import { formatDateTime, formatDuration } from '../../common/format';
import { TemporalLink } from '../../runs/TemporalLink';
import { selectSelectedNodeId, useDesigner } from '../store';
import { ApprovalForm } from './ApprovalForm';

function Json({ value }: { value: unknown }) {
  return <pre className="code">{value === undefined ? '—' : JSON.stringify(value, null, 2)}</pre>;
}

/** What the selected node did in the run on the canvas. */
export function RunNodePanel() {
  const nodeId = useDesigner(selectSelectedNodeId);
  const run = useDesigner((s) => s.run);
  if (!run || !nodeId) return null;
  const state = run.nodes[nodeId];

  return (
    <section className="run-node-panel" data-testid="run-node-panel" aria-label={`Run of ${nodeId}`}>
      <h3 className="run-node-panel__title">
        Run · <span className="mono">{nodeId}</span>
        <span className={`run-status run-status--${state?.status ?? 'pending'}`}>{state?.status ?? 'pending'}</span>
      </h3>
      {!state ? (
        <p className="muted small">Not reached yet.</p>
      ) : (
        <>
          <dl className="meta small">
            <div><dt>Attempts</dt><dd>{state.attempts}</dd></div>
            <div><dt>Started</dt><dd className="mono">{formatDateTime(state.startedAt)}</dd></div>
            <div><dt>Duration</dt><dd>{formatDuration(state.durationMs)}</dd></div>
          </dl>
          <div className="run-node-panel__data" data-testid="node-output">
            {state.error && (
              <div className="notice notice--error">
                <div className="pre-wrap">{state.error.message}</div>
                {state.error.type && <div className="notice__meta mono">{state.error.type}</div>}
              </div>
            )}
            {state.status === 'completed' && (
              <>
                <h4>Output</h4>
                <Json value={state.output} />
              </>
            )}
            {/* An approver needs to see what they are approving; a failure is easier to read next to its input. */}
            <details open={state.status === 'waiting' || state.status === 'failed'}>
              <summary>Input</summary>
              <Json value={state.input} />
            </details>
          </div>
          {state.status === 'waiting' && <ApprovalForm key={`${run.workflowId}/${nodeId}`} workflowId={run.workflowId} nodeId={nodeId} />}
        </>
      )}
      <TemporalLink href={state?.temporalUiUrl ?? run.temporalUiUrl} className="small" />
    </section>
  );
}
