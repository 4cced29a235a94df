import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../core/config';
import { db } from '../core/db';
import { repoRoot } from '../core/paths';
import { ensureTemporalCli } from '../scripts/lib/temporal-cli';
import { createTestKey, startApi, startWorker, waitFor, waitForRun, type RunningApi, type RunningWorker } from './helpers';

const dailyCsv = '../shared/data/ashare/000001.SH_D.csv';
const btcCsv = path.join(repoRoot, '..', 'shared', 'data', 'crypto', 'BTC-USDT_1m_jesse.csv');

let api: RunningApi;
let worker: RunningWorker;
let admin: string;
let trader: string;
let viewer: string;

beforeAll(async () => {
  worker = await startWorker();
  api = await startApi();
  [admin, trader, viewer] = await Promise.all([createTestKey('admin'), createTestKey('trader'), createTestKey('viewer')]);
});
afterAll(async () => {
  await api?.app.close();
  await worker?.stop();
});

describe('health', () => {
  it('reports Temporal, the database and a polling worker without an API key', async () => {
    const health = await waitFor('worker poller to register', async () => {
      const res = await api.request('GET', '/api/health');
      return res.status === 200 ? res.body : undefined;
    }, 30_000, 500);
    expect(health).toMatchObject({ status: 'ok', temporal: { ok: true }, database: { ok: true }, worker: { ok: true } });
    expect(health.worker.pollers).toBeGreaterThan(0);
  });
});

describe('API keys', () => {
  it('refuses requests without a key, with an unknown key, and from a role that is too low', async () => {
    expect((await api.request('GET', '/api/runs')).status).toBe(401);
    expect((await api.request('GET', '/api/runs', { key: 'lf_not-a-real-key' })).status).toBe(401);
    const res = await api.request('POST', '/api/imports', { key: viewer, body: { source: { type: 'path', path: dailyCsv } } });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/trader/);
  });

  it('stores only a hash: an admin creates a key, uses it, revokes it, and it stops working', async () => {
    const created = await api.request('POST', '/api/keys', { key: admin, body: { name: 'ci bot', role: 'viewer' } });
    expect(created.status).toBe(201);
    const stored = await db().apiKey.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(stored.hash).not.toContain(created.body.key);
    expect((await api.request('GET', '/api/auth/whoami', { key: created.body.key })).body).toMatchObject({ name: 'ci bot', role: 'viewer' });
    expect((await api.request('DELETE', `/api/keys/${created.body.id}`, { key: admin })).status).toBe(200);
    expect((await api.request('GET', '/api/auth/whoami', { key: created.body.key })).status).toBe(401);
    expect((await api.request('POST', '/api/keys', { key: trader, body: { name: 'x', role: 'admin' } })).status).toBe(403);
  });
});

describe('request validation', () => {
  it('answers 400 naming the field that is wrong', async () => {
    const missing = await api.request('POST', '/api/imports', { key: trader, body: { source: { type: 'path' } } });
    expect(missing.status).toBe(400);
    expect(missing.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'source.path' })]));
    expect(JSON.stringify(missing.body)).not.toMatch(/at .*\.ts:\d+/);

    const tf = await api.request('POST', '/api/imports', { key: trader, body: { source: { type: 'path', path: dailyCsv }, timeframe: '7m' } });
    expect(tf.status).toBe(400);
    expect(tf.body.issues[0].path).toBe('timeframe');

    const outside = await api.request('POST', '/api/imports', { key: trader, body: { source: { type: 'path', path: '/etc/passwd' } } });
    expect(outside.status).toBe(400);
    expect(outside.body.issues[0]).toMatchObject({ path: 'source.path' });
    expect(outside.body.message).toMatch(/outside the import roots/);

    const zone = await api.request('POST', '/api/imports', { key: trader, body: { source: { type: 'path', path: dailyCsv }, timezone: 'Mars/Olympus' } });
    expect(zone.status).toBe(400);
    expect(zone.body.issues[0].path).toBe('timezone');

    const badJson = await fetch(`${api.url}/api/imports`, { method: 'POST', headers: { authorization: `Bearer ${trader}`, 'content-type': 'application/json' }, body: '{"source":' });
    expect(badJson.status).toBe(400);
  });

  it('answers 404 for an unknown run', async () => {
    const res = await api.request('GET', '/api/runs/no-such-run', { key: viewer });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, requestId: expect.any(String) });
  });
});

