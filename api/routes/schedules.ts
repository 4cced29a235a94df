import { ScheduleAlreadyRunning, ScheduleNotFoundError, type ScheduleHandle } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { db } from '../../core/db';
import { temporalClient } from '../../core/temporal';
import { principalOf, requireRole } from '../auth';
import { HttpError, badRequest, notFound } from '../errors';
import { checkRunInput, loadGraph, loadVersion, requireValidGraph } from '../graph-store';
import {
  backfillSchema,
  createScheduleSchema,
  graphRunAction,
  isGraphSchedule,
  MAX_BACKFILL_RUNS,
  newScheduleId,
  overlapSchema,
  patchScheduleSchema,
  scheduleIdSchema,
  scheduleSummaryView,
  scheduleSummaryViewSchema,
  scheduleView,
  scheduleViewSchema,
  temporalSpec,
  toTemporalOverlap,
  type ScheduleSpecInput,
} from '../schedules';

const idParams = z.object({ id: scheduleIdSchema });
const noteBody = z.object({ note: z.string().max(500).optional() }).default({});

/** The graph version a schedule runs, with the run input checked against its input schema. */
async function pinnedRun(graphId: string, version: number | undefined, input: Record<string, unknown>) {
  const g = await loadGraph(db(), graphId).catch((err: unknown) => {
    if (err instanceof HttpError && err.statusCode === 404) throw badRequest('graphId', `no graph ${graphId}`);
    throw err;
  });
  const v = await loadVersion(db(), g.id, version ?? g.currentVersion).catch((err: unknown) => {
    if (err instanceof HttpError && err.statusCode === 404) throw badRequest('version', `graph ${graphId} has no version ${version}`);
    throw err;
  });
  const graph = requireValidGraph(v.graph);
  return { graphId: g.id, version: v.number, graph, input: checkRunInput(graph, input) };
}

/** Temporal refuses a spec our checks let through (a rule we do not mirror): still the caller's mistake. */
function specRefused(err: unknown): never {
  if (err instanceof TypeError) throw badRequest('spec', err.message);
  throw err;
}

async function graphSchedule(id: string): Promise<{ handle: ScheduleHandle; description: Awaited<ReturnType<ScheduleHandle['describe']>> }> {
  const handle = (await temporalClient()).schedule.getHandle(id);
  try {
    const description = await handle.describe();
    if (!isGraphSchedule(description)) throw notFound(`Schedule ${id}`);
    return { handle, description };
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) throw notFound(`Schedule ${id}`);
    throw err;
  }
}

