import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBacktestBars } from '../activities/backtest/bars';
import { db } from '../core/db';
import { temporalClient } from '../core/temporal';
import { analyzeChan } from '../engines/chanlun';
import { createTestKey, startApi, startWorker, waitFor, waitForRun, type RunningApi, type RunningWorker } from './helpers';

// Graph schedules are Temporal Schedules on the real dev server: a ChanLun scan every 3 seconds fires, its alert reaches
// a connected SSE client once, pause stops firings, trigger fires at once, backfill runs a past range, delete removes it.

const INDEX = '000001.SH';
const WITHIN = 400;
const EVERY = 3;

let api: RunningApi;
let worker: RunningWorker;
let trader: string;
let viewer: string;
let userId: string;
let graphId: string;
let expectedAlerts: number;
const created: string[] = [];

interface SseEvent {
  event: string;
  id: string | null;
  data: any;
}

/** A plain SSE client over fetch: what a browser's EventSource sees, with the key in the header. */
function openStream(path: string, key: string) {
  const events: SseEvent[] = [];
  const abort = new AbortController();
  let connected = false;
  const done = (async () => {
    const res = await fetch(api.url + path, { headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' }, signal: abort.signal });
    if (res.status !== 200) throw new Error(`stream answered ${res.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      connected = true;
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = new Map<string, string>();
        for (const line of block.split('\n')) {
          if (!line || line.startsWith(':')) continue;
          const i = line.indexOf(':');
          const name = i < 0 ? line : line.slice(0, i);
          const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
          fields.set(name, fields.has(name) ? `${fields.get(name)}\n${value}` : value);
        }
        if (fields.has('data')) events.push({ event: fields.get('event') ?? 'message', id: fields.get('id') ?? null, data: JSON.parse(fields.get('data')!) });
      }
    }
  })().catch((err: Error) => {
    if (err.name !== 'AbortError') throw err;
  });
  // The server sends a comment first, once the stream's cursor is set: alerts after that are on it.
  const ready = () => waitFor('the stream to connect', async () => connected, 10_000);
  return { events, ready, close: () => abort.abort(), done };
}

async function schedule(id: string) {
  const res = await api.request('GET', `/api/schedules/${id}`, { key: trader });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

beforeAll(async () => {
  worker = await startWorker();
  api = await startApi();
  trader = await createTestKey('trader');
  viewer = await createTestKey('viewer');
  userId = (await api.request('GET', '/api/auth/whoami', { key: trader })).body.user.id;
  const viewerId = (await api.request('GET', '/api/auth/whoami', { key: viewer })).body.user.id;
  // Quotas are another part's subject: the free plan's per-key rate would only slow this file's polling down.
  await db().user.updateMany({ where: { id: { in: [userId, viewerId] } }, data: { plan: 'enterprise' } });
  const imported = await api.request('POST', '/api/imports', { key: trader, body: { source: { type: 'path', path: '../shared/data/ashare/000001.SH_D.csv' } } });
  expect((await waitForRun(api, trader, imported.body.workflowId)).status).toBe('COMPLETED');
  const made = await api.request('POST', '/api/templates/chanlun-scan/instantiate', { key: trader, body: { name: 'scheduled scan' } });
  expect(made.status).toBe(201);
  graphId = made.body.id;
  const daily = analyzeChan((await loadBacktestBars(db(), INDEX, '1d', {})).bars);
  expectedAlerts = daily.points.filter((p) => p.side === 'buy' && daily.bars - 1 - p.bar < WITHIN).length;
});
afterAll(async () => {
  // The dev server outlives this file: a schedule left behind would keep starting runs in the next one.
  const client = await temporalClient();
  for (const id of created) {
    await client.schedule.getHandle(id).delete().catch(() => undefined);
    // Runs it already started would otherwise be picked up by the next file's worker.
    for await (const run of client.workflow.list({ query: `WorkflowId STARTS_WITH "${id}" AND ExecutionStatus = "Running"` })) {
      await client.workflow.getHandle(run.workflowId, run.runId).terminate('test file finished').catch(() => undefined);
    }
  }
  await api?.app.close();
  await worker?.stop();
});

describe('graph schedules', () => {
  let id: string;

  it('fires on its interval, and the scan\'s alerts reach a connected SSE client once', async () => {
    const stream = openStream('/api/alerts/stream', trader);
    try {
      await stream.ready();
      const res = await api.request('POST', '/api/schedules', {
        key: trader,
        body: { graphId, input: { symbols: [INDEX], withinBars: WITHIN }, spec: { intervalSeconds: EVERY }, overlap: 'skip', note: 'every 3 s' },
      });
      expect(res.status, res.text).toBe(201);
      id = res.body.id;
      created.push(id);
      expect(res.body).toMatchObject({ graphId, version: 1, spec: { intervalSeconds: EVERY }, overlap: 'skip', paused: false, note: 'every 3 s', input: { symbols: [INDEX], withinBars: WITHIN, timeframe: '1d' } });
      expect(id.startsWith(`graph-${graphId}-`)).toBe(true);
      const next = res.body.nextRunTimes.map(Date.parse);
      expect(next.length).toBeGreaterThan(1);
      expect(next[1] - next[0]).toBe(EVERY * 1000);
      expect(res.body.temporalUiUrl).toContain(`/schedules/${encodeURIComponent(id)}`);

      await waitFor('every alert on the stream', async () => stream.events.filter((e) => e.event === 'alert').length >= expectedAlerts, 60_000);
      const alerts = stream.events.filter((e) => e.event === 'alert');
      expect(alerts[0]!.data).toMatchObject({ symbol: INDEX, timeframe: '1d', subscriptionId: null });
      expect(alerts[0]!.data.source.startsWith(`${id}-`)).toBe(true);

      // Later firings scan the same points again and record nothing new.
      await waitFor('three firings', async () => (await schedule(id)).actionsTaken >= 3, 60_000);
      const runs = (await schedule(id)).recentRuns;
      await waitForRun(api, trader, runs[2].workflowId);
      await new Promise((r) => setTimeout(r, 1000));
      expect(stream.events.filter((e) => e.event === 'alert')).toHaveLength(expectedAlerts);
      expect(await db().alertEvent.count({ where: { userId } })).toBe(expectedAlerts);
    } finally {
      stream.close();
      await stream.done;
    }
  });

  it('starts ordinary graph runs: pinned version, listed with the graph, shown in the run view', async () => {
    const s = await schedule(id);
    const first = s.recentRuns[0];
    expect(first.workflowId.startsWith(`${id}-`)).toBe(true);
    const run = await waitForRun(api, trader, first.workflowId);
    expect(run).toMatchObject({ status: 'COMPLETED', type: 'graphRun', graph: { graphId, version: 1 } });
    expect(run.result.outputs.matched).toBe(expectedAlerts);
    const listed = await api.request('GET', `/api/graphs/${graphId}/runs`, { key: trader });
    await waitFor('the scheduled runs in the graph\'s run list', async () => {
      const r = await api.request('GET', `/api/graphs/${graphId}/runs`, { key: trader });
      return r.body.runs.some((x: { workflowId: string }) => x.workflowId === first.workflowId);
    }, 30_000);
    expect(listed.status).toBe(200);
    await waitFor('the schedule in the list', async () => {
      const r = await api.request('GET', `/api/schedules?graphId=${graphId}`, { key: trader });
      return r.body.schedules.some((x: { id: string }) => x.id === id);
    }, 30_000);
  });

  it('pause stops firings; trigger fires at once even while paused', async () => {
    const paused = await api.request('POST', `/api/schedules/${id}/pause`, { key: trader, body: { note: 'quiet please' } });
    expect(paused.status, paused.text).toBe(200);
    expect(paused.body).toMatchObject({ paused: true, note: 'quiet please' });
    await new Promise((r) => setTimeout(r, 1000));
    const before = (await schedule(id)).actionsTaken;
    await new Promise((r) => setTimeout(r, EVERY * 1000 * 2 + 1000));
    expect((await schedule(id)).actionsTaken).toBe(before);

    const fired = await api.request('POST', `/api/schedules/${id}/trigger`, { key: trader, body: {} });
    expect(fired.status, fired.text).toBe(202);
    await waitFor('the triggered run', async () => (await schedule(id)).actionsTaken === before + 1, 30_000);
    expect((await schedule(id)).paused).toBe(true);
  });

  it('backfill takes the actions of a past range', async () => {
    const s = await schedule(id);
    const before = s.actionsTaken;
    const to = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    const from = to - 4 * EVERY * 1000 + 1;
    const res = await api.request('POST', `/api/schedules/${id}/backfill`, { key: trader, body: { from: new Date(from).toISOString(), to: new Date(to).toISOString() } });
    expect(res.status, res.text).toBe(202);
    expect(res.body.expectedRuns).toBe(4);
    const after = await waitFor('the backfilled runs', async () => {
      const now = await schedule(id);
      return now.actionsTaken >= before + 4 ? now : undefined;
    }, 60_000);
    const backfilled = after.recentRuns.filter((r: { scheduledAt: string }) => Date.parse(r.scheduledAt) >= from && Date.parse(r.scheduledAt) <= to);
    expect(backfilled).toHaveLength(4);
    for (const r of backfilled) expect((await waitForRun(api, trader, r.workflowId)).status).toBe('COMPLETED');
    const future = await api.request('POST', `/api/schedules/${id}/backfill`, { key: trader, body: { from: new Date().toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(future.status).toBe(400);
    expect(future.body.issues[0].path).toBe('to');
  });

  it('PATCH changes the spec and the input; the view gives back what was written', async () => {
    const res = await api.request('PATCH', `/api/schedules/${id}`, {
      key: trader,
      body: { spec: { cron: ['0 9 * * MON-FRI'], timezone: 'Asia/Shanghai' }, input: { symbols: [INDEX], withinBars: 10 }, overlap: 'buffer_one' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ spec: { cron: ['0 9 * * MON-FRI'], timezone: 'Asia/Shanghai' }, overlap: 'buffer_one', paused: true, input: { withinBars: 10 } });
    // 09:00 in Shanghai is 01:00 UTC, Monday to Friday.
    for (const t of res.body.nextRunTimes.map((x: string) => new Date(x))) {
      expect(t.getUTCHours()).toBe(1);
      expect(t.getUTCMinutes()).toBe(0);
      expect([1, 2, 3, 4, 5]).toContain(new Date(t.getTime() + 8 * 3_600_000).getUTCDay());
    }
    const description = await (await temporalClient()).schedule.getHandle(id).describe();
    expect((description.action.args?.[0] as { input: { withinBars: number } }).input.withinBars).toBe(10);
  });

  it('refuses bad specs, naming the field', async () => {
    const base = { graphId, input: { symbols: [INDEX] }, overlap: 'skip' };
    const badCron = await api.request('POST', '/api/schedules', { key: trader, body: { ...base, spec: { cron: ['61 * * * *'] } } });
    expect(badCron.status).toBe(400);
    expect(badCron.body.issues[0].path).toBe('spec.cron.0');
    expect(badCron.body.message).toMatch(/minute field: 61 is out of range 0-59/);
    const second = await api.request('POST', '/api/schedules', { key: trader, body: { ...base, spec: { cron: ['@daily', 'every day at nine'] } } });
    expect(second.status).toBe(400);
    expect(second.body.issues[0].path).toBe('spec.cron.1');
    const none = await api.request('POST', '/api/schedules', { key: trader, body: { ...base, spec: {} } });
    expect(none.status).toBe(400);
    expect(none.body.issues[0].path).toBe('spec');
    const zone = await api.request('POST', '/api/schedules', { key: trader, body: { ...base, spec: { intervalSeconds: 60, timezone: 'Mars/Olympus' } } });
    expect(zone.status).toBe(400);
    expect(zone.body.issues[0].path).toBe('spec.timezone');
    const overlap = await api.request('POST', '/api/schedules', { key: trader, body: { ...base, spec: { intervalSeconds: 60 }, overlap: 'sometimes' } });
    expect(overlap.status).toBe(400);
    expect(overlap.body.issues[0].path).toBe('overlap');
    const input = await api.request('POST', '/api/schedules', { key: trader, body: { ...base, input: { symbols: 'all' }, spec: { intervalSeconds: 60 } } });
    expect(input.status).toBe(400);
    expect(input.body.issues[0].path).toBe('input.symbols');
    const graph = await api.request('POST', '/api/schedules', { key: trader, body: { ...base, graphId: '00000000-0000-4000-8000-000000000000', spec: { intervalSeconds: 60 } } });
    expect(graph.status).toBe(400);
    expect(graph.body.issues[0].path).toBe('graphId');
    const asViewer = await api.request('POST', '/api/schedules', { key: viewer, body: { ...base, spec: { intervalSeconds: 60 } } });
    expect(asViewer.status).toBe(403);
    // Every form Temporal reads passes: seconds and years, names, steps, @every with a phase, a zone prefix.
    const good = await api.request('POST', '/api/schedules', {
      key: trader,
      body: { ...base, paused: true, spec: { cron: ['*/15 0 9-15 * * mon-fri *', '30 14 1,15 jan-mar,dec * 2030', '@every 90m/15m', '@hourly # on the hour'] } },
    });
    expect(good.status, good.text).toBe(201);
    created.push(good.body.id);
    expect(good.body.paused).toBe(true);
    const zoned = await api.request('POST', '/api/schedules', { key: trader, body: { ...base, paused: true, spec: { cron: ['CRON_TZ=Asia/Shanghai 0 9 * * 1-5'] } } });
    expect(zoned.status, zoned.text).toBe(201);
    created.push(zoned.body.id);
    expect(new Date(zoned.body.nextRunTimes[0]).getUTCHours()).toBe(1);
    // Temporal wants one zone across the cron strings.
    const mixed = await api.request('POST', '/api/schedules', { key: trader, body: { ...base, spec: { cron: ['CRON_TZ=Asia/Shanghai 0 9 * * 1-5', '0 15 * * 1-5'] } } });
    expect(mixed.status).toBe(400);
    expect(mixed.body.issues[0].path).toBe('spec.cron.1');
  });

  it('delete removes it: gone from Temporal, 404 after', async () => {
    const res = await api.request('DELETE', `/api/schedules/${id}`, { key: trader });
    expect(res.status).toBe(204);
    expect((await api.request('GET', `/api/schedules/${id}`, { key: trader })).status).toBe(404);
    expect((await api.request('POST', `/api/schedules/${id}/trigger`, { key: trader, body: {} })).status).toBe(404);
    await expect((await temporalClient()).schedule.getHandle(id).describe()).rejects.toThrow(/not found/i);
  });
});
