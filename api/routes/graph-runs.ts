import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { z } from 'zod';
import { db } from '../../core/db';
import { graphRunInputSchema, GraphWorkflowTypes } from '../../core/graph/run-state';
import { temporalClient } from '../../core/temporal';
import { principalOf, requireRole } from '../auth';
import { badRequest, HttpError, notFound } from '../errors';
import { loadGraph, loadVersion, requireValidGraph } from '../graph-store';
import { isGraphRun, nodeViewSchema } from '../graph-run-view';
import { getRun } from '../runs';
import { startGraphRun } from './graphs';

const runParams = z.object({ workflowId: z.string().min(1).max(1000) });

async function requireRun(workflowId: string) {
  const run = await getRun(await temporalClient(), workflowId);
  if (!run) throw notFound(`Run ${workflowId}`);
  return run;
}

async function requireGraphRunInput(workflowId: string) {
  if (!isGraphRun(workflowId)) throw badRequest('workflowId', 'not a graph run');
  const run = await requireRun(workflowId);
  // Runs started before node types travelled in the input have none; a re-run only needs the rest.
  const input = graphRunInputSchema.omit({ types: true }).safeParse(run.input);
  if (!input.success) throw badRequest('workflowId', 'the run has no graph input');
  return { run, input: input.data };
}

export const graphRunRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/runs/:workflowId/nodes', {
    schema: { summary: 'Per-node view of a graph run', tags: ['runs'], params: runParams, response: { 200: z.object({ nodes: z.array(nodeViewSchema) }) } },
  }, async (req) => {
    const run = await requireRun(req.params.workflowId);
    if (!isGraphRun(run.workflowId)) throw badRequest('workflowId', 'not a graph run');
    return { nodes: run.nodes ?? [] };
  });

  // Server-sent events: `run` and `nodes` whenever they change, `end` once the run is closed.
  app.get('/runs/:workflowId/events', {
    schema: { summary: 'Run and node status changes as server-sent events', tags: ['runs'], params: runParams },
  }, async (req, reply) => {
    const client = await temporalClient();
    const first = await getRun(client, req.params.workflowId);
    if (!first) throw notFound(`Run ${req.params.workflowId}`);
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-request-id': req.id });
    let open = true;
    req.raw.on('close', () => { open = false; });
    const send = (event: string, data: unknown) => reply.raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    let lastRun = '';
    let lastNodes = '';
    while (open) {
      try {
        const run = await getRun(client, req.params.workflowId);
        if (!run) break;
        const { input: _input, nodes, ...summary } = run;
        const runJson = JSON.stringify(summary);
        if (runJson !== lastRun) { send('run', summary); lastRun = runJson; }
        const nodesJson = JSON.stringify(nodes);
        if (nodes && nodesJson !== lastNodes) { send('nodes', nodes); lastNodes = nodesJson; }
        if (run.status !== 'RUNNING') { send('end', { status: run.status }); break; }
      } catch (err) {
        req.log.warn({ err }, 'event stream poll failed');
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    reply.raw.end();
  });

  app.post('/runs/:workflowId/cancel', {
    preHandler: requireRole('trader'),
    schema: { summary: 'Cancel a running run (Temporal cancellation: running nodes are cancelled)', tags: ['runs'], params: runParams, response: { 202: z.object({ workflowId: z.string(), status: z.string() }) } },
  }, async (req, reply) => {
    const run = await requireRun(req.params.workflowId);
    if (run.status !== 'RUNNING') throw new HttpError(409, `run is ${run.status}, not running`);
    await (await temporalClient()).workflow.getHandle(run.workflowId).cancel();
    return reply.code(202).send({ workflowId: run.workflowId, status: 'CANCEL_REQUESTED' });
  });

  app.post('/runs/:workflowId/approvals/:nodeId', {
    preHandler: requireRole('trader'),
    schema: {
      summary: 'Approve or reject a waiting approval node',
      tags: ['runs'],
      params: runParams.extend({ nodeId: z.string().min(1) }),
      body: z.object({ approved: z.boolean(), comment: z.string().max(2000).optional() }),
      response: { 200: z.object({ approved: z.boolean(), by: z.string(), comment: z.string().optional(), at: z.string() }) },
    },
  }, async (req) => {
    const run = await requireRun(req.params.workflowId);
    if (run.status !== 'RUNNING') throw new HttpError(409, `run is ${run.status}, not running`);
    const p = principalOf(req);
    try {
      return await (await temporalClient()).workflow.getHandle(run.workflowId).executeUpdate('approve', {
        args: [{ nodeId: req.params.nodeId, approved: req.body.approved, by: `${p.name} <${p.user.email}>`, comment: req.body.comment }],
      });
    } catch (err) {
      // The workflow's update validator refuses nodes that are not waiting: a conflict, not a server error.
      if (err instanceof WorkflowUpdateFailedError) throw new HttpError(409, (err.cause as Error | undefined)?.message ?? err.message);
      throw err;
    }
  });

  app.post('/runs/:workflowId/rerun', {
    preHandler: requireRole('trader'),
    schema: {
      summary: "Run a past run's input again, on its version or another one",
      tags: ['runs'],
      params: runParams,
      body: z.object({ version: z.number().int().min(1).optional() }).default({}),
      response: { 202: z.object({ workflowId: z.string(), runId: z.string(), version: z.number(), temporalUiUrl: z.string() }) },
    },
  }, async (req, reply) => {
    const { input } = await requireGraphRunInput(req.params.workflowId);
    const g = await loadGraph(db(), input.graphId);
    const v = await loadVersion(db(), g.id, req.body?.version ?? input.version);
    const graph = requireValidGraph(v.graph);
    return reply.code(202).send(await startGraphRun({ graphId: g.id, version: v.number, graph, input: input.input, callerKeyId: principalOf(req).keyId }));
  });
};
