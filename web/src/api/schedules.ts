// Graph schedules (/api/schedules): Temporal Schedules that start graph runs. The server's view schema lives in
// api/schedules.ts next to Temporal client code the browser cannot type-check, so its shape is restated here.
import { request } from './client';

export const OVERLAP_POLICIES = ['skip', 'buffer_one', 'buffer_all', 'cancel_other', 'terminate_other', 'allow_all'] as const;
export type Overlap = (typeof OVERLAP_POLICIES)[number];

export const OVERLAP_LABELS: Record<Overlap, string> = {
  skip: 'Skip while a run is going',
  buffer_one: 'Queue one, skip the rest',
  buffer_all: 'Queue all',
  cancel_other: 'Cancel the running one',
  terminate_other: 'Terminate the running one',
  allow_all: 'Run side by side',
};

export interface ScheduleSpec {
  cron?: string[];
  intervalSeconds?: number;
  timezone?: string;
}

export interface ScheduleRun {
  workflowId: string;
  runId: string;
  scheduledAt: string;
  takenAt: string;
}

/** GET /api/schedules lists this much of each schedule (Temporal's list gives no spec or input). */
export interface ScheduleSummary {
  id: string;
  graphId: string;
  paused: boolean;
  note: string | null;
  nextRunTimes: string[];
  recentRuns: ScheduleRun[];
  temporalUiUrl: string;
}

export interface Schedule extends ScheduleSummary {
  version: number;
  input: Record<string, unknown>;
  spec: ScheduleSpec;
  overlap: Overlap;
  runningWorkflowIds: string[];
  actionsTaken: number;
  skippedOverlap: number;
  createdAt: string;
  updatedAt: string | null;
}

export interface CreateScheduleBody {
  graphId: string;
  version?: number;
  input: Record<string, unknown>;
  spec: ScheduleSpec;
  overlap: Overlap;
  paused?: boolean;
  note?: string;
}

export const scheduleKeys = {
  all: ['schedules'] as const,
  list: () => ['schedules', 'list'] as const,
  detail: (id: string) => ['schedules', 'detail', id] as const,
};

const path = (id: string) => `/api/schedules/${encodeURIComponent(id)}`;

export function listSchedules(signal?: AbortSignal): Promise<{ schedules: ScheduleSummary[] }> {
  return request('/api/schedules', { signal });
}

export function getSchedule(id: string, signal?: AbortSignal): Promise<Schedule> {
  return request(path(id), { signal });
}

export function createSchedule(body: CreateScheduleBody, idempotencyKey?: string): Promise<Schedule> {
  return request('/api/schedules', {
    method: 'POST',
    json: body,
    headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined,
  });
}

export function pauseSchedule(id: string): Promise<Schedule> {
  return request(`${path(id)}/pause`, { method: 'POST', json: {} });
}

export function unpauseSchedule(id: string): Promise<Schedule> {
  return request(`${path(id)}/unpause`, { method: 'POST', json: {} });
}

export function triggerSchedule(id: string): Promise<{ triggered: true }> {
  return request(`${path(id)}/trigger`, { method: 'POST', json: {} });
}

export function backfillSchedule(id: string, body: { from: string; to: string; overlap?: Overlap }): Promise<{ from: string; to: string; expectedRuns: number | null }> {
  return request(`${path(id)}/backfill`, { method: 'POST', json: body });
}

export function deleteSchedule(id: string): Promise<void> {
  return request(path(id), { method: 'DELETE' });
}
