import { Link } from 'react-router-dom';
import { selectCanRedo, selectCanUndo, selectDirty, useDesigner, useDesignerStore } from '../store';
import { KeyboardHelp } from './KeyboardHelp';

interface DesignerToolbarProps {
  name: string;
  onNameChange: (name: string) => void;
  nameDirty: boolean;
  currentVersion: number;
  saving: boolean;
  onSave: () => void;
  onLayout: () => void;
  versionsOpen: boolean;
  onToggleVersions: () => void;
  runsOpen: boolean;
  onToggleRuns: () => void;
  helpOpen: boolean;
  onToggleHelp: () => void;
  onRun: () => void;
}

export function DesignerToolbar(props: DesignerToolbarProps) {
  const { name, onNameChange, nameDirty, currentVersion, saving, onSave, onLayout, versionsOpen, onToggleVersions, onRun } = props;
  const { runsOpen, onToggleRuns, helpOpen, onToggleHelp } = props;
  const store = useDesignerStore();
  const canUndo = useDesigner(selectCanUndo);
  const canRedo = useDesigner(selectCanRedo);
  const dirty = useDesigner(selectDirty) || nameDirty;
  const nodeCount = useDesigner((s) => s.graph.nodes.length);

  return (
    <div className="designer__toolbar" role="toolbar" aria-label="Designer">
      <Link to="/graphs" className="designer__back">← Graphs</Link>
      <input
        type="text"
        className="designer__name"
        aria-label="Graph name"
        data-testid="graph-name"
        value={name}
        onChange={(event) => onNameChange(event.target.value)}
      />
      <span className="muted small">{nodeCount} node{nodeCount === 1 ? '' : 's'}</span>
      <div className="toolbar__group">
        <button type="button" className="button button--small" data-testid="undo" disabled={!canUndo} title="Undo (Ctrl+Z)" onClick={() => store.dispatch({ type: 'undo' })}>
          ↶ Undo
        </button>
        <button type="button" className="button button--small" data-testid="redo" disabled={!canRedo} title="Redo (Ctrl+Shift+Z)" onClick={() => store.dispatch({ type: 'redo' })}>
          ↷ Redo
        </button>
        <button type="button" className="button button--small" data-testid="auto-layout" disabled={nodeCount === 0} onClick={onLayout}>
          Auto-layout
        </button>
        <KeyboardHelp open={helpOpen} onToggle={onToggleHelp} />
      </div>
      <div className="toolbar__group toolbar__group--end">
        <button type="button" className="button button--small" data-testid="graph-runs" aria-pressed={runsOpen} onClick={onToggleRuns} title="This graph's recent runs">
          Runs
        </button>
        <button type="button" className="button button--small" data-testid="versions" aria-pressed={versionsOpen} onClick={onToggleVersions}>
          Versions
        </button>
        <button
          type="button"
          className="button button--small button--primary"
          data-testid="save-graph"
          disabled={saving}
          title="Save a new version (Ctrl+S)"
          onClick={onSave}
        >
          {saving ? 'Saving…' : dirty ? `Save (v${currentVersion} → v${currentVersion + 1})` : `Saved · v${currentVersion}`}
        </button>
        <button type="button" className="button button--small" data-testid="run-graph" disabled={nodeCount === 0} onClick={onRun}>
          ▶ Run
        </button>
      </div>
    </div>
  );
}