describe('K-line import', () => {
  let workflowId: string;
  // Other suites of the same run (graph templates) import this file too; this scenario starts from no bars.
  beforeAll(async () => {
    await db().bar.deleteMany({ where: { symbol: '000001.SH' } });
  });

  it('imports the SSE daily file by path: decimal bars stored, run listed by the API and by the Temporal CLI', async () => {
    const started = await api.request('POST', '/api/imports', { key: trader, body: { source: { type: 'path', path: dailyCsv } } });
    expect(started.status).toBe(202);
    workflowId = started.body.workflowId;
    expect(started.body.temporalUiUrl).toContain(`/workflows/${workflowId}`);

    const run = await waitForRun(api, viewer, workflowId);
    expect(run.status).toBe('COMPLETED');
    expect(run.result).toMatchObject({ symbol: '000001.SH', timeframe: '1d', timezone: 'Asia/Shanghai', rows: 3332, inserted: 3332, updated: 0,
      firstTime: '2006-11-06T07:00:00.000Z' });
    expect(run.input).toEqual({ source: { type: 'path', path: dailyCsv } });
    expect(run.durationMs).toBeGreaterThan(0);

    expect(await db().bar.count({ where: { symbol: '000001.SH', timeframe: '1d' } })).toBe(3332);
    // Exact decimals: the first row of the file is 1853.19,1886.31,1886.52,1846.01,49544517.0
    const first = await db().bar.findFirstOrThrow({ where: { symbol: '000001.SH' }, orderBy: { time: 'asc' } });
    expect([first.open, first.close, first.high, first.low, first.volume].map((d) => d.toString())).toEqual(['1853.19', '1886.31', '1886.52', '1846.01', '49544517']);

    const listed = await waitFor('run in visibility', async () => {
      const res = await api.request('GET', '/api/runs?type=importKlines&status=COMPLETED&pageSize=100', { key: viewer });
      return res.body.runs.find((r: { workflowId: string }) => r.workflowId === workflowId);
    }, 30_000, 500);
    expect(listed).toMatchObject({ type: 'importKlines', status: 'COMPLETED' });

    const cli = await ensureTemporalCli();
    const out = execFileSync(cli, ['workflow', 'list', '--address', config().temporalAddress, '--query', `WorkflowId = '${workflowId}'`, '--output', 'json'], { encoding: 'utf8' });
    expect(out).toContain(workflowId);
  });

  it('re-importing the same file updates bars instead of duplicating them', async () => {
    const started = await api.request('POST', '/api/imports', { key: trader, body: { source: { type: 'path', path: dailyCsv } } });
    const run = await waitForRun(api, viewer, started.body.workflowId);
    expect(run.result).toMatchObject({ rows: 3332, inserted: 0, updated: 3332 });
    expect(await db().bar.count({ where: { symbol: '000001.SH', timeframe: '1d' } })).toBe(3332);
  });

  it('imports an uploaded file; the same bytes uploaded twice are one upload', async () => {
    const form = () => {
      const f = new FormData();
      f.append('file', new Blob([readFileSync(btcCsv)]), 'BTC-USDT_1m_jesse.csv');
      return f;
    };
    const up1 = await api.request('POST', '/api/uploads', { key: trader, body: form() });
    const up2 = await api.request('POST', '/api/uploads', { key: trader, body: form() });
    expect(up1.status).toBe(201);
    expect(up2.body.id).toBe(up1.body.id);

    const started = await api.request('POST', '/api/imports', { key: trader, body: { source: { type: 'upload', uploadId: up1.body.id }, symbol: 'BTC/USDT' } });
    const run = await waitForRun(api, viewer, started.body.workflowId);
    expect(run.status).toBe('COMPLETED');
    expect(run.result).toMatchObject({ symbol: 'BTC/USDT', timeframe: '1m', timezone: 'UTC', rows: 300 });
    expect(await db().bar.count({ where: { symbol: 'BTC/USDT' } })).toBe(300);
  });

  it('a bad file fails with line numbers and reasons and stores nothing', async () => {
    const started = await api.request('POST', '/api/imports', { key: trader, body: { source: { type: 'path', path: 'test/fixtures/bad-bars.csv' } } });
    const run = await waitForRun(api, viewer, started.body.workflowId);
    expect(run.status).toBe('FAILED');
    expect(run.failure.type).toBe('InvalidCsv');
    const lines = run.failure.errors.map((e: { line: number }) => e.line);
    expect(lines).toEqual(expect.arrayContaining([3, 4, 5, 6]));
    expect(run.failure.errorCount).toBeGreaterThanOrEqual(4);
    const byLine = (line: number) => run.failure.errors.filter((e: { line: number }) => e.line === line).map((e: { reason: string }) => e.reason).join(' | ');
    expect(byLine(3)).toMatch(/high/i);
    expect(byLine(4)).toMatch(/numeric|number|decimal/i);
    expect(byLine(5)).toMatch(/duplicate/i);
    expect(byLine(6)).toMatch(/volume/i);
    expect(await db().bar.count({ where: { symbol: 'BAD.SH' } })).toBe(0);
    expect(await db().barImport.count({ where: { workflowId: started.body.workflowId } })).toBe(0);
  });

  it('the same Idempotency-Key returns the same run instead of starting a second one', async () => {
    const body = { source: { type: 'path', path: dailyCsv } };
    const headers = { 'idempotency-key': `retry-${Date.now()}` };
    const a = await api.request('POST', '/api/imports', { key: trader, body, headers });
    const b = await api.request('POST', '/api/imports', { key: trader, body, headers });
    expect(a.status).toBe(202);
    expect(b.body).toEqual(a.body);
    await waitForRun(api, viewer, a.body.workflowId);
    const c = await api.request('POST', '/api/imports', { key: trader, body, headers });
    expect(c.body).toEqual(a.body);
  });
});

