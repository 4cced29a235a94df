import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../common/ErrorNotice';
import { useCreateGraph } from './useGraphs';

export function NewGraphForm({ onCancel }: { onCancel: () => void }) {
  const [name, setName] = useState('');
  const create = useCreateGraph();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) create.mutate(name.trim());
  };
  return (
    <form className="card new-graph" onSubmit={onSubmit}>
      {create.isError && <ErrorNotice title="Could not create the graph" error={create.error} />}
      <div className="field">
        <label htmlFor="new-graph-name">Name</label>
        <input
          id="new-graph-name"
          type="text"
          data-testid="new-graph-name"
          autoFocus
          placeholder="Daily momentum screen"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div className="form__actions">
        <button type="submit" className="button button--primary" data-testid="create-graph" disabled={!name.trim() || create.isPending}>
          {create.isPending ? 'Creating…' : 'Create and open'}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
