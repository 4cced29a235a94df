import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphTemplates } from '../core/graph/templates';
import { validateGraph } from '../core/graph/validate';
import { createTestKey, startApi, startWorker, waitFor, waitForRun, type RunningApi, type RunningWorker } from './helpers';

let api: RunningApi;
let worker: RunningWorker;
let trader: string;
let viewer: string;

beforeAll(async () => {
  worker = await startWorker();
  api = await startApi();
  [trader, viewer] = await Promise.all([createTestKey('trader'), createTestKey('viewer')]);
});
afterAll(async () => {
  await api?.app.close();
  await worker?.stop();
});

const node = (id: string, type: string, params: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({ id, type, params, position: { x: 0, y: 0 }, ...extra });
const edge = (id: string, source: string, target: string, sourceHandle = 'out', targetHandle = '$trigger') => ({ id, source, target, sourceHandle, targetHandle });

/** A small valid graph: start → double (transform) → say (log). */
function simpleGraph() {
  return {
    inputSchema: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
    outputs: { doubled: 'nodes.double.out' },
    nodes: [
      node('start', 'trigger.manual'),
      node('double', 'data.transform', { expression: 'input.n * 2' }),
      node('say', 'notify.log', { message: { $template: 'doubled: {{ nodes.double.out }}' } }),
    ],
    edges: [edge('e1', 'start', 'double'), edge('e2', 'double', 'say')],
  };
}

async function validate(graph: unknown) {
  const res = await api.request('POST', '/api/graphs/validate', { key: viewer, body: { graph } });
  expect(res.status).toBe(200);
  return res.body as { valid: boolean; problems: { code: string; nodeId?: string; edgeId?: string; field?: string; message: string }[] };
}

describe('graph validation through the API, each problem located', () => {
  it('accepts a valid graph', async () => {
    expect(await validate(simpleGraph())).toEqual({ valid: true, problems: [] });
  });

  it('refuses an unknown node type', async () => {
    const g = simpleGraph();
    g.nodes.push(node('mystery', 'nope.nothing'));
    g.edges.push(edge('e3', 'say', 'mystery'));
    const r = await validate(g);
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'unknown-node-type', nodeId: 'mystery' }));
  });

  it('refuses a missing required input', async () => {
    const g = simpleGraph();
    g.nodes[2]!.params = {};
    expect((await validate(g)).problems).toContainEqual(expect.objectContaining({ code: 'missing-input', nodeId: 'say', field: 'message' }));
  });

  it('refuses a type mismatch across an edge', async () => {
    const g = simpleGraph();
    // log.out is an object; http.request's timeoutMs wants an integer.
    g.nodes.push(node('call', 'http.request', { url: 'http://127.0.0.1:1/' }));
    g.edges.push(edge('bad', 'say', 'call', 'out', 'timeoutMs'));
    expect((await validate(g)).problems).toContainEqual(expect.objectContaining({ code: 'type-mismatch', edgeId: 'bad', nodeId: 'call', field: 'timeoutMs' }));
  });

  it('refuses a dangling edge and an unknown handle', async () => {
    const g = simpleGraph();
    g.edges.push(edge('loose', 'say', 'ghost'));
    g.edges.push(edge('nohandle', 'double', 'say', 'sideways'));
    const r = await validate(g);
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'dangling-edge', edgeId: 'loose' }));
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'unknown-handle', edgeId: 'nohandle', nodeId: 'double' }));
  });

  it('refuses a cycle outside a loop construct', async () => {
    const g = simpleGraph();
    g.edges.push(edge('back', 'say', 'double'));
    expect((await validate(g)).problems).toContainEqual(expect.objectContaining({ code: 'cycle', edgeId: 'back' }));
  });

  it('refuses a bad expression and a reference to a node that is not upstream', async () => {
    const g = simpleGraph();
    g.nodes[1]!.params = { expression: 'input.n * (2' };
    const r1 = await validate(g);
    expect(r1.problems).toContainEqual(expect.objectContaining({ code: 'bad-expression', nodeId: 'double', field: 'expression' }));
    const g2 = simpleGraph();
    g2.nodes[1]!.params = { expression: 'nodes.say.out.message' };
    expect((await validate(g2)).problems).toContainEqual(expect.objectContaining({ code: 'unknown-reference', nodeId: 'double', field: 'expression' }));
    const g3 = simpleGraph();
    g3.nodes[2]!.params = { message: { $template: '{{ nodes.double.out }} {{ nodes.start.out.n }} {{ input.nope }}' } };
    expect((await validate(g3)).problems).toContainEqual(expect.objectContaining({ code: 'unknown-reference', nodeId: 'say', field: 'message', message: expect.stringMatching(/nope/) }));
  });

  it('refuses an unreachable node', async () => {
    const g = simpleGraph();
    g.nodes.push(node('island', 'notify.log', { message: 'nobody calls me' }));
    expect((await validate(g)).problems).toContainEqual(expect.objectContaining({ code: 'unreachable', nodeId: 'island' }));
  });

  it('refuses an invalid literal parameter and a malformed graph', async () => {
    const g = simpleGraph();
    g.nodes.push(node('call', 'http.request', { url: 'not a url', method: 'BREW' }));
    g.edges.push(edge('e9', 'say', 'call'));
    const r = await validate(g);
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'invalid-param', nodeId: 'call', field: 'url' }));
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'invalid-param', nodeId: 'call', field: 'method' }));
    const bad = await validate({ nodes: [{ id: '9 bad id', type: 'x' }] });
    expect(bad.problems[0]).toMatchObject({ code: 'schema', field: 'nodes.0.id' });
  });

  it('refuses to save an invalid graph with 400 and every problem', async () => {
    const g = simpleGraph();
    g.edges.push(edge('back', 'say', 'double'));
    g.nodes.push(node('island', 'notify.log', { message: 'x' }));
    const res = await api.request('POST', '/api/graphs', { key: trader, body: { name: 'broken', graph: g } });
    expect(res.status).toBe(400);
    expect(res.body.problems.map((p: { code: string }) => p.code)).toEqual(expect.arrayContaining(['cycle', 'unreachable']));
  });

  it('every template validates', () => {
    for (const t of graphTemplates) expect({ id: t.id, problems: validateGraph(t.graph).problems }).toEqual({ id: t.id, problems: [] });
  });
});

