import { useQuery } from '@tanstack/react-query';
import { getHealth } from '../api/client';
import { queryKeys } from '../api/queryKeys';
import type { Health } from '../api/types';

type Level = 'ok' | 'degraded' | 'down' | 'unknown';

const LEVEL_LABEL: Record<Level, string> = {
  ok: 'Healthy',
  degraded: 'Degraded',
  down: 'API unreachable',
  unknown: 'Checking…',
};

function Dot({ level }: { level: Level }) {
  return <span className={`dot dot--${level}`} aria-hidden="true" />;
}

function ComponentRow({ ok, name, detail }: { ok: boolean; name: string; detail: string }) {
  return (
    <li>
      <Dot level={ok ? 'ok' : 'down'} />
      <strong>{name}</strong> <span className="muted">{detail}</span>
    </li>
  );
}

function HealthDetails({ health }: { health: Health }) {
  const { temporal, database, worker } = health;
  return (
    <ul className="health__list">
      <ComponentRow
        ok={temporal.ok}
        name="Temporal"
        detail={temporal.error ?? `${temporal.address} · ${temporal.namespace}`}
      />
      <ComponentRow ok={database.ok} name="Database" detail={database.error ?? 'connected'} />
      <ComponentRow
        ok={worker.ok}
        name="Worker"
        detail={`${worker.pollers} poller${worker.pollers === 1 ? '' : 's'} on ${worker.taskQueue}`}
      />
      {health.temporalUiUrl && (
        <li>
          <a href={health.temporalUiUrl} target="_blank" rel="noopener noreferrer">
            Open Temporal UI ↗
          </a>
        </li>
      )}
    </ul>
  );
}

export function HealthIndicator() {
  const health = useQuery({
    queryKey: queryKeys.health,
    queryFn: ({ signal }) => getHealth(signal),
    refetchInterval: 10_000,
    // The dot should flip to red on the first failed poll, not after retries.
    retry: false,
  });

  const level: Level = health.isError ? 'down' : health.data ? (health.data.status === 'ok' ? 'ok' : 'degraded') : 'unknown';

  return (
    <details className="health">
      <summary className="health__summary" aria-label={`System health: ${LEVEL_LABEL[level]}`}>
        <Dot level={level} />
        <span className="health__label">{LEVEL_LABEL[level]}</span>
      </summary>
      <div className="health__panel">
        {health.data ? (
          <HealthDetails health={health.data} />
        ) : health.isError ? (
          <p>{health.error.message}</p>
        ) : (
          <p className="muted">Checking…</p>
        )}
      </div>
    </details>
  );
}
