import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../api/client';
import type { SavedStrategy } from '../api/backtests';
import { ErrorNotice } from '../common/ErrorNotice';
import { RunBacktestForm } from './RunBacktestForm';
import { SpecEditor } from './SpecEditor';
import { useAutosave } from './useAutosave';
import { useEditHistory } from './useEditHistory';
import { useStrategy } from './useStrategies';

function textOf(strategy: SavedStrategy): string {
  if (strategy.kind === 'code') return typeof strategy.content.source === 'string' ? strategy.content.source : '';
  return JSON.stringify(strategy.content, null, 2);
}

/** The spec's timeframe, read leniently from the draft (it may not parse). */
function draftTimeframe(text: string): string | undefined {
  return /"timeframe"\s*:\s*"([^"]+)"/.exec(text)?.[1];
}

/** Editor and run form of one loaded strategy; mounted once per strategy so the draft starts from what is stored. */
function StrategyWorkspace({ strategy }: { strategy: SavedStrategy }) {
  const [initialText] = useState(() => textOf(strategy));
  const history = useEditHistory(initialText);
  const [name, setName] = useState(strategy.name);
  const autosave = useAutosave(strategy, name, history.text, initialText);
  return (
    <>
      <div className="page__header">
        <h1>{name || 'Untitled strategy'}</h1>
        <span className="muted">{strategy.kind === 'spec' ? 'Spec strategy' : 'Code strategy'}</span>
      </div>
      {strategy.description && <p className="muted">{strategy.description}</p>}
      <div className="workspace">
        <SpecEditor
          kind={strategy.kind}
          name={name}
          onName={setName}
          text={history.text}
          onText={history.edit}
          undo={history.undo}
          redo={history.redo}
          canUndo={history.canUndo}
          canRedo={history.canRedo}
          autosave={autosave}
        />
        <RunBacktestForm strategyId={strategy.id} saved={autosave.state === 'saved'} timeframe={draftTimeframe(history.text)} />
      </div>
    </>
  );
}

export function StrategyPage() {
  const { id = '' } = useParams();
  const strategy = useStrategy(id);
  return (
    <section>
      <Link to="/strategies" className="back-link">← Strategies</Link>
      {strategy.isPending ? (
        <p className="muted">Loading strategy…</p>
      ) : strategy.isError ? (
        isApiError(strategy.error, 404) ? (
          <div className="empty"><h1>Strategy not found</h1><p>No strategy <code>{id}</code>; it may have been deleted.</p></div>
        ) : (
          <ErrorNotice title="Could not load the strategy" error={strategy.error} onRetry={() => strategy.refetch()} />
        )
      ) : (
        <StrategyWorkspace key={strategy.data.id} strategy={strategy.data} />
      )}
    </section>
  );
}