describe('K-line import with a column mapping', () => {
  // The first 30 days of the SSE daily file, rewritten as a broker export would write them: headers none of the
  // usual names match, day-first dates, its own column order and symbol.
  const source = readFileSync(path.join(repoRoot, dailyCsv), 'utf8').trim().split('\n').slice(1, 31).map((line) => line.split(','));
  const mapped = [
    'Instrument,Session Date,Qty,Final,Bottom,Top,First',
    ...source.map(([, dt, open, close, high, low, vol]) => {
      const [y, m, d] = dt!.slice(0, 10).split('-');
      return ['MAPPED.SH', `${d}/${m}/${y} ${dt!.slice(11)}`, vol, close, low, high, open].join(',');
    }),
  ].join('\n');
  const columns = { symbol: 'instrument', time: 'Session Date', open: 'FIRST', high: 'top', low: 'bottom', close: 'final', volume: 'qty' };
  const upload = async (bytes: Uint8Array | string, filename: string): Promise<string> => {
    const form = new FormData();
    form.append('file', new Blob([bytes]), filename);
    const res = await api.request('POST', '/api/uploads', { key: trader, body: form });
    expect(res.status).toBe(201);
    return res.body.id;
  };

  it('imports an upload with its own headers and day-first dates through columns and timeFormat dmy', async () => {
    await db().bar.deleteMany({ where: { symbol: 'MAPPED.SH' } });
    const uploadId = await upload(mapped, 'broker-export.csv');
    const body = { source: { type: 'upload', uploadId }, columns, timeFormat: 'dmy' };
    const started = await api.request('POST', '/api/imports', { key: trader, body });
    expect(started.status).toBe(202);

    const run = await waitForRun(api, viewer, started.body.workflowId);
    expect(run.status).toBe('COMPLETED');
    expect(run.input).toEqual(body);
    expect(run.result).toMatchObject({ symbol: 'MAPPED.SH', timeframe: '1d', timezone: 'Asia/Shanghai', rows: 30, inserted: 30,
      firstTime: '2006-11-06T07:00:00.000Z', gaps: { count: 0, sessionBreaksIgnored: expect.any(Number), possibleHolidays: 0, largest: [] } });

    // Every bar stored at the file's Shanghai 15:00 close, with the file's exact decimals in the right fields.
    const bars = await db().bar.findMany({ where: { symbol: 'MAPPED.SH', timeframe: '1d' }, orderBy: { time: 'asc' } });
    expect(bars.map((b) => b.time.toISOString())).toEqual(source.map(([, dt]) => new Date(`${dt!.replace(' ', 'T')}+08:00`).toISOString()));
    expect(bars.map((b) => [b.open, b.close, b.high, b.low].map(String))).toEqual(source.map(([, , o, c, h, l]) => [o, c, h, l].map((v) => String(Number(v)))));
    expect([bars[0]!.open, bars[0]!.close, bars[0]!.high, bars[0]!.low, bars[0]!.volume].map(String)).toEqual(['1853.19', '1886.31', '1886.52', '1846.01', '49544517']);
  });

  it('refuses a mapping the upload does not fit with 400 naming columns.<field>', async () => {
    const uploadId = await upload(mapped, 'broker-export.csv');

    const missing = await api.request('POST', '/api/imports', { key: trader, body: { source: { type: 'upload', uploadId }, columns: { ...columns, close: 'Last Price' } } });
    expect(missing.status).toBe(400);
    expect(missing.body.issues).toEqual([
      { path: 'columns.close', message: "columns.close names 'Last Price', which is not in the header ('Instrument', 'Session Date', 'Qty', 'Final', 'Bottom', 'Top', 'First')" },
    ]);
    expect(missing.body.message).toMatch(/^columns\.close: /);

    // One column for two fields is refused by the request schema itself.
    const twice = await api.request('POST', '/api/imports', { key: trader, body: { source: { type: 'upload', uploadId }, columns: { ...columns, high: 'First' } } });
    expect(twice.status).toBe(400);
    expect(twice.body.issues).toEqual([expect.objectContaining({ path: 'columns.high', message: expect.stringMatching(/already mapped to open/) })]);

    const format = await api.request('POST', '/api/imports', { key: trader, body: { source: { type: 'upload', uploadId }, timeFormat: 'ymd' } });
    expect(format.status).toBe(400);
    expect(format.body.issues[0].path).toBe('timeFormat');

    // A zipped upload is checked from its first bytes: the shared 1-minute zip has no 'last' column.
    const zipId = await upload(readFileSync(path.join(repoRoot, '..', 'shared', 'data', 'ashare', '000001.XSHG_1min.zip')), '000001.XSHG_1min.zip');
    const zipped = await api.request('POST', '/api/imports', { key: trader, body: { source: { type: 'upload', uploadId: zipId }, columns: { close: 'last' } } });
    expect(zipped.status).toBe(400);
    expect(zipped.body.issues.map((i: { path: string }) => i.path)).toEqual(['columns.close']);
  });

  it('fails a path import whose file the mapping does not fit, with the header problem on line 1', async () => {
    const started = await api.request('POST', '/api/imports', { key: trader, body: { source: { type: 'path', path: dailyCsv }, columns: { close: 'Shut' } } });
    expect(started.status).toBe(202);
    const run = await waitForRun(api, viewer, started.body.workflowId);
    expect(run.status).toBe('FAILED');
    expect(run.failure.type).toBe('InvalidCsv');
    expect(run.failure.errors).toEqual([
      { line: 1, column: 'Shut', reason: "columns.close names 'Shut', which is not in the header ('symbol', 'dt', 'open', 'close', 'high', 'low', 'vol')" },
    ]);
  });
});

describe('OpenAPI', () => {
  it('documents the routes from their schemas', async () => {
    const res = await fetch(`${api.url}/api/openapi.json`);
    const doc = (await res.json()) as { paths: Record<string, any> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/imports', '/api/runs', '/api/runs/{workflowId}', '/api/uploads']));
    expect(doc.paths['/api/imports'].post.requestBody.content['application/json'].schema.properties.source).toBeDefined();
    expect((await fetch(`${api.url}/api/docs`)).status).toBe(200);
  });
});
