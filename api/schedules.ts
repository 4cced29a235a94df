import { createHash, randomUUID } from 'node:crypto';
import type { ScheduleDescription, ScheduleOverlapPolicy, ScheduleSpec, ScheduleSummary } from '@temporalio/client';
import { z } from 'zod';
import { config } from '../core/config';
import type { Graph } from '../core/graph/model';
import { GraphWorkflowTypes, prepareGraphRun, type GraphRunInput } from '../core/graph/run-state';
import { TaskQueues } from '../core/temporal';

/**
 * Graph schedules are Temporal Schedules (visible and editable in the Temporal Web UI); this module only translates
 * between the API's shapes and the client's. Nothing about them is stored on our side: the schedule memo holds the
 * graph id, the action's workflow memo the spec as the user wrote it (Temporal compiles cron strings into calendars
 * and cannot give them back).
 */

// ---- cron, as Temporal's scheduler parses it (server service/worker/scheduler/calendar.go) ----

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

interface Field {
  name: string;
  min: number;
  max: number;
  /** Names accepted as values, and the shortest prefix accepted. */
  names?: { list: string[]; first: number; minLength: number };
}
const second: Field = { name: 'second', min: 0, max: 59 };
const minute: Field = { name: 'minute', min: 0, max: 59 };
const hour: Field = { name: 'hour', min: 0, max: 23 };
const dayOfMonth: Field = { name: 'day-of-month', min: 1, max: 31 };
const month: Field = { name: 'month', min: 1, max: 12, names: { list: MONTHS, first: 1, minLength: 3 } };
// 0 and 7 are both Sunday.
const dayOfWeek: Field = { name: 'day-of-week', min: 0, max: 7, names: { list: DAYS, first: 0, minLength: 2 } };
const year: Field = { name: 'year', min: 2000, max: 2100 };

const FIELDS: Record<number, Field[]> = {
  5: [minute, hour, dayOfMonth, month, dayOfWeek],
  6: [minute, hour, dayOfMonth, month, dayOfWeek, year],
  7: [second, minute, hour, dayOfMonth, month, dayOfWeek, year],
};
const PREDEFINED = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
// Go durations plus Temporal's days: '30s', '1h30m', '2d'.
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h|d))+$/;

function fieldValue(text: string, f: Field, min: number): number | string {
  const names = f.names;
  if (names && text.length >= names.minLength && /^[a-z]+$/i.test(text)) {
    const i = names.list.findIndex((n) => n.startsWith(text.toLowerCase()));
    if (i >= 0) return i + names.first;
  }
  if (!/^\d+$/.test(text)) return `${f.name} field: "${text}" is not a number${names ? ' or a name' : ''}`;
  const v = Number(text);
  if (v < min || v > f.max) return `${f.name} field: ${v} is out of range ${min}-${f.max}`;
  return v;
}

function fieldProblem(text: string, f: Field): string | null {
  for (const part of text.split(',')) {
    const slash = part.split('/');
    if (slash.length > 2) return `${f.name} field: "${part}" has more than one /`;
    if (slash.length === 2 && !(/^\d+$/.test(slash[1]!) && Number(slash[1]) >= 1)) return `${f.name} field: step "${slash[1]}" must be a whole number of at least 1`;
    const base = slash[0]!;
    if (base === '*') continue;
    const ends = base.split('-');
    if (ends.length > 2) return `${f.name} field: "${base}" is not a value or a range`;
    const start = fieldValue(ends[0]!, f, f.min);
    if (typeof start === 'string') return start;
    if (ends.length === 2) {
      const end = fieldValue(ends[1]!, f, start);
      if (typeof end === 'string') return end;
    }
  }
  return null;
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const TZ_PREFIX = /^(CRON_TZ|TZ)=(\S*)(\s+|$)/;

/** The zone a cron string names with a CRON_TZ= or TZ= prefix; '' without one, and for @every (which has no zone). */
export function cronZone(raw: string): string {
  const c = raw.split('#')[0]!.trim();
  const tz = TZ_PREFIX.exec(c);
  if (!tz) return '';
  return c.slice(tz[0].length).trim().startsWith('@every') ? '' : tz[2]!;
}

/** Why Temporal would refuse this cron string, or null when it parses: 5–7 fields, @hourly-style names, @every. */
export function cronProblem(raw: string): string | null {
  let c = raw.split('#')[0]!.trim();
  const tz = TZ_PREFIX.exec(c);
  if (tz) {
    if (!isTimeZone(tz[2]!)) return `unknown time zone ${JSON.stringify(tz[2])}`;
    c = c.slice(tz[0].length).trim();
  }
  if (c.startsWith('@every')) {
    const m = /^@every\s+(\S+)$/.exec(c);
    const [interval, phase, extra] = (m?.[1] ?? '').split('/');
    if (!m || extra !== undefined || !GO_DURATION.test(interval!) || (phase !== undefined && !GO_DURATION.test(phase))) {
      return '@every needs a duration such as "@every 30m" or "@every 1h/15m"';
    }
    return null;
  }
  if (c.startsWith('@')) return PREDEFINED.has(c) ? null : `unknown shorthand ${c}; use ${[...PREDEFINED].join(', ')} or @every <duration>`;
  const parts = c.split(/\s+/).filter(Boolean);
  const fields = FIELDS[parts.length];
  if (!fields) return `has ${parts.length} fields; expected 5 (minute hour day-of-month month day-of-week), 6 (+ year) or 7 (second first, + year)`;
  for (let i = 0; i < parts.length; i++) {
    const problem = fieldProblem(parts[i]!, fields[i]!);
    if (problem) return problem;
  }
  return null;
}

// ---- API shapes ----

export const OVERLAP_POLICIES = ['skip', 'buffer_one', 'buffer_all', 'cancel_other', 'terminate_other', 'allow_all'] as const;
export const overlapSchema = z.enum(OVERLAP_POLICIES);
export type Overlap = z.infer<typeof overlapSchema>;
const toTemporalOverlap = (o: Overlap) => o.toUpperCase() as ScheduleOverlapPolicy;
const fromTemporalOverlap = (o: ScheduleOverlapPolicy | undefined) => (o ?? 'SKIP').toLowerCase() as Overlap;

const cronSchema = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .superRefine((v, ctx) => {
    const problem = cronProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: `invalid cron "${v}": ${problem}` });
  });