describe('graph versions', () => {
  it('saves immutable content-hashed versions, lists, diffs and restores them', async () => {
    const created = await api.request('POST', '/api/graphs', { key: trader, body: { name: 'versions', graph: simpleGraph() } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body.currentVersion).toBe(1);

    // Same content (different key order) → no new version.
    const same = await api.request('PUT', `/api/graphs/${id}`, { key: trader, body: { graph: JSON.parse(JSON.stringify(simpleGraph())) } });
    expect(same.body.currentVersion).toBe(1);

    const g2 = simpleGraph();
    g2.nodes[1]!.params = { expression: 'input.n * 3' };
    g2.nodes.push(node('extra', 'notify.log', { message: 'extra' }));
    g2.edges.push(edge('e3', 'say', 'extra'));
    const saved = await api.request('PUT', `/api/graphs/${id}`, { key: trader, body: { graph: g2, message: 'triple' } });
    expect(saved.body.currentVersion).toBe(2);
    expect(saved.body.hash).not.toBe(created.body.hash);

    const versions = await api.request('GET', `/api/graphs/${id}/versions`, { key: viewer });
    expect(versions.body.versions.map((v: { number: number }) => v.number)).toEqual([2, 1]);

    const diff = await api.request('GET', `/api/graphs/${id}/diff?from=1&to=2`, { key: viewer });
    expect(diff.body.nodes).toEqual({ added: ['extra'], removed: [], changed: [{ id: 'double', fields: ['params.expression'] }] });
    expect(diff.body.edges.added).toEqual(['e3']);

    const restored = await api.request('POST', `/api/graphs/${id}/versions/1/restore`, { key: trader });
    expect(restored.body.currentVersion).toBe(3);
    expect(restored.body.hash).toBe(created.body.hash);
    expect((await api.request('GET', `/api/graphs/${id}/versions/1`, { key: viewer })).body.graph.nodes[1].params.expression).toBe('input.n * 2');
  });
});

describe('graph runs through the API', () => {
  it('runs a saved graph pinned to its version, with a per-node view and an idempotent start', async () => {
    const created = await api.request('POST', '/api/graphs', { key: trader, body: { name: 'run me', graph: simpleGraph() } });
    const id = created.body.id;
    const headers = { 'idempotency-key': `graph-run-${Date.now()}` };
    const a = await api.request('POST', `/api/graphs/${id}/runs`, { key: trader, body: { input: { n: 21 } }, headers });
    const b = await api.request('POST', `/api/graphs/${id}/runs`, { key: trader, body: { input: { n: 21 } }, headers });
    expect(a.status).toBe(202);
    expect(b.body.workflowId).toBe(a.body.workflowId);
    expect(a.body.version).toBe(1);

    const run = await waitForRun(api, viewer, a.body.workflowId);
    expect(run.status).toBe('COMPLETED');
    expect(run.result.outputs).toEqual({ doubled: 42 });
    expect(run.graph).toEqual({ graphId: id, version: 1 });
    const byId = Object.fromEntries(run.nodes.map((n: { nodeId: string }) => [n.nodeId, n]));
    expect(byId.say).toMatchObject({ status: 'completed', attempts: 1, output: { message: 'doubled: 42', level: 'info' } });
    expect(byId.double).toMatchObject({ status: 'completed', output: 42 });

    const listed = await waitFor('graph run listed', async () => {
      const res = await api.request('GET', `/api/graphs/${id}/runs`, { key: viewer });
      return res.body.runs?.find((r: { workflowId: string }) => r.workflowId === a.body.workflowId);
    }, 30_000, 500);
    expect(listed.status).toBe('COMPLETED');
  });

  it('refuses a run input that does not match the input schema, naming the field', async () => {
    const created = await api.request('POST', '/api/graphs', { key: trader, body: { name: 'strict input', graph: simpleGraph() } });
    const res = await api.request('POST', `/api/graphs/${created.body.id}/runs`, { key: trader, body: { input: { n: 'twenty' } } });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe('input.n');
  });

  it('re-runs a past run on another version', async () => {
    const created = await api.request('POST', '/api/graphs', { key: trader, body: { name: 'rerun', graph: simpleGraph() } });
    const id = created.body.id;
    const first = await api.request('POST', `/api/graphs/${id}/runs`, { key: trader, body: { input: { n: 5 } } });
    await waitForRun(api, viewer, first.body.workflowId);
    const g2 = simpleGraph();
    g2.nodes[1]!.params = { expression: 'input.n * 100' };
    await api.request('PUT', `/api/graphs/${id}`, { key: trader, body: { graph: g2 } });
    const again = await api.request('POST', `/api/runs/${first.body.workflowId}/rerun`, { key: trader, body: { version: 2 } });
    expect(again.status).toBe(202);
    const run = await waitForRun(api, viewer, again.body.workflowId);
    expect(run.result.outputs).toEqual({ doubled: 500 });
    expect(run.graph.version).toBe(2);
  });

  it('approves a waiting approval node through the API and streams node changes as server-sent events', async () => {
    const graph = {
      nodes: [
        node('start', 'trigger.manual'),
        node('gate', 'flow.approval', { title: 'Go?', timeout: '5m' }),
        node('yes', 'notify.log', { message: { $template: 'approved by {{ nodes.gate.approved.by }}' } }),
        node('no', 'notify.log', { message: 'rejected' }),
      ],
      edges: [edge('e1', 'start', 'gate'), edge('e2', 'gate', 'yes', 'approved'), edge('e3', 'gate', 'no', 'rejected')],
    };
    const created = await api.request('POST', '/api/graphs', { key: trader, body: { name: 'approval', graph } });
    const started = await api.request('POST', `/api/graphs/${created.body.id}/runs`, { key: trader, body: { input: {} } });
    const wf = started.body.workflowId;

    const events: { event: string; data: any }[] = [];
    const stream = fetch(`${api.url}/api/runs/${wf}/events?key=${viewer}`).then(async (res) => {
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const reader = res.body!.getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += new TextDecoder().decode(value);
        let i;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null');
          events.push({ event, data });
        }
      }
    });

    // Approve only once the stream has shown the waiting node, as a person watching the run would.
    await waitFor('the stream to show the approval node waiting', async () =>
      events.some((e) => e.event === 'nodes' && e.data.some((n: { nodeId: string; status: string }) => n.nodeId === 'gate' && n.status === 'waiting')),
    30_000, 100);
    const waiting = await api.request('GET', `/api/runs/${wf}/nodes`, { key: viewer });
    expect(waiting.body.nodes.find((n: { nodeId: string }) => n.nodeId === 'gate').status).toBe('waiting');
    expect((await api.request('POST', `/api/runs/${wf}/approvals/gate`, { key: viewer, body: { approved: true } })).status).toBe(403);
    expect((await api.request('POST', `/api/runs/${wf}/approvals/yes`, { key: trader, body: { approved: true } })).status).toBe(409);
    const decision = await api.request('POST', `/api/runs/${wf}/approvals/gate`, { key: trader, body: { approved: true, comment: 'ship it' } });
    expect(decision.status).toBe(200);
    expect(decision.body).toMatchObject({ approved: true, comment: 'ship it' });

    const run = await waitForRun(api, viewer, wf);
    expect(run.status).toBe('COMPLETED');
    const byId = Object.fromEntries(run.nodes.map((n: { nodeId: string }) => [n.nodeId, n]));
    expect(byId.yes.status).toBe('completed');
    expect(byId.no.status).toBe('skipped');

    await stream;
    const nodeEvents = events.filter((e) => e.event === 'nodes');
    const gateStatuses = nodeEvents.map((e) => e.data.find((n: { nodeId: string }) => n.nodeId === 'gate')?.status);
    expect(gateStatuses).toContain('waiting');
    expect(gateStatuses.at(-1)).toBe('completed');
    expect(events.at(-1)).toEqual({ event: 'end', data: { status: 'COMPLETED' } });
  });

  it('cancels a running graph through the API', async () => {
    const graph = {
      nodes: [node('start', 'trigger.manual'), node('wait', 'flow.delay', { duration: '10m' })],
      edges: [edge('e1', 'start', 'wait')],
    };
    const created = await api.request('POST', '/api/graphs', { key: trader, body: { name: 'cancel me', graph } });
    const started = await api.request('POST', `/api/graphs/${created.body.id}/runs`, { key: trader, body: { input: {} } });
    await waitFor('the delay to start', async () => {
      const res = await api.request('GET', `/api/runs/${started.body.workflowId}/nodes`, { key: viewer });
      return res.body.nodes?.find((n: { nodeId: string; status: string }) => n.nodeId === 'wait' && n.status === 'running');
    }, 30_000, 300);
    expect((await api.request('POST', `/api/runs/${started.body.workflowId}/cancel`, { key: trader })).status).toBe(202);
    const run = await waitForRun(api, viewer, started.body.workflowId);
    expect(run.status).toBe('CANCELLED');
  });
});

