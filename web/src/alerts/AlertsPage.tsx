import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { alertKeys, deleteSubscription, getQuota, listSubscriptions, type AlertEvent, type Subscription } from '../api/alerts';
import { ErrorNotice } from '../common/ErrorNotice';
import { formatDateTime } from '../common/format';
import { useAlertStream, useRecentAlerts, type StreamStatus } from './AlertStream';
import { QuotaCard } from './QuotaCard';
import { SubscriptionForm } from './SubscriptionForm';

const STATUS_LABEL: Record<StreamStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  off: 'Not connected',
};

function StreamIndicator() {
  const { status } = useAlertStream();
  const dot = status === 'live' ? 'ok' : status === 'off' ? 'down' : 'degraded';
  return (
    <span className="stream-status" data-testid="alert-stream-status" data-state={status}>
      <span className={`dot dot--${dot}`} aria-hidden="true" /> {STATUS_LABEL[status]}
    </span>
  );
}

function pointOf(a: AlertEvent): string {
  const p = a.payload as { type?: unknown; side?: unknown; price?: unknown; confirmed?: unknown };
  if (typeof p.type !== 'string' || typeof p.side !== 'string') return '—';
  return `${p.type}${p.side === 'buy' ? 'B' : 'S'}${p.confirmed === false ? '?' : ''}`;
}

/** `graph-<uuid>-sched-…-<time>` → its last part: the graph is named in the alert, the run id is in the tooltip. */
function runLabel(workflowId: string): string {
  const tail = workflowId.replace(/^graph-[0-9a-f-]{36}-/, '');
  return tail.length > 28 ? `…${tail.slice(-27)}` : tail;
}

const PAGE = 50;

function AlertList() {
  const alerts = useRecentAlerts();
  const [shown, setShown] = useState(PAGE);
  if (alerts.isPending) return <p className="muted">Loading alerts…</p>;
  if (alerts.isError) return <ErrorNotice title="Could not load alerts" error={alerts.error} onRetry={() => alerts.refetch()} />;
  if (alerts.data.alerts.length === 0) {
    return (
      <p className="muted" data-testid="alerts-empty">
        No alerts yet. They appear here as they are recorded — a scheduled <Link to="/schedules">ChanLun scan</Link> records one per new point.
      </p>
    );
  }
  const list = alerts.data.alerts;
  return (
    <>
      <p className="muted small">
        <span data-testid="alerts-count">{list.length}</span> recent alert{list.length === 1 ? '' : 's'}, newest first
      </p>
      <div className="table-wrap">
        <table className="table table--compact" data-testid="alerts-table">
          <thead>
            <tr>
              <th>Recorded</th>
              <th>Symbol</th>
              <th>Point</th>
              <th>Alert</th>
              <th>From run</th>
            </tr>
          </thead>
          <tbody>
            {list.slice(0, shown).map((a) => (
              <tr key={a.id} data-alert-id={a.id}>
                <td className="mono">{formatDateTime(a.createdAt)}</td>
                <td className="mono">{a.symbol} · {a.timeframe}</td>
                <td><span className="mono">{pointOf(a)}</span></td>
                <td className="wrap">{a.title}{a.subscriptionId ? '' : <span className="muted small"> (your graph)</span>}</td>
                <td className="small nowrap"><Link to={`/runs/${encodeURIComponent(a.source)}`} className="mono" title={a.source}>{runLabel(a.source)}</Link></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.length > shown && (
        <button type="button" className="button button--small load-more" onClick={() => setShown(list.length)} data-testid="alerts-more">
          Show all {list.length}
        </button>
      )}
    </>
  );
}

function SubscriptionRow({ sub }: { sub: Subscription }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => deleteSubscription(sub.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: alertKeys.subscriptions() });
      void queryClient.invalidateQueries({ queryKey: alertKeys.quota });
    },
  });
  const onRemove = () => {
    if (window.confirm(`Remove the alert subscription "${sub.name}"?`)) remove.mutate();
  };
  return (
    <tr data-subscription-id={sub.id}>
      <td>{sub.name}</td>
      <td className="mono small">{sub.symbols.join(', ')}</td>
      <td className="mono">{sub.timeframe}</td>
      <td className="mono">{sub.pointTypes.join(', ')}</td>
      <td>{sub.side}</td>
      <td className="muted small">{formatDateTime(sub.createdAt)}</td>
      <td className="right">
        <button type="button" className="button button--small button--ghost" onClick={onRemove} disabled={remove.isPending} data-testid="remove-subscription">
          {remove.isPending ? 'Removing…' : 'Remove'}
        </button>
        {remove.isError && <ErrorNotice title="Could not remove" error={remove.error} />}
      </td>
    </tr>
  );
}

function Subscriptions() {
  const subs = useQuery({ queryKey: alertKeys.subscriptions(), queryFn: ({ signal }) => listSubscriptions(signal) });
  if (subs.isPending) return <p className="muted">Loading subscriptions…</p>;
  if (subs.isError) return <ErrorNotice title="Could not load subscriptions" error={subs.error} onRetry={() => subs.refetch()} />;
  if (subs.data.subscriptions.length === 0) return <p className="muted">No subscriptions yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table table--compact" data-testid="subscriptions-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Symbols</th>
            <th>Level</th>
            <th>Types</th>
            <th>Side</th>
            <th>Created</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {subs.data.subscriptions.map((s) => <SubscriptionRow key={s.id} sub={s} />)}
        </tbody>
      </table>
    </div>
  );
}

/** Alerts as they arrive (server-sent events), the caller's subscriptions, and what the plan allows. */
export function AlertsPage() {
  const quota = useQuery({ queryKey: alertKeys.quota, queryFn: ({ signal }) => getQuota(signal) });
  return (
    <section>
      <div className="page__header">
        <h1>Alerts</h1>
        <div className="page__actions">
          <StreamIndicator />
          <Link to="/chanlun" className="button">ChanLun chart</Link>
        </div>
      </div>
      <div className="alerts-layout">
        <div>
          <h2 className="section-title">Recent alerts</h2>
          <AlertList />
        </div>
        <aside>
          <QuotaCard quota={quota} />
        </aside>
      </div>
      <h2 className="section-title">Subscriptions</h2>
      <Subscriptions />
      <section className="card">
        <h3 className="card__title">New subscription</h3>
        <SubscriptionForm idPrefix="alerts-sub" />
      </section>
    </section>
  );
}
