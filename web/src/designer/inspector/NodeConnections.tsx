import { useMemo, useRef, useState } from 'react';
import { connectionChoices, connectionRefusal, describeConnection, edgeFromConnection, type ConnectionChoice } from '../connectionRules';
import { useDesignerStore, useGraphStructure } from '../store';
import { useCatalog } from '../useCatalog';

function ChoiceOption({ choice }: { choice: ConnectionChoice }) {
  return (
    <option value={choice.key} disabled={choice.refusal !== null} title={choice.refusal ?? undefined}>
      {choice.refusal ? `${choice.label} — refused: ${choice.refusal}` : choice.label}
    </option>
  );
}

/**
 * The node's wires, each removable, and a "Connect with…" picker: the keyboard's way to draw a wire. It offers every
 * handle pair between this node and the chosen one, refused pairs disabled with the canvas's own reason.
 */
export function NodeConnections({ nodeId }: { nodeId: string }) {
  const store = useDesignerStore();
  const catalog = useCatalog();
  const graph = useGraphStructure();
  const [peerId, setPeerId] = useState('');
  const [picked, setPicked] = useState('');
  const [status, setStatus] = useState<{ text: string; refused: boolean } | null>(null);
  const peerRef = useRef<HTMLSelectElement>(null);

  const wired = useMemo(() => graph.edges.filter((e) => e.source === nodeId || e.target === nodeId), [graph.edges, nodeId]);
  const peers = useMemo(
    () =>
      graph.nodes
        .filter((n) => n.id !== nodeId)
        .map((n) => ({ id: n.id, title: n.label || catalog.get(n.type, n.typeVersion)?.entry.title || n.type })),
    [graph.nodes, nodeId, catalog],
  );
  const choices = useMemo(
    () => (peerId ? connectionChoices(graph, catalog, nodeId, peerId) : []),
    [graph, catalog, nodeId, peerId],
  );
  const allowed = choices.filter((c) => c.refusal === null);
  const chosen = allowed.find((c) => c.key === picked) ?? allowed[0];
  const incoming = choices.filter((c) => c.direction === 'in');
  const outgoing = choices.filter((c) => c.direction === 'out');

  const connect = () => {
    if (!chosen) return;
    // The graph may have changed since the list was drawn: ask the rules again, as the canvas does on drop.
    const refusal = connectionRefusal(store.getState().graph, catalog, chosen.connection);
    if (refusal) {
      setStatus({ text: refusal, refused: true });
      return;
    }
    store.dispatch({ type: 'connect', edge: edgeFromConnection(chosen.connection) });
    setStatus({ text: `Connected ${chosen.label}.`, refused: false });
    // Start over (the button goes away with the pair), ready for the next wire.
    setPeerId('');
    setPicked('');
    peerRef.current?.focus();
  };

  const remove = (id: string, label: string) => {
    store.dispatch({ type: 'remove', nodeIds: [], edgeIds: [id] });
    setStatus({ text: `Removed ${label}.`, refused: false });
  };

  return (
    <fieldset className="fieldset inspector__section" data-testid="node-connections">
      <legend>Connections</legend>
      {wired.length === 0 ? (
        <p className="hint">Not wired yet.</p>
      ) : (
        <ul className="connections__list">
          {wired.map((edge) => {
            const label = describeConnection(edge);
            return (
              <li key={edge.id} className="connections__item" data-testid={`connection-${edge.id}`}>
                <span className="mono small">{label}</span>
                <button
                  type="button"
                  className="button button--ghost button--small"
                  aria-label={`Remove ${label}`}
                  title="Remove this wire"
                  onClick={() => remove(edge.id, label)}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="field">
        <label htmlFor={`connect-${nodeId}-peer`}>Connect with</label>
        <select
          ref={peerRef}
          id={`connect-${nodeId}-peer`}
          data-testid="connect-peer"
          value={peerId}
          onChange={(event) => {
            setPeerId(event.target.value);
            setPicked('');
            setStatus(null);
          }}
        >
          <option value="">Choose a node…</option>
          {peers.map((peer) => (
            <option key={peer.id} value={peer.id}>
              {peer.id} · {peer.title}
            </option>
          ))}
        </select>
      </div>
      {peerId && (
        <>
          <div className="field">
            <label htmlFor={`connect-${nodeId}-wire`}>Wire</label>
            <select
              id={`connect-${nodeId}-wire`}
              data-testid="connect-wire"
              value={chosen?.key ?? ''}
              onChange={(event) => setPicked(event.target.value)}
            >
              {!chosen && <option value="">No wire is possible</option>}
              {incoming.length > 0 && (
                <optgroup label={`${peerId} into ${nodeId}`}>
                  {incoming.map((c) => <ChoiceOption key={c.key} choice={c} />)}
                </optgroup>
              )}
              {outgoing.length > 0 && (
                <optgroup label={`${nodeId} into ${peerId}`}>
                  {outgoing.map((c) => <ChoiceOption key={c.key} choice={c} />)}
                </optgroup>
              )}
            </select>
            {!chosen && choices.length > 0 && (
              <ul className="field__error connections__refusals" data-testid="connect-refusals">
                {[...new Set(choices.map((c) => c.refusal))].map((reason) => <li key={reason}>{reason}</li>)}
              </ul>
            )}
          </div>
          <button type="button" className="button button--small" data-testid="connect-submit" disabled={!chosen} onClick={connect}>
            Connect
          </button>
        </>
      )}
      <p
        className={status?.refused ? 'field__error' : 'hint'}
        role="status"
        aria-live="polite"
        data-testid={status?.refused ? 'connection-refused' : 'connect-status'}
      >
        {status?.refused ? `Connection refused. ${status.text}` : status?.text}
      </p>
    </fieldset>
  );
}