export const scheduleSpecSchema = z
  .object({
    cron: z.array(cronSchema).min(1).max(20).optional().describe('Cron strings as Temporal reads them: 5–7 fields, @daily, @every 30m'),
    intervalSeconds: z.number().int().min(1).max(366 * 86_400).optional().describe('Every this many seconds, counted from the Unix epoch'),
    timezone: z.string().min(1).max(64).refine(isTimeZone, 'unknown time zone').optional().describe('IANA zone for the cron strings; default UTC'),
  })
  .refine((s) => s.cron !== undefined || s.intervalSeconds !== undefined, { message: 'give cron, intervalSeconds or both' })
  .superRefine((s, ctx) => {
    // Temporal's rule: every cron string names the same zone (or none), and that zone agrees with `timezone`.
    const zones = (s.cron ?? []).map(cronZone);
    const i = zones.findIndex((z) => z !== zones[0]);
    if (i > 0) ctx.addIssue({ code: 'custom', path: ['cron', i], message: `time zone prefix ${JSON.stringify(zones[i])} differs from cron.0's ${JSON.stringify(zones[0])}` });
    else if (zones[0] && s.timezone && zones[0] !== s.timezone) ctx.addIssue({ code: 'custom', path: ['timezone'], message: `conflicts with the cron strings' ${zones[0]}` });
  });
export type ScheduleSpecInput = z.infer<typeof scheduleSpecSchema>;

const isoTime = z.iso.datetime({ offset: true });

export const createScheduleSchema = z.object({
  graphId: z.uuid(),
  version: z.number().int().min(1).optional().describe('Graph version every run uses; default: the current version when the schedule is created'),
  input: z.record(z.string(), z.unknown()).default({}),
  spec: scheduleSpecSchema,
  overlap: overlapSchema.default('skip').describe('When a run is due while the previous one still runs'),
  paused: z.boolean().default(false),
  note: z.string().max(500).optional(),
});
export type CreateScheduleInput = z.infer<typeof createScheduleSchema>;

export const patchScheduleSchema = z
  .object({
    version: z.number().int().min(1).optional(),
    input: z.record(z.string(), z.unknown()).optional(),
    spec: scheduleSpecSchema.optional(),
    overlap: overlapSchema.optional(),
    note: z.string().max(500).optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'nothing to change' });

export const backfillSchema = z
  .object({ from: isoTime, to: isoTime, overlap: overlapSchema.default('allow_all') })
  .refine((b) => Date.parse(b.from) < Date.parse(b.to), { message: 'from must be before to', path: ['to'] });

export const scheduleIdSchema = z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, 'a schedule id');

export const scheduleRunSchema = z.object({ workflowId: z.string(), runId: z.string(), scheduledAt: z.string(), takenAt: z.string() });
export const scheduleViewSchema = z.object({
  id: z.string(),
  graphId: z.string(),
  version: z.number(),
  input: z.record(z.string(), z.unknown()),
  spec: z.object({ cron: z.array(z.string()).optional(), intervalSeconds: z.number().optional(), timezone: z.string().optional() }),
  overlap: overlapSchema,
  paused: z.boolean(),
  note: z.string().nullable(),
  nextRunTimes: z.array(z.string()),
  recentRuns: z.array(scheduleRunSchema),
  runningWorkflowIds: z.array(z.string()),
  actionsTaken: z.number(),
  skippedOverlap: z.number(),
  createdAt: z.string(),
  updatedAt: z.string().nullable(),
  temporalUiUrl: z.string(),
});
export type ScheduleView = z.infer<typeof scheduleViewSchema>;
export const scheduleSummaryViewSchema = scheduleViewSchema.pick({ id: true, graphId: true, paused: true, note: true, nextRunTimes: true, recentRuns: true, temporalUiUrl: true });

