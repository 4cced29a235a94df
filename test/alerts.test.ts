import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAlerts, type AlertEventInput } from '../activities/alerts';
import { createApiKey } from '../api/api-keys';
import { db } from '../core/db';
import { createTestUser, startApi, type RunningApi } from './helpers';

let api: RunningApi;

beforeAll(async () => {
  api = await startApi();
});

afterAll(async () => {
  await api?.app.close();
});

const SUBSCRIPTION = { name: 'index buys', symbols: ['000001.SH'], timeframe: '1d', pointTypes: ['1', '2'], side: 'buy' };

function alertFor(userId: string, n: number, subscriptionId: string | null = null): AlertEventInput {
  return {
    subscriptionId,
    userId,
    dedupeKey: `${subscriptionId ?? userId}:000001.SH:2:${1_600_000_000_000 + n}`,
    symbol: '000001.SH',
    timeframe: '1d',
    title: `type-2 buy #${n}`,
    payload: { type: '2', side: 'buy', price: '3210.10', n },
    source: 'alerts-test',
  };
}

interface SseMessage { id?: string; event?: string; data?: string; comment?: string }

/** An EventSource-like reader over fetch: messages as they arrive, and a way to hang up. */
async function openStream(path: string, headers: Record<string, string> = {}) {
  const ctl = new AbortController();
  const res = await fetch(api.url + path, { headers, signal: ctl.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const queue: SseMessage[] = [];
  const pump = async () => {
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended');
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const m: SseMessage = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) m.comment = line.slice(1).trim();
        else {
          const [field, ...rest] = line.split(':');
          (m as Record<string, string>)[field!] = rest.join(':').trimStart();
        }
      }
      queue.push(m);
    }
  };
  return {
    /** The next message that is not a comment (comments are checked with nextComment). */
    async next(): Promise<SseMessage> {
      for (;;) {
        const i = queue.findIndex((m) => m.event);
        if (i >= 0) return queue.splice(0, i + 1).at(-1)!;
        await pump();
      }
    },
    async nextComment(): Promise<string> {
      for (;;) {
        const m = queue.shift();
        if (m?.comment) return m.comment;
        if (!m) await pump();
      }
    },
    close() { ctl.abort(); },
  };
}

describe('alert subscriptions', () => {
  it('admits active subscriptions up to the plan limit under concurrency, then 429 naming subscribe_alert', async () => {
    const user = await createTestUser('viewer', 'free');
    const responses = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      api.request('POST', '/api/alerts/subscriptions', { key: user.key, body: { ...SUBSCRIPTION, name: `sub ${i}` } })));
    const created = responses.filter((r) => r.status === 201);
    const refused = responses.filter((r) => r.status === 429);
    expect(created.length).toBe(5);
    expect(refused.length).toBe(3);
    for (const r of refused) expect(r.body).toMatchObject({ statusCode: 429, tool: 'subscribe_alert', used: 5, limit: 5, period: 'total' });
    expect(created[0]!.body).toMatchObject({ symbols: ['000001.SH'], timeframe: '1d', pointTypes: ['1', '2'], side: 'buy', active: true });

    // A second key of the same user: the plan limit is the user's, while each key has its own rate-limit burst (10).
    const key2 = (await createApiKey(db(), user.userId, 'second', 'viewer')).key;
    const list = await api.request('GET', '/api/alerts/subscriptions', { key: key2 });
    expect(list.body.subscriptions.length).toBe(5);

    // Removing one frees its place; removing it again frees nothing more.
    const id = created[0]!.body.id;
    const removed = await api.request('DELETE', `/api/alerts/subscriptions/${id}`, { key: key2 });
    expect(removed.status).toBe(200);
    expect(removed.body.active).toBe(false);
    expect((await api.request('DELETE', `/api/alerts/subscriptions/${id}`, { key: key2 })).status).toBe(200);
    expect((await api.request('POST', '/api/alerts/subscriptions', { key: key2, body: SUBSCRIPTION })).status).toBe(201);
    const again = await api.request('POST', '/api/alerts/subscriptions', { key: key2, body: SUBSCRIPTION });
    expect(again.status).toBe(429);
    expect(again.body).toMatchObject({ tool: 'subscribe_alert', used: 5, limit: 5 });

    const all = await api.request('GET', '/api/alerts/subscriptions?all=true', { key: key2 });
    expect(all.body.subscriptions.length).toBe(6);

    // Someone else's subscription is not found; a bad point type is named.
    const other = await createTestUser('viewer', 'free');
    expect((await api.request('DELETE', `/api/alerts/subscriptions/${created[1]!.body.id}`, { key: other.key })).status).toBe(404);
    const bad = await api.request('POST', '/api/alerts/subscriptions', { key: key2, body: { ...SUBSCRIPTION, pointTypes: ['4'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('pointTypes.0');
  });
});

describe('alert events', () => {
  it('records an alert once however often it is offered', async () => {
    const user = await createTestUser('viewer');
    const a = alertFor(user.userId, 1);
    expect(await recordAlerts({ events: [a, a] })).toEqual({ offered: 2, recorded: 1 });
    expect(await recordAlerts({ events: [a, alertFor(user.userId, 2)] })).toEqual({ offered: 2, recorded: 1 });
    expect(await db().alertEvent.count({ where: { dedupeKey: a.dedupeKey } })).toBe(1);

    const listed = await api.request('GET', '/api/alerts', { key: user.key });
    expect(listed.status).toBe(200);
    expect(listed.body.alerts.map((e: { title: string }) => e.title)).toEqual(['type-2 buy #2', 'type-2 buy #1']);
    const page = await api.request('GET', `/api/alerts?before=${listed.body.alerts[0].id}`, { key: user.key });
    expect(page.body.alerts.map((e: { title: string }) => e.title)).toEqual(['type-2 buy #1']);
  });

  it('streams alerts recorded after connecting, only the caller\'s, and resumes after Last-Event-ID', async () => {
    const user = await createTestUser('viewer');
    const other = await createTestUser('viewer');
    await recordAlerts({ events: [alertFor(user.userId, 10)] });

    // Browsers' EventSource cannot send headers: the key comes as ?key=. Alerts from before connecting are not sent.
    const first = await openStream(`/api/alerts/stream?key=${user.key}`);
    expect(await first.nextComment()).toBe('connected');
    await recordAlerts({ events: [alertFor(other.userId, 11), alertFor(user.userId, 12)] });
    const got = await first.next();
    expect(got.event).toBe('alert');
    const alert = JSON.parse(got.data!);
    expect(alert).toMatchObject({ title: 'type-2 buy #12', symbol: '000001.SH', payload: { n: 12 } });
    expect(got.id).toBe(alert.id);
    first.close();

    // Recorded while disconnected: a client reconnecting with the last id it saw gets it, and nothing it had.
    await recordAlerts({ events: [alertFor(user.userId, 13)] });
    const second = await openStream('/api/alerts/stream', { authorization: `Bearer ${user.key}`, 'last-event-id': got.id! });
    const resumed = await second.next();
    expect(JSON.parse(resumed.data!).title).toBe('type-2 buy #13');
    expect(BigInt(resumed.id!)).toBeGreaterThan(BigInt(got.id!));
    await recordAlerts({ events: [alertFor(user.userId, 14)] });
    expect(JSON.parse((await second.next()).data!).title).toBe('type-2 buy #14');
    second.close();
  });

  it('refuses a stream without a key', async () => {
    const res = await fetch(`${api.url}/api/alerts/stream`);
    expect(res.status).toBe(401);
  });
});
