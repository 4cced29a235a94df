import { ON_ERROR_OPTIONS, type CatalogEntry, type GraphNode, type OnError, type RetryPolicy } from '../../api/graphTypes';
import type { useNodeEditor } from './useNodeEditor';

const ON_ERROR_LABEL: Record<OnError, string> = {
  fail: 'Fail the run',
  continue: 'Continue (output null)',
  'error-branch': 'Follow the error branch',
};

function withMaxAttempts(retry: RetryPolicy | undefined, attempts: number | undefined): RetryPolicy | undefined {
  const next = { ...retry, maximumAttempts: attempts };
  if (attempts === undefined) delete next.maximumAttempts;
  return Object.keys(next).length > 0 ? next : undefined;
}

interface NodeSettingsProps {
  node: GraphNode;
  entry: CatalogEntry | undefined;
  setSetting: ReturnType<typeof useNodeEditor>['setSetting'];
}

/** Per-node policies: how it is labelled, how long one attempt may take, how often it is retried, what a failure does. */
export function NodeSettings({ node, entry, setSetting }: NodeSettingsProps) {
  const id = node.id;
  const retryPlaceholder = entry?.defaults.retry.maximumAttempts;
  return (
    <fieldset className="fieldset inspector__section">
      <legend>Node</legend>
      <div className="field">
        <label htmlFor={`node-${id}-label`}>Label</label>
        <input
          id={`node-${id}-label`}
          type="text"
          data-testid="inspector-label"
          placeholder={entry?.title}
          value={node.label ?? ''}
          onChange={(e) => setSetting('label', () => ({ label: e.target.value || undefined }))}
        />
      </div>
      <div className="field-row field-row--2">
        <div className="field">
          <label htmlFor={`node-${id}-timeout`}>Timeout</label>
          <input
            id={`node-${id}-timeout`}
            type="text"
            className="mono"
            placeholder={entry?.defaults.timeout ?? '1m'}
            value={node.timeout ?? ''}
            onChange={(e) => setSetting('timeout', () => ({ timeout: e.target.value.trim() || undefined }))}
          />
        </div>
        <div className="field">
          <label htmlFor={`node-${id}-attempts`}>Max attempts</label>
          <input
            id={`node-${id}-attempts`}
            type="number"
            min={1}
            max={1000}
            step={1}
            placeholder={retryPlaceholder !== undefined ? String(retryPlaceholder) : undefined}
            value={node.retry?.maximumAttempts ?? ''}
            onChange={(e) => {
              const attempts = e.target.value === '' ? undefined : Number(e.target.value);
              setSetting('retry', (current) => ({ retry: withMaxAttempts(current.retry, attempts) }));
            }}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`node-${id}-on-error`}>On error</label>
        <select
          id={`node-${id}-on-error`}
          data-testid="inspector-on-error"
          value={node.onError}
          onChange={(e) => setSetting('onError', () => ({ onError: e.target.value as OnError }))}
        >
          {ON_ERROR_OPTIONS.map((option) => (
            <option key={option} value={option}>{ON_ERROR_LABEL[option]}</option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}
