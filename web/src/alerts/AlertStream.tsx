import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import { alertKeys, alertStreamUrl, listAlerts, type AlertEvent } from '../api/alerts';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'off';

interface AlertStreamValue {
  status: StreamStatus;
  /** Alerts that arrived while the Alerts page was not open. */
  unseen: number;
  toasts: AlertEvent[];
  markSeen(): void;
  dismiss(id: string): void;
}

const AlertStreamContext = createContext<AlertStreamValue | null>(null);

export function useAlertStream(): AlertStreamValue {
  const value = useContext(AlertStreamContext);
  if (!value) throw new Error('useAlertStream needs an AlertStreamProvider');
  return value;
}

/**
 * The caller's recent alerts. Read once: from then on the stream adds each new alert to this list, so a refetch (which
 * returns only the latest page) would only drop alerts the user has already seen arrive.
 */
export function useRecentAlerts() {
  return useQuery({ queryKey: alertKeys.events(), queryFn: ({ signal }) => listAlerts(signal), staleTime: Infinity });
}

/** Events kept in the cached list: the page shows them, older ones stay on the server. */
const KEEP = 200;
const TOAST_MS = 8_000;
const MAX_TOASTS = 3;
const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

const byIdDesc = (a: AlertEvent, b: AlertEvent) => (BigInt(b.id) > BigInt(a.id) ? 1 : BigInt(b.id) < BigInt(a.id) ? -1 : 0);

function parse(event: MessageEvent): AlertEvent | null {
  try {
    const a = JSON.parse(event.data as string) as AlertEvent;
    return typeof a?.id === 'string' ? a : null;
  } catch {
    return null;
  }
}

/**
 * One alert stream for the signed-in app: it resumes from the newest alert the list already holds (so nothing recorded
 * between the list and the stream is lost), merges new alerts into the cached list, and raises a toast and the nav
 * badge when they arrive on another page. The browser retries a dropped stream itself (sending Last-Event-ID); when it
 * gives up (the server refused or went away), the stream is reopened with backoff from the last id received.
 */
export function AlertStreamProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const location = useLocation();
  const onAlertsPage = location.pathname.startsWith('/alerts');
  const onAlertsPageRef = useRef(onAlertsPage);
  onAlertsPageRef.current = onAlertsPage;

  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [unseen, setUnseen] = useState(0);
  const [toasts, setToasts] = useState<AlertEvent[]>([]);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  const recent = useRecentAlerts();
  const ready = recent.isSuccess || recent.isError;
  const startCursor = useRef<string | null>(null);
  if (ready && startCursor.current === null) {
    // With no alerts yet, `0` still resumes: anything recorded before the stream opens is sent on connect.
    startCursor.current = recent.data?.alerts[0]?.id ?? '0';
  }

  const dismiss = useCallback((id: string) => {
    setToasts((ts) => ts.filter((t) => t.id !== id));
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
  }, []);

  const receive = useCallback((alert: AlertEvent) => {
    let isNew = false;
    queryClient.setQueryData<{ alerts: AlertEvent[] }>(alertKeys.events(), (prev) => {
      const list = prev?.alerts ?? [];
      if (list.some((a) => a.id === alert.id)) return prev;
      isNew = true;
      return { alerts: [alert, ...list].sort(byIdDesc).slice(0, KEEP) };
    });
    if (!isNew || onAlertsPageRef.current) return;
    setUnseen((n) => n + 1);
    setToasts((ts) => [alert, ...ts].slice(0, MAX_TOASTS));
    timers.current.set(alert.id, setTimeout(() => dismiss(alert.id), TOAST_MS));
  }, [queryClient, dismiss]);

  useEffect(() => {
    if (!ready) return;
    let cursor = startCursor.current;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let stopped = false;

    const open = () => {
      const url = alertStreamUrl(cursor);
      if (!url) {
        setStatus('off');
        return;
      }
      source = new EventSource(url);
      source.onopen = () => {
        attempt = 0;
        setStatus('live');
      };
      source.addEventListener('alert', (event) => {
        const alert = parse(event as MessageEvent);
        if (!alert) return;
        cursor = alert.id;
        receive(alert);
      });
      source.onerror = () => {
        if (stopped || !source) return;
        if (source.readyState === EventSource.CONNECTING) {
          setStatus('reconnecting');
          return;
        }
        source.close();
        source = null;
        setStatus('reconnecting');
        retry = setTimeout(open, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
        attempt += 1;
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [ready, receive]);

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const t of pending.values()) clearTimeout(t);
    };
  }, []);

  const markSeen = useCallback(() => setUnseen(0), []);
  useEffect(() => {
    if (onAlertsPage) {
      markSeen();
      setToasts([]);
    }
  }, [onAlertsPage, markSeen]);

  const value = useMemo(() => ({ status, unseen, toasts, markSeen, dismiss }), [status, unseen, toasts, markSeen, dismiss]);
  return <AlertStreamContext.Provider value={value}>{children}</AlertStreamContext.Provider>;
}