describe('catalog and templates', () => {
  it('serves the node catalog with JSON Schemas and instantiates a template into a graph', async () => {
    const catalog = await api.request('GET', '/api/catalog', { key: viewer });
    const types = catalog.body.nodeTypes.map((t: { type: string }) => t.type);
    expect(types).toEqual(expect.arrayContaining(['trigger.manual', 'http.request', 'data.transform', 'flow.condition', 'flow.switch', 'flow.delay', 'flow.approval', 'notify.log', 'flow.subgraph', 'flow.for-each', 'market.import-klines']));
    const http = catalog.body.nodeTypes.find((t: { type: string }) => t.type === 'http.request');
    expect(http.params.properties.url).toMatchObject({ type: 'string' });
    expect(http.defaults.retry.maximumAttempts).toBe(5);

    const templates = await api.request('GET', '/api/templates', { key: viewer });
    expect(templates.body.templates.length).toBeGreaterThanOrEqual(2);
    const made = await api.request('POST', '/api/templates/import-and-report/instantiate', { key: trader, body: { name: 'my import' } });
    expect(made.status).toBe(201);
    const run = await api.request('POST', `/api/graphs/${made.body.id}/runs`, { key: trader, body: { input: { path: '../shared/data/ashare/000001.SH_D.csv' } } });
    const done = await waitForRun(api, viewer, run.body.workflowId);
    expect(done.status).toBe('COMPLETED');
    expect(done.result.outputs.rows).toBe(3332);
    const byId = Object.fromEntries(done.nodes.map((n: { nodeId: string }) => [n.nodeId, n]));
    // The SSE daily file misses only holiday-shaped runs of days, which are not gaps.
    expect(done.result.outputs.gaps).toBe(0);
    expect(byId.warn.status).toBe('skipped');
    expect(byId.ok.status).toBe('completed');
  });
});