export const scheduleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/schedules', {
    preHandler: requireRole('trader'),
    schema: {
      summary: 'Run a graph on a schedule (a Temporal Schedule)',
      description:
        'Each firing starts a graph run (workflow id `graph-<graphId>-sched-…-<time>`, so it lists with the graph\'s runs) of the pinned version with the given input. `Idempotency-Key` makes a retried request return the same schedule.',
      tags: ['schedules'],
      headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }).loose(),
      body: createScheduleSchema,
      response: { 201: scheduleViewSchema, 200: scheduleViewSchema },
    },
  }, async (req, reply) => {
    const b = req.body;
    const run = await pinnedRun(b.graphId, b.version, b.input);
    const scheduleId = newScheduleId(run.graphId, principalOf(req).keyId, req.headers['idempotency-key']);
    const client = await temporalClient();
    try {
      await client.schedule.create({
        scheduleId,
        spec: temporalSpec(b.spec),
        action: graphRunAction({ scheduleId, ...run, spec: b.spec }),
        policies: { overlap: toTemporalOverlap(b.overlap) },
        memo: { graphId: run.graphId, createdBy: principalOf(req).user.id },
        state: { paused: b.paused, ...(b.note ? { note: b.note } : {}) },
      });
    } catch (err) {
      if (err instanceof ScheduleAlreadyRunning) return reply.code(200).send(scheduleView((await graphSchedule(scheduleId)).description));
      specRefused(err);
    }
    req.log.info({ scheduleId, graphId: run.graphId, version: run.version }, 'schedule created');
    return reply.code(201).send(scheduleView(await client.schedule.getHandle(scheduleId).describe()));
  });

  app.get('/schedules', {
    schema: {
      summary: 'Graph schedules with their next run times and recent runs',
      description: 'From Temporal\'s visibility store, which is eventually consistent: a schedule just created may take a moment to be listed.',
      tags: ['schedules'],
      querystring: z.object({ graphId: z.uuid().optional() }),
      response: { 200: z.object({ schedules: z.array(scheduleSummaryViewSchema) }) },
    },
  }, async (req) => {
    const client = await temporalClient();
    const schedules = [];
    for await (const s of client.schedule.list()) {
      if (!isGraphSchedule(s)) continue;
      if (req.query.graphId && s.memo?.graphId !== req.query.graphId) continue;
      schedules.push(scheduleSummaryView(s));
    }
    return { schedules };
  });

  app.get('/schedules/:id', {
    schema: { summary: 'One schedule', tags: ['schedules'], params: idParams, response: { 200: scheduleViewSchema } },
  }, async (req) => scheduleView((await graphSchedule(req.params.id)).description));

  app.patch('/schedules/:id', {
    preHandler: requireRole('trader'),
    schema: {
      summary: 'Change the spec, input, pinned version, overlap policy or note',
      tags: ['schedules'],
      params: idParams,
      body: patchScheduleSchema,
      response: { 200: scheduleViewSchema },
    },
  }, async (req) => {
    const { handle, description } = await graphSchedule(req.params.id);
    const current = scheduleView(description);
    const b = req.body;
    const spec: ScheduleSpecInput = b.spec ?? current.spec;
    const run = await pinnedRun(current.graphId, b.version ?? current.version, b.input ?? current.input);
    await handle
      .update((prev) => ({
        ...prev,
        spec: b.spec ? temporalSpec(b.spec) : prev.spec,
        action: graphRunAction({ scheduleId: req.params.id, ...run, spec }),
        policies: { ...prev.policies, ...(b.overlap ? { overlap: toTemporalOverlap(b.overlap) } : {}) },
        state: { ...prev.state, ...(b.note !== undefined ? { note: b.note } : {}) },
      }))
      .catch(specRefused);
    return scheduleView(await handle.describe());
  });

  app.delete('/schedules/:id', {
    preHandler: requireRole('trader'),
    schema: { summary: 'Delete a schedule (runs it started are left alone)', tags: ['schedules'], params: idParams },
  }, async (req, reply) => {
    const { handle } = await graphSchedule(req.params.id);
    await handle.delete();
    return reply.code(204).send();
  });

  app.post('/schedules/:id/pause', {
    preHandler: requireRole('trader'),
    schema: { summary: 'Pause: no firings until unpaused', tags: ['schedules'], params: idParams, body: noteBody, response: { 200: scheduleViewSchema } },
  }, async (req) => {
    const { handle } = await graphSchedule(req.params.id);
    await handle.pause(req.body?.note ?? `paused by ${principalOf(req).user.email}`);
    return scheduleView(await handle.describe());
  });

  app.post('/schedules/:id/unpause', {
    preHandler: requireRole('trader'),
    schema: { summary: 'Resume firing', tags: ['schedules'], params: idParams, body: noteBody, response: { 200: scheduleViewSchema } },
  }, async (req) => {
    const { handle } = await graphSchedule(req.params.id);
    await handle.unpause(req.body?.note ?? `unpaused by ${principalOf(req).user.email}`);
    return scheduleView(await handle.describe());
  });

  app.post('/schedules/:id/trigger', {
    preHandler: requireRole('trader'),
    schema: {
      summary: 'Start a run now (also while paused)',
      tags: ['schedules'],
      params: idParams,
      body: z.object({ overlap: overlapSchema.default('allow_all') }).default({ overlap: 'allow_all' }),
      response: { 202: z.object({ triggered: z.literal(true) }) },
    },
  }, async (req, reply) => {
    const { handle } = await graphSchedule(req.params.id);
    await handle.trigger(toTemporalOverlap(req.body?.overlap ?? 'allow_all'));
    return reply.code(202).send({ triggered: true });
  });

  app.post('/schedules/:id/backfill', {
    preHandler: requireRole('trader'),
    schema: {
      summary: 'Take the actions a past time range would have taken, now',
      tags: ['schedules'],
      params: idParams,
      body: backfillSchema,
      response: { 202: z.object({ from: z.string(), to: z.string(), expectedRuns: z.number().nullable() }) },
    },
  }, async (req, reply) => {
    const { handle, description } = await graphSchedule(req.params.id);
    const from = Date.parse(req.body.from);
    const to = Date.parse(req.body.to);
    if (to > Date.now()) throw badRequest('to', 'must not be in the future');
    const view = scheduleView(description);
    // Interval-only schedules fire a known number of times in the range; cron ones are left to Temporal.
    const expectedRuns = view.spec.intervalSeconds && !view.spec.cron ? countIntervalFirings(from, to, view.spec.intervalSeconds) : null;
    if (expectedRuns !== null && expectedRuns > MAX_BACKFILL_RUNS) {
      throw badRequest('to', `the range holds ${expectedRuns} firings; at most ${MAX_BACKFILL_RUNS} per backfill`);
    }
    await handle.backfill({ start: new Date(from), end: new Date(to), overlap: toTemporalOverlap(req.body.overlap) });
    return reply.code(202).send({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), expectedRuns });
  });
};

/** Multiples of the interval since the epoch in [from, to] (Temporal's interval times with no offset; the range is inclusive). */
function countIntervalFirings(fromMs: number, toMs: number, seconds: number): number {
  const every = seconds * 1000;
  return Math.max(0, Math.floor(toMs / every) - Math.ceil(fromMs / every) + 1);
}
