import { randomUUID } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { ApplicationFailure, CancelledFailure, WorkflowFailedError, WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../core/db';
import { graphSchema, type GraphInput } from '../core/graph/model';
import { prepareGraphRun, type GraphRunResult, type NodeFailedDetails, type NodeRunState } from '../core/graph/run-state';
import { repoRoot } from '../core/paths';
import { closeTemporalClient, TaskQueues, temporalClient } from '../core/temporal';
import { getRun } from '../api/runs';
import { workflowsPath } from '../workers/core-worker';
import { approveUpdate, graphRun, nodeStatesQuery } from '../workflows/graph-run';
import { startWorker, waitFor, type RunningWorker } from './helpers';

type NodeIn = GraphInput['nodes'][number];
type EdgeIn = GraphInput['edges'] extends (infer E)[] | undefined ? E : never;

const trigger: NodeIn = { id: 'start', type: 'trigger.manual' };
const node = (id: string, type: string, params: Record<string, unknown> = {}, extra: Partial<NodeIn> = {}): NodeIn => ({ id, type, params, ...extra });
let edgeCount = 0;
const edge = (source: string, target: string, sourceHandle = 'out', targetHandle = '$trigger'): EdgeIn => ({ id: `e${++edgeCount}`, source, target, sourceHandle, targetHandle });
const graph = (nodes: NodeIn[], edges: EdgeIn[], outputs: Record<string, string> = {}) => graphSchema.parse({ nodes: [trigger, ...nodes], edges, outputs });

let client: Client;
let worker: RunningWorker;

/** A local HTTP server whose routes behave as each test needs; it records when every path was hit. */
const hits = new Map<string, number[]>();
let server: http.Server;
let base: string;

function answer(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const times = hits.get(url.pathname) ?? [];
    times.push(Date.now());
    hits.set(url.pathname, times);
    const [, route, arg] = url.pathname.split('/');
    if (route === 'json') return answer(res, 200, { path: url.pathname, q: Object.fromEntries(url.searchParams) });
    if (route === 'slow') return void setTimeout(() => answer(res, 200, { waited: Number(arg) }), Number(arg));
    if (route === 'flaky') return times.length <= 2 ? answer(res, 503, { error: 'busy' }) : answer(res, 200, { ok: true, tries: times.length });
    if (route === 'throttled') return times.length === 1 ? answer(res, 429, { error: 'slow down' }, { 'retry-after': '2' }) : answer(res, 200, { ok: true });
    if (route === 'status') return answer(res, Number(arg), { status: Number(arg) });
    answer(res, 404, { error: 'no route' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  worker = await startWorker();
  client = await temporalClient();
});

afterAll(async () => {
  await worker?.stop();
  await closeTemporalClient();
  await new Promise((resolve) => server?.close(resolve));
});

const unique = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;

/** Every run this file starts, replayed at the end to prove the interpreter deterministic. */
const started: string[] = [];

async function start(name: string, g: ReturnType<typeof graph>, input: Record<string, unknown> = {}, o: { maxHistoryEvents?: number } = {}): Promise<WorkflowHandle<typeof graphRun>> {
  const handle = await client.workflow.start(graphRun, {
    taskQueue: TaskQueues.core,
    workflowId: unique(`graph-test-${name}`),
    args: [prepareGraphRun({ graphId: 'test', version: 0, graph: g, input, ...o })],
    memo: { graphId: 'test', version: 0 },
  });
  started.push(handle.workflowId);
  return handle;
}

async function run(name: string, g: ReturnType<typeof graph>, input: Record<string, unknown> = {}): Promise<GraphRunResult> {
  return (await start(name, g, input)).result();
}

/** The NodeFailed failure a run ends with, and the node states it carries. */
async function failureOf(handle: WorkflowHandle): Promise<{ failure: ApplicationFailure; details: NodeFailedDetails }> {
  const err = await handle.result().then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const failure = (err as WorkflowFailedError).cause as ApplicationFailure;
  expect(failure).toBeInstanceOf(ApplicationFailure);
  return { failure, details: failure.details?.[0] as NodeFailedDetails };
}

function waitForNode(handle: WorkflowHandle, nodeId: string, status: NodeRunState['status']) {
  return waitFor(`${nodeId} to be ${status}`, async () => {
    const states = await handle.query(nodeStatesQuery).catch(() => undefined);
    return states?.[nodeId]?.status === status ? states : undefined;
  }, 30_000, 100);
}

const statuses = (nodes: Record<string, NodeRunState>) => Object.fromEntries(Object.entries(nodes).map(([id, s]) => [id, s.status]));

async function saveGraph(name: string, g: ReturnType<typeof graph>, id: string = randomUUID()): Promise<string> {
  const row = await db().graph.create({
    data: { id, name, currentVersion: 1, versions: { create: { number: 1, hash: randomUUID(), content: g as object } } },
  });
  return row.id;
}

describe('graph runs', () => {
  it('runs a sequence, passing values along through expressions and templates', async () => {
    const result = await run('sequence', graph([
      node('inc', 'data.transform', { expression: 'input.x + 1' }),
      node('double', 'data.transform', { expression: 'nodes.inc.out * 2' }),
      node('say', 'notify.log', { message: { $template: 'x={{ input.x }} result={{ nodes.double.out }}' } }),
    ], [edge('start', 'inc'), edge('inc', 'double'), edge('double', 'say')], { result: 'nodes.double.out', said: 'nodes.say.out.message' }), { x: 4 });

    expect(result.outputs).toEqual({ result: 10, said: 'x=4 result=10' });
    expect(statuses(result.nodes)).toEqual({ start: 'completed', inc: 'completed', double: 'completed', say: 'completed' });
    expect(result.nodes.say!.input).toEqual({ message: 'x=4 result=10', level: 'info' });
    expect(result.nodes.double!.startedAt! >= result.nodes.inc!.endedAt!).toBe(true);
    expect(result.nodes.say!.endedAt! >= result.nodes.double!.endedAt!).toBe(true);
  });

  it('runs independent branches in parallel and joins them', async () => {
    const id = randomUUID();
    const result = await run('parallel', graph([
      node('left', 'http.request', { url: `${base}/slow/1500/left-${id}` }),
      node('right', 'http.request', { url: `${base}/slow/1500/right-${id}` }),
      node('join', 'data.transform', { expression: 'nodes.left.out.body.waited + nodes.right.out.body.waited' }),
    ], [edge('start', 'left'), edge('start', 'right'), edge('left', 'join'), edge('right', 'join')], { total: 'nodes.join.out' }));

    expect(result.outputs.total).toBe(3000);
    const { left, right } = result.nodes;
    expect(left!.startedAt! < right!.endedAt! && right!.startedAt! < left!.endedAt!).toBe(true);
    const [l] = hits.get(`/slow/1500/left-${id}`)!;
    const [r] = hits.get(`/slow/1500/right-${id}`)!;
    expect(Math.abs(l! - r!)).toBeLessThan(1000);
  });

  it('fails fast: a failing node cancels a running sibling and nothing downstream starts', async () => {
    const handle = await start('fail-fast', graph([
      node('bad', 'http.request', { url: `${base}/status/404` }),
      node('wait', 'flow.delay', { duration: '1m' }),
      node('after', 'data.transform', { expression: '1' }),
    ], [edge('start', 'bad'), edge('start', 'wait'), edge('wait', 'after')]));

    const { failure, details } = await failureOf(handle);
    expect(failure.type).toBe('NodeFailed');
    expect(details.nodeId).toBe('bad');
    expect(statuses(details.nodes)).toEqual({ start: 'completed', bad: 'failed', wait: 'cancelled', after: 'cancelled' });
    expect(details.nodes.bad!.error).toMatchObject({ type: 'HttpClientError' });
  });

  it('follows the true or the false branch of a condition and skips the other', async () => {
    const g = graph([
      node('check', 'flow.condition', { condition: 'input.n > 5', value: { $expr: 'input.n' } }),
      node('big', 'data.transform', { expression: "'big ' + string(nodes.check.true)" }),
      node('small', 'data.transform', { expression: "'small ' + string(nodes.check.false)" }),
      node('afterSmall', 'data.transform', { expression: '1' }),
      node('either', 'data.transform', { expression: "default(nodes.big.out, nodes.small.out)" }),
    ], [
      edge('start', 'check'), edge('check', 'big', 'true'), edge('check', 'small', 'false'), edge('small', 'afterSmall'),
      edge('big', 'either'), edge('small', 'either'),
    ], { said: 'nodes.either.out' });

    const yes = await run('condition-true', g, { n: 10 });
    expect(yes.outputs.said).toBe('big 10');
    expect(statuses(yes.nodes)).toMatchObject({ check: 'completed', big: 'completed', small: 'skipped', afterSmall: 'skipped', either: 'completed' });
    expect(yes.nodes.check!.firedHandles).toEqual(['true']);

    const no = await run('condition-false', g, { n: 1 });
    expect(no.outputs.said).toBe('small 1');
    expect(statuses(no.nodes)).toMatchObject({ check: 'completed', big: 'skipped', small: 'completed', afterSmall: 'completed', either: 'completed' });
  });

  it('follows the switch case equal to the value, else the default', async () => {
    const g = graph([
      node('pick', 'flow.switch', { value: 'lower(input.color)', cases: ['red', 'green'] }),
      node('red', 'data.transform', { expression: "'stop'" }),
      node('green', 'data.transform', { expression: "'go'" }),
      node('other', 'data.transform', { expression: "'unknown ' + nodes.pick.default" }),
    ], [edge('start', 'pick'), edge('pick', 'red', 'case-0'), edge('pick', 'green', 'case-1'), edge('pick', 'other', 'default')],
    { said: "default(nodes.red.out, default(nodes.green.out, nodes.other.out))" });

    const green = await run('switch-green', g, { color: 'GREEN' });
    expect(green.outputs.said).toBe('go');
    expect(statuses(green.nodes)).toMatchObject({ red: 'skipped', green: 'completed', other: 'skipped' });
    const blue = await run('switch-blue', g, { color: 'blue' });
    expect(blue.outputs.said).toBe('unknown blue');
    expect(blue.nodes.pick!.firedHandles).toEqual(['default']);
  });

  it('runs a for-each over 500 items as batched child workflows, results in order, every history small', async () => {
    const bodyId = await saveGraph('double', graph([node('t', 'data.transform', { expression: 'input.item * 2' })], [edge('start', 't')], { doubled: 'nodes.t.out', index: 'input.index' }));
    const items = Array.from({ length: 500 }, (_, i) => i);
    const handle = await start('for-each', graph([
      node('each', 'flow.for-each', { items: { $expr: 'input.items' }, graphId: bodyId, concurrency: 25 }),
    ], [edge('start', 'each')], { count: 'nodes.each.out.count', results: 'nodes.each.out.results' }), { items });
    const result = await handle.result();

    expect(result.outputs.count).toBe(500);
    expect(result.outputs.results).toEqual(items.map((i) => ({ doubled: i * 2, index: i })));
    const histories = [handle.workflowId, ...[0, 1, 2].map((b) => `${handle.workflowId}/each/batch-${b}`), `${handle.workflowId}/each/499`];
    for (const id of histories) {
      const history = await client.workflow.getHandle(id).fetchHistory();
      expect(history.events!.length, id).toBeLessThan(5000);
    }
    expect((await client.workflow.getHandle(`${handle.workflowId}/each/batch-2`).describe()).status.name).toBe('COMPLETED');
    started.push(`${handle.workflowId}/each/batch-0`, `${handle.workflowId}/each/7`);
  }, 300_000);

  it('runs a saved graph as a sub-graph child workflow and returns its outputs', async () => {
    const subId = await saveGraph('greet', graph([node('t', 'data.transform', { expression: "'hello ' + input.name" })], [edge('start', 't')], { greeting: 'nodes.t.out' }));
    const handle = await start('subgraph', graph([
      node('sub', 'flow.subgraph', { graphId: subId, input: { name: { $expr: 'input.who' } } }),
      node('shout', 'data.transform', { expression: 'upper(nodes.sub.out.greeting)' }),
    ], [edge('start', 'sub'), edge('sub', 'shout')], { said: 'nodes.shout.out' }), { who: 'ada' });
    const result = await handle.result();

    expect(result.outputs.said).toBe('HELLO ADA');
    expect(result.nodes.sub!.output).toEqual({ greeting: 'hello ada' });
    const child = await client.workflow.getHandle(`${handle.workflowId}/sub`).describe();
    expect(child.type).toBe('graphRun');
    expect(child.status.name).toBe('COMPLETED');
    started.push(`${handle.workflowId}/sub`);
  });

  it('a sub-graph node whose graph does not exist fails with GraphNotFound', async () => {
    const handle = await start('subgraph-missing', graph([node('sub', 'flow.subgraph', { graphId: randomUUID() })], [edge('start', 'sub')]));
    const { details } = await failureOf(handle);
    expect(details.nodes.sub!.error).toMatchObject({ type: 'GraphNotFound' });
  });

  it('stops a graph that runs itself as a sub-graph at the depth limit', async () => {
    const selfId = randomUUID();
    await saveGraph('recursive', graph([node('again', 'flow.subgraph', { graphId: selfId })], [edge('start', 'again')]), selfId);
    const handle = await start('depth-limit', graph([node('again', 'flow.subgraph', { graphId: selfId })], [edge('start', 'again')]));
    const { details } = await failureOf(handle);
    expect(details.nodes.again!.error!.message).toMatch(/deeper than 10 levels/);
    const deepest = await client.workflow.getHandle(`${handle.workflowId}${'/again'.repeat(10)}`).describe();
    expect(deepest.status.name).toBe('FAILED');
  });

  describe('approval', () => {
    const approvalGraph = (timeout: string) => graph([
      node('ask', 'flow.approval', { title: 'Ship it?', timeout }),
      node('yes', 'data.transform', { expression: "'approved by ' + nodes.ask.approved.by" }),
      node('no', 'data.transform', { expression: "'rejected by ' + nodes.ask.rejected.by" }),
      node('late', 'data.transform', { expression: "'no answer after ' + nodes.ask.timeout.waited" }),
    ], [edge('start', 'ask'), edge('ask', 'yes', 'approved'), edge('ask', 'no', 'rejected'), edge('ask', 'late', 'timeout')],
    { said: 'default(nodes.yes.out, default(nodes.no.out, nodes.late.out))' });

    it('waits until the approve update approves, and refuses updates for nodes that are not waiting', async () => {
      const handle = await start('approval', approvalGraph('1h'));
      await waitForNode(handle, 'ask', 'waiting');
      await expect(handle.executeUpdate(approveUpdate, { args: [{ nodeId: 'yes', approved: true, by: 'ada' }] })).rejects.toThrow(WorkflowUpdateFailedError);

      const decision = await handle.executeUpdate(approveUpdate, { args: [{ nodeId: 'ask', approved: true, by: 'ada', comment: 'ok' }] });
      expect(decision).toMatchObject({ approved: true, by: 'ada', comment: 'ok' });
      const result = await handle.result();
      expect(result.outputs.said).toBe('approved by ada');
      expect(statuses(result.nodes)).toMatchObject({ ask: 'completed', yes: 'completed', no: 'skipped', late: 'skipped' });
      await expect(handle.executeUpdate(approveUpdate, { args: [{ nodeId: 'ask', approved: false, by: 'bob' }] })).rejects.toThrow();
    });

    it('follows the rejected branch when the update rejects', async () => {
      const handle = await start('approval-reject', approvalGraph('1h'));
      await waitForNode(handle, 'ask', 'waiting');
      await handle.executeUpdate(approveUpdate, { args: [{ nodeId: 'ask', approved: false, by: 'bob' }] });
      const result = await handle.result();
      expect(result.outputs.said).toBe('rejected by bob');
      expect(result.nodes.ask!.firedHandles).toEqual(['rejected']);
    });

    it('follows the timeout branch when nobody decides in time', async () => {
      const result = await run('approval-timeout', approvalGraph('2s'));
      expect(result.outputs.said).toBe('no answer after 2s');
      expect(result.nodes.ask!.durationMs).toBeGreaterThanOrEqual(2000);
    });
  });

  it('waits durably on a delay node and passes its value on', async () => {
    const result = await run('delay', graph([
      node('pause', 'flow.delay', { duration: '1s', value: { $expr: 'input.v' } }),
      node('next', 'data.transform', { expression: 'nodes.pause.out + 1' }),
    ], [edge('start', 'pause'), edge('pause', 'next')], { v: 'nodes.next.out' }), { v: 41 });
    expect(result.outputs.v).toBe(42);
    expect(result.nodes.pause!.durationMs).toBeGreaterThanOrEqual(1000);
  });

  describe('HTTP retries', () => {
    it('retries 5xx answers and succeeds on the third attempt', async () => {
      const url = `${base}/flaky/${randomUUID()}`;
      const result = await run('retry-5xx', graph([
        node('call', 'http.request', { url }, { retry: { initialInterval: '100ms', backoffCoefficient: 1 } }),
      ], [edge('start', 'call')], { body: 'nodes.call.out.body' }));
      expect(result.outputs.body).toEqual({ ok: true, tries: 3 });
      expect(result.nodes.call!.attempts).toBe(3);
      expect(hits.get(new URL(url).pathname)).toHaveLength(3);
    });

    // 2 s rather than 1 s: the server spaces retries at least ~1 s apart whatever the policy says, so only a longer
    // Retry-After shows that it is honoured.
    it('waits as long as a 429 answer asks (Retry-After) before the next attempt', async () => {
      const url = `${base}/throttled/${randomUUID()}`;
      const result = await run('retry-429', graph([
        node('call', 'http.request', { url }, { retry: { initialInterval: '100ms', backoffCoefficient: 1 } }),
      ], [edge('start', 'call')]));
      expect(result.nodes.call!.attempts).toBe(2);
      const [first, second] = hits.get(new URL(url).pathname)!;
      expect(second! - first!).toBeGreaterThanOrEqual(1950);
    });

    it('fails a 4xx answer at once, without retrying', async () => {
      const handle = await start('http-4xx', graph([node('call', 'http.request', { url: `${base}/status/403` })], [edge('start', 'call')]));
      const { failure, details } = await failureOf(handle);
      expect(failure.message).toMatch(/call.*403/);
      expect(details.nodes.call).toMatchObject({ status: 'failed', attempts: 1, error: { type: 'HttpClientError' } });
    });
  });

  it('sends a failure down the error branch when the node asks for one', async () => {
    const result = await run('error-branch', graph([
      node('call', 'http.request', { url: `${base}/status/404` }, { onError: 'error-branch' }),
      node('use', 'data.transform', { expression: 'nodes.call.out.body' }),
      node('handle', 'data.transform', { expression: "'handled ' + nodes.call.error.type" }),
    ], [edge('start', 'call'), edge('call', 'use'), edge('call', 'handle', 'error')], { said: 'nodes.handle.out' }));
    expect(result.outputs.said).toBe('handled HttpClientError');
    expect(statuses(result.nodes)).toMatchObject({ call: 'failed', use: 'skipped', handle: 'completed' });
    expect(result.nodes.call!.firedHandles).toEqual(['error']);
  });

  it('continues past a failed node set to continue, with null as its output', async () => {
    const result = await run('continue', graph([
      node('call', 'http.request', { url: `${base}/status/404` }, { onError: 'continue' }),
      node('next', 'data.transform', { expression: "nodes.call.out == null ? 'no data' : 'data'" }),
    ], [edge('start', 'call'), edge('call', 'next')], { said: 'nodes.next.out' }));
    expect(result.outputs.said).toBe('no data');
    expect(statuses(result.nodes)).toMatchObject({ call: 'failed', next: 'completed' });
    expect(result.nodes.call!.error).toMatchObject({ type: 'HttpClientError' });
  });

  it('cancels a running graph: the run ends CANCELLED and its running node cancelled', async () => {
    const handle = await start('cancel', graph([
      node('wait', 'flow.delay', { duration: '1h' }),
      node('after', 'data.transform', { expression: '1' }),
    ], [edge('start', 'wait'), edge('wait', 'after')]));
    await waitForNode(handle, 'wait', 'running');
    await handle.cancel();

    const err = await handle.result().then(() => undefined, (e: unknown) => e);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect((await handle.describe()).status.name).toBe('CANCELLED');
    expect(statuses(await handle.query(nodeStatesQuery))).toEqual({ start: 'completed', wait: 'cancelled', after: 'cancelled' });
  });

  it('completes a run whose worker was replaced while a delay was pending', async () => {
    const handle = await start('worker-restart', graph([
      node('pause', 'flow.delay', { duration: '3s', value: 'slept' }),
      node('next', 'data.transform', { expression: "nodes.pause.out + ' well'" }),
    ], [edge('start', 'pause'), edge('pause', 'next')], { said: 'nodes.next.out' }));
    await waitForNode(handle, 'pause', 'running');
    await worker.stop();
    worker = await startWorker();

    const result = await handle.result();
    expect(result.outputs.said).toBe('slept well');
    expect(statuses(result.nodes)).toEqual({ start: 'completed', pause: 'completed', next: 'completed' });
  });

  it('schedules every activity with its node id as activity id and a summary naming the node', async () => {
    const handle = await start('activity-ids', graph([
      node('fetch', 'http.request', { url: `${base}/json/a`, query: { q: 'x' } }, { label: 'Fetch A' }),
      node('note', 'notify.log', { message: { $template: 'got {{ nodes.fetch.out.body.q.q }}' }, level: 'warn' }),
    ], [edge('start', 'fetch'), edge('fetch', 'note')], { logged: 'nodes.note.out' }));
    const result = await handle.result();
    expect(result.outputs.logged).toEqual({ message: 'got x', level: 'warn' });

    const scheduled = (await handle.fetchHistory()).events!.filter((e) => e.activityTaskScheduledEventAttributes);
    expect(scheduled.map((e) => [e.activityTaskScheduledEventAttributes!.activityId, e.activityTaskScheduledEventAttributes!.activityType!.name]))
      .toEqual([['fetch', 'httpRequest'], ['note', 'logMessage']]);
    expect(scheduled[0]!.userMetadata?.summary).toBeTruthy();
  });

  it('runs an import-klines node through the existing importKlineCsv activity', async () => {
    const symbol = unique('GRAPH-ETH');
    const result = await run('import', graph([
      node('load', 'market.import-klines', { source: { type: 'path', path: path.join(repoRoot, '..', 'shared', 'data', 'crypto', 'ETH-USDT_1d_jesse.csv') }, symbol }),
    ], [edge('start', 'load')], { rows: 'nodes.load.out.rows' }));
    expect(result.outputs.rows).toBeGreaterThan(0);
    expect(await db().bar.count({ where: { symbol } })).toBe(result.outputs.rows);
  });

  it('fails a node whose params do not match its type with InvalidParams, before anything runs', async () => {
    const handle = await start('invalid-params', graph([
      node('call', 'http.request', { url: { $expr: 'input.target' }, method: 'FETCH' }),
    ], [edge('start', 'call')]), { target: 'not a url' });
    const { details } = await failureOf(handle);
    expect(details.nodes.call).toMatchObject({ status: 'failed', attempts: 0, error: { type: 'InvalidParams' } });
    expect(details.nodes.call!.error!.message).toMatch(/url/);
    expect(details.nodes.call!.error!.message).toMatch(/method/);
    const scheduled = (await handle.fetchHistory()).events!.filter((e) => e.activityTaskScheduledEventAttributes);
    expect(scheduled).toHaveLength(0);
  });

  describe('continue-as-new', () => {
    /** start → 24 log activities in a chain → approval → report, beside a delay on a branch of its own. */
    const longGraph = () => {
      const steps = Array.from({ length: 24 }, (_, i) => node(`s${i}`, 'notify.log', { message: { $template: `step ${i} of {{ input.job }}` } }));
      return graph([
        ...steps,
        node('nap', 'flow.delay', { duration: '2s', value: 'rested' }),
        node('ask', 'flow.approval', { title: 'Publish?', timeout: '1h' }),
        node('report', 'data.transform', { expression: "nodes.s0.out.message + ' … ' + nodes.s23.out.message + ', ' + nodes.nap.out + ', by ' + nodes.ask.approved.by" }),
      ], [
        edge('start', 's0'),
        ...steps.slice(1).map((_, i) => edge(`s${i}`, `s${i + 1}`)),
        edge('start', 'nap'),
        edge('s23', 'ask'),
        edge('ask', 'report', 'approved'),
        edge('nap', 'report'),
      ], { report: 'nodes.report.out' });
    };

    async function chainOf(workflowId: string) {
      const runs = [];
      for await (const r of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(r);
      return runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
    }

    it('hands a long graph over to new runs, keeping node states, outputs, memo, updates and the workflow id', async () => {
      const limit = 40;
      const handle = await start('continue-as-new', longGraph(), { job: 'nightly' }, { maxHistoryEvents: limit });
      // The approval is reached only after several hand-overs; the update goes to whichever run is current.
      await waitForNode(handle, 'ask', 'waiting');
      await handle.executeUpdate(approveUpdate, { args: [{ nodeId: 'ask', approved: true, by: 'ada' }] });
      const result = await handle.result();

      expect(result.outputs.report).toBe('step 0 of nightly … step 23 of nightly, rested, by ada');
      expect(new Set(Object.values(statuses(result.nodes)))).toEqual(new Set(['completed']));
      expect(result.nodes.s0!.startedAt! < result.nodes.s23!.startedAt!).toBe(true);

      const runs = await chainOf(handle.workflowId);
      expect(runs.length).toBeGreaterThanOrEqual(3);
      expect(runs.slice(0, -1).map((r) => r.status.name)).toEqual(runs.slice(0, -1).map(() => 'CONTINUED_AS_NEW'));
      expect(runs.at(-1)!.status.name).toBe('COMPLETED');
      const histories = await Promise.all(runs.map((r) => client.workflow.getHandle(handle.workflowId, r.runId).fetchHistory()));
      // Each run drains the nodes it started before handing over: a few events past the limit at most.
      for (const h of histories) expect(h.events!.length).toBeLessThan(limit + 20);
      // Activity ids stay the node ids in every run, and each node ran exactly once across the chain.
      const activityIds = histories.flatMap((h) => h.events!.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityId ?? []));
      expect(activityIds.sort()).toEqual(Array.from({ length: 24 }, (_, i) => `s${i}`).sort());
      for (const r of runs) expect((await client.workflow.getHandle(handle.workflowId, r.runId).describe()).memo).toEqual({ graphId: 'test', version: 0 });

      // The API shows the chain as one run: the first run's start, every node, the caller's own input.
      const detail = await getRun(client, handle.workflowId);
      expect(detail!.startTime).toBe(runs[0]!.startTime.toISOString());
      expect(detail!.nodes!.map((n) => n.status)).toEqual(Object.keys(result.nodes).map(() => 'completed'));
      expect(detail!.input).not.toHaveProperty('resume');
      expect((detail!.input as { input: unknown }).input).toEqual({ job: 'nightly' });

      // Every run of the chain, the hand-overs included, replays deterministically.
      const failures: string[] = [];
      const replays = histories.map((history, i) => ({ workflowId: `${handle.workflowId}#${i}`, history }));
      for await (const r of Worker.runReplayHistories({ workflowsPath }, replays)) if (r.error) failures.push(`${r.workflowId}: ${r.error.message}`);
      expect(failures).toEqual([]);
    });

    it('fails a continued run with the failing node and the states of the nodes settled before the hand-over', async () => {
      const steps = Array.from({ length: 12 }, (_, i) => node(`s${i}`, 'notify.log', { message: `step ${i}` }));
      const handle = await start('continue-as-new-fail', graph([
        ...steps,
        node('boom', 'http.request', { url: `${base}/status/404` }),
      ], [edge('start', 's0'), ...steps.slice(1).map((_, i) => edge(`s${i}`, `s${i + 1}`)), edge('s11', 'boom')]), {}, { maxHistoryEvents: 30 });
      const { failure, details } = await failureOf(handle);
      expect(failure.message).toMatch(/node 'boom' failed/);
      expect(details.nodeId).toBe('boom');
      expect(statuses(details.nodes)).toMatchObject({ s0: 'completed', s11: 'completed', boom: 'failed' });
      expect((await chainOf(handle.workflowId)).length).toBeGreaterThanOrEqual(2);
    });
  });

  // Last: it replays the histories of every run above against the current workflow code.
  it('replays every recorded history without a nondeterminism error', async () => {
    const histories = await Promise.all(started.map(async (workflowId) => ({ workflowId, history: await client.workflow.getHandle(workflowId).fetchHistory() })));
    const failures: string[] = [];
    for await (const r of Worker.runReplayHistories({ workflowsPath }, histories)) if (r.error) failures.push(`${r.workflowId}: ${r.error.message}`);
    expect(failures).toEqual([]);
    expect(histories.length).toBeGreaterThan(20);
  });
});
