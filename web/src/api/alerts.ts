// Alert subscriptions and events (/api/alerts*), the live stream and the caller's plan usage (/api/quota). The
// server's schemas sit next to database code (api/alerts.ts), so their shapes are restated here.
import type { Period, PlanId, Tool } from '../../../core/plans';
import type { BspType } from './chanlun';
import { getApiKey } from './apiKey';
import { request } from './client';
import type { Timeframe } from './types';

export type { Period, PlanId, Tool };

export type SideFilter = 'buy' | 'sell' | 'both';

export interface Subscription {
  id: string;
  name: string;
  symbols: string[];
  timeframe: string;
  pointTypes: string[];
  side: SideFilter;
  active: boolean;
  createdAt: string;
}

export interface SubscriptionBody {
  name: string;
  symbols: string[];
  timeframe: Timeframe;
  pointTypes: BspType[];
  side: SideFilter;
}

export interface AlertEvent {
  /** Increasing; the SSE event id. */
  id: string;
  subscriptionId: string | null;
  symbol: string;
  timeframe: string;
  title: string;
  /** The scan match: type, side, price, time, confirmed, reason… */
  payload: Record<string, unknown>;
  /** The workflow that recorded it. */
  source: string;
  createdAt: string;
}

export interface ToolUsage {
  tool: Tool;
  used: number;
  /** -1 = unlimited, 0 = not in the plan. */
  limit: number;
  period: Period;
  resetsAt: string | null;
}

export interface QuotaStatus {
  plan: PlanId;
  rate: { perSecond: number; burst: number };
  tools: ToolUsage[];
}

export const alertKeys = {
  all: ['alerts'] as const,
  events: () => ['alerts', 'events'] as const,
  subscriptions: () => ['alerts', 'subscriptions'] as const,
  quota: ['quota'] as const,
};

/** How many recent alerts the page (and the stream's starting cursor) reads. */
export const ALERT_PAGE = 50;

export function listAlerts(signal?: AbortSignal): Promise<{ alerts: AlertEvent[] }> {
  return request(`/api/alerts?limit=${ALERT_PAGE}`, { signal });
}

export function listSubscriptions(signal?: AbortSignal): Promise<{ subscriptions: Subscription[] }> {
  return request('/api/alerts/subscriptions', { signal });
}

export function createSubscription(body: SubscriptionBody): Promise<Subscription> {
  return request('/api/alerts/subscriptions', { method: 'POST', json: body });
}

export function deleteSubscription(id: string): Promise<Subscription> {
  return request(`/api/alerts/subscriptions/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function getQuota(signal?: AbortSignal): Promise<QuotaStatus> {
  return request('/api/quota', { signal });
}

/**
 * EventSource cannot send headers, so the stream takes the key in the query string, and the resume cursor too: a
 * stream opened anew (not the browser's own retry) has no Last-Event-ID header to send.
 */
export function alertStreamUrl(lastEventId: string | null): string | null {
  const key = getApiKey();
  if (!key) return null;
  const query = new URLSearchParams({ key });
  if (lastEventId) query.set('lastEventId', lastEventId);
  return `/api/alerts/stream?${query}`;
}