// ---- translation ----

/** Runs are `<scheduleId>-<time>` (Temporal appends the time): with this id they list as runs of the graph. */
export function newScheduleId(graphId: string, callerKeyId: string, idempotencyKey?: string): string {
  const suffix = idempotencyKey ? createHash('sha256').update(`${callerKeyId}:${idempotencyKey}`).digest('hex').slice(0, 12) : randomUUID().slice(0, 8);
  return `graph-${graphId}-sched-${suffix}`;
}

export function temporalSpec(s: ScheduleSpecInput): ScheduleSpec {
  return {
    ...(s.cron ? { cronExpressions: s.cron } : {}),
    ...(s.intervalSeconds ? { intervals: [{ every: `${s.intervalSeconds}s` }] } : {}),
    ...(s.timezone ? { timezone: s.timezone } : {}),
  };
}

/** What each firing starts: a graph run on the core queue, pinned to a version, with the input prepared once. */
export function graphRunAction(o: { scheduleId: string; graphId: string; version: number; graph: Graph; input: Record<string, unknown>; spec: ScheduleSpecInput }) {
  return {
    type: 'startWorkflow' as const,
    workflowType: GraphWorkflowTypes.run,
    taskQueue: TaskQueues.core,
    workflowId: o.scheduleId,
    args: [prepareGraphRun({ graphId: o.graphId, version: o.version, graph: o.graph, input: o.input })],
    // graphId and version make the run page show the graph (api/runs.ts reads them); the spec is the user's own text.
    memo: { graphId: o.graphId, version: o.version, scheduleId: o.scheduleId, scheduleSpec: o.spec },
    staticSummary: `scheduled run of graph ${o.graphId} v${o.version}`,
  };
}

export function scheduleUiUrl(id: string): string {
  const c = config();
  return `${c.temporalUiUrl}/namespaces/${encodeURIComponent(c.TEMPORAL_NAMESPACE)}/schedules/${encodeURIComponent(id)}`;
}

const runOf = (r: ScheduleDescription['info']['recentActions'][number]) => ({
  workflowId: r.action.workflow.workflowId,
  runId: r.action.workflow.firstExecutionRunId,
  scheduledAt: r.scheduledAt.toISOString(),
  takenAt: r.takenAt.toISOString(),
});

/** True for schedules this API made (a graph-run action), as opposed to others in the namespace. */
export function isGraphSchedule(s: ScheduleSummary | ScheduleDescription): boolean {
  return s.action?.workflowType === GraphWorkflowTypes.run && typeof s.memo?.graphId === 'string';
}

export function scheduleView(d: ScheduleDescription): ScheduleView {
  const run = d.action.args?.[0] as GraphRunInput | undefined;
  const memo = (d.action.memo ?? {}) as { scheduleSpec?: ScheduleSpecInput };
  const interval = d.spec.intervals?.[0];
  const spec = memo.scheduleSpec ?? {
    ...(interval ? { intervalSeconds: Math.round(interval.every / 1000) } : {}),
    ...(d.spec.timezone ? { timezone: d.spec.timezone } : {}),
  };
  return {
    id: d.scheduleId,
    graphId: String(d.memo?.graphId ?? run?.graphId ?? ''),
    version: run?.version ?? 0,
    input: run?.input ?? {},
    spec,
    overlap: fromTemporalOverlap(d.policies.overlap),
    paused: d.state.paused,
    note: d.state.note || null,
    nextRunTimes: d.info.nextActionTimes.slice(0, 5).map((t) => t.toISOString()),
    recentRuns: d.info.recentActions.map(runOf),
    runningWorkflowIds: d.info.runningActions.map((a) => a.workflow.workflowId),
    actionsTaken: d.info.numActionsTaken,
    skippedOverlap: d.info.numActionsSkippedOverlap,
    createdAt: d.info.createdAt.toISOString(),
    updatedAt: d.info.lastUpdatedAt?.toISOString() ?? null,
    temporalUiUrl: scheduleUiUrl(d.scheduleId),
  };
}

export function scheduleSummaryView(s: ScheduleSummary) {
  return {
    id: s.scheduleId,
    graphId: String(s.memo?.graphId ?? ''),
    paused: s.state.paused,
    note: s.state.note || null,
    nextRunTimes: s.info.nextActionTimes.slice(0, 5).map((t) => t.toISOString()),
    recentRuns: s.info.recentActions.map(runOf),
    temporalUiUrl: scheduleUiUrl(s.scheduleId),
  };
}

export { toTemporalOverlap };

/** A backfill of an interval-only schedule must stay a reasonable number of runs. */
export const MAX_BACKFILL_RUNS = 1000;
