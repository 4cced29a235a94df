import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { db } from '../../core/db';
import { catalogJson } from '../../core/catalog';
import { diffGraphs } from '../../core/graph/diff';
import { graphSchema, type Graph } from '../../core/graph/model';
import { GraphWorkflowTypes, prepareGraphRun } from '../../core/graph/run-state';
import { graphTemplates } from '../../core/graph/templates';
import { problemSchema, validateGraph } from '../../core/graph/validate';
import { temporalClient } from '../../core/temporal';
import { principalOf, requireRole } from '../auth';
import { badRequest, notFound } from '../errors';
import { checkRunInput, createGraph, graphDetail, graphSummary, loadGraph, loadVersion, requireValidGraph, saveVersion } from '../graph-store';
import { listRuns, runSummarySchema } from '../runs';
import { runWorkflowId, startOnce } from '../start-workflow';

const graphSummarySchema = z.object({
  id: z.string(), name: z.string(), description: z.string(), currentVersion: z.number(), createdAt: z.string(), updatedAt: z.string(),
});
const graphDetailSchema = graphSummarySchema.extend({ graph: z.unknown(), hash: z.string() });
const idParams = z.object({ id: z.uuid() });
const versionParams = idParams.extend({ number: z.coerce.number().int().min(1) });
const startedSchema = z.object({ workflowId: z.string(), runId: z.string(), version: z.number(), temporalUiUrl: z.string() });
// The body is parsed with graphSchema after the route schema, so every graph problem is reported, not only the first.
const graphBody = z.record(z.string(), z.unknown()).describe('Graph JSON (see GET /api/catalog for node types)');

export async function startGraphRun(o: { graphId: string; version: number; graph: Graph; input: Record<string, unknown>; callerKeyId: string; idempotencyKey?: string }) {
  const input = checkRunInput(o.graph, o.input);
  const workflowId = runWorkflowId(`graph-${o.graphId}`, o.callerKeyId, o.idempotencyKey);
  const args = prepareGraphRun({ graphId: o.graphId, version: o.version, graph: o.graph, input });
  const started = await startOnce(GraphWorkflowTypes.run, { workflowId, args: [args], memo: { graphId: o.graphId, version: o.version } });
  return { ...started, version: o.version };
}

export const graphRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/catalog', {
    schema: { summary: 'Node types: parameters and outputs as JSON Schema', tags: ['graphs'], response: { 200: z.object({ nodeTypes: z.array(z.unknown()) }) } },
  }, async () => ({ nodeTypes: catalogJson() }));

  app.get('/templates', {
    schema: { summary: 'Graph templates', tags: ['graphs'], response: { 200: z.object({ templates: z.array(z.object({ id: z.string(), name: z.string(), description: z.string(), graph: z.unknown() })) }) } },
  }, async () => ({ templates: graphTemplates.map((t) => ({ ...t, graph: graphSchema.parse(t.graph) })) }));

  app.post('/templates/:templateId/instantiate', {
    preHandler: requireRole('trader'),
    schema: { summary: 'Create a graph from a template', tags: ['graphs'], params: z.object({ templateId: z.string() }), body: z.object({ name: z.string().min(1).max(200).optional() }).default({}), response: { 201: graphDetailSchema } },
  }, async (req, reply) => {
    const t = graphTemplates.find((x) => x.id === req.params.templateId);
    if (!t) throw notFound(`Template ${req.params.templateId}`);
    const graph = requireValidGraph(t.graph);
    return reply.code(201).send(await createGraph(db(), { name: req.body?.name ?? t.name, description: t.description, graph, userId: principalOf(req).user.id }));
  });

  app.post('/graphs/validate', {
    schema: { summary: 'Validate a graph without saving it', tags: ['graphs'], body: z.object({ graph: z.unknown() }), response: { 200: z.object({ valid: z.boolean(), problems: z.array(problemSchema) }) } },
  }, async (req) => {
    const r = validateGraph(req.body.graph);
    return { valid: r.valid, problems: r.problems };
  });

  app.get('/graphs', {
    schema: { summary: 'List graphs', tags: ['graphs'], response: { 200: z.object({ graphs: z.array(graphSummarySchema) }) } },
  }, async () => ({ graphs: (await db().graph.findMany({ where: { deletedAt: null }, orderBy: { updatedAt: 'desc' } })).map(graphSummary) }));

  app.post('/graphs', {
    preHandler: requireRole('trader'),
    schema: { summary: 'Create a graph (version 1)', tags: ['graphs'], body: z.object({ name: z.string().min(1).max(200), description: z.string().max(2000).optional(), graph: graphBody }), response: { 201: graphDetailSchema } },
  }, async (req, reply) => {
    const graph = requireValidGraph(req.body.graph);
    return reply.code(201).send(await createGraph(db(), { name: req.body.name, description: req.body.description, graph, userId: principalOf(req).user.id }));
  });

  app.get('/graphs/:id', {
    schema: { summary: 'A graph with its current version', tags: ['graphs'], params: idParams, response: { 200: graphDetailSchema } },
  }, async (req) => graphDetail(db(), req.params.id));

  app.put('/graphs/:id', {
    preHandler: requireRole('trader'),
    schema: {
      summary: 'Save: a new immutable version when the content changed',
      tags: ['graphs'],
      params: idParams,
      body: z.object({ name: z.string().min(1).max(200).optional(), description: z.string().max(2000).optional(), graph: graphBody.optional(), message: z.string().max(500).optional() }),
      response: { 200: graphDetailSchema },
    },
  }, async (req) => {
    const graph = req.body.graph ? requireValidGraph(req.body.graph) : undefined;
    return saveVersion(db(), req.params.id, { ...req.body, graph, userId: principalOf(req).user.id });
  });

  app.delete('/graphs/:id', {
    preHandler: requireRole('trader'),
    schema: { summary: 'Delete a graph (its versions stay for the runs pinned to them)', tags: ['graphs'], params: idParams },
  }, async (req, reply) => {
    await loadGraph(db(), req.params.id);
    await db().graph.update({ where: { id: req.params.id }, data: { deletedAt: new Date() } });
    return reply.code(204).send();
  });

  // Published graphs are offered to MCP clients as tools (graph_<name>) whose input schema is the graph's own.
  const publishedSchema = z.object({ id: z.string(), publishedAt: z.string().nullable() });
  app.post('/graphs/:id/publish', {
    preHandler: requireRole('trader'),
    schema: { summary: 'Publish: offer the graph to MCP clients as a tool graph_<name> (current version, own input schema)', tags: ['graphs'], params: idParams, response: { 200: publishedSchema } },
  }, async (req) => {
    const g = await loadGraph(db(), req.params.id);
    // Refused now rather than on every tool call: a tool that cannot run is no tool.
    requireValidGraph((await loadVersion(db(), g.id, g.currentVersion)).graph);
    const row = await db().graph.update({ where: { id: g.id }, data: { publishedAt: g.publishedAt ?? new Date() } });
    return { id: row.id, publishedAt: row.publishedAt?.toISOString() ?? null };
  });

  app.delete('/graphs/:id/publish', {
    preHandler: requireRole('trader'),
    schema: { summary: 'Unpublish: the graph is no longer an MCP tool', tags: ['graphs'], params: idParams, response: { 200: publishedSchema } },
  }, async (req) => {
    const g = await loadGraph(db(), req.params.id);
    await db().graph.update({ where: { id: g.id }, data: { publishedAt: null } });
    return { id: g.id, publishedAt: null };
  });

  app.get('/graphs/:id/versions', {
    schema: { summary: 'Versions, newest first', tags: ['graphs'], params: idParams, response: { 200: z.object({ versions: z.array(z.object({ number: z.number(), hash: z.string(), message: z.string(), createdAt: z.string() })) }) } },
  }, async (req) => {
    await loadGraph(db(), req.params.id);
    const versions = await db().graphVersion.findMany({ where: { graphId: req.params.id }, orderBy: { number: 'desc' }, select: { number: true, hash: true, message: true, createdAt: true } });
    return { versions: versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })) };
  });

  app.get('/graphs/:id/versions/:number', {
    schema: { summary: 'One version', tags: ['graphs'], params: versionParams, response: { 200: z.object({ number: z.number(), hash: z.string(), graph: z.unknown() }) } },
  }, async (req) => {
    const v = await loadVersion(db(), req.params.id, req.params.number);
    return { number: v.number, hash: v.hash, graph: v.graph };
  });

  app.post('/graphs/:id/versions/:number/restore', {
    preHandler: requireRole('trader'),
    schema: { summary: 'Make an old version current again (as a new version)', tags: ['graphs'], params: versionParams, response: { 200: graphDetailSchema } },
  }, async (req) => {
    const v = await loadVersion(db(), req.params.id, req.params.number);
    return saveVersion(db(), req.params.id, { graph: v.graph, message: `restored version ${v.number}`, userId: principalOf(req).user.id });
  });

  app.get('/graphs/:id/diff', {
    schema: {
      summary: 'What changed between two versions',
      tags: ['graphs'],
      params: idParams,
      querystring: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
      response: { 200: z.object({ from: z.number(), to: z.number(), nodes: z.unknown(), edges: z.unknown(), graph: z.unknown() }) },
    },
  }, async (req) => {
    const [a, b] = await Promise.all([loadVersion(db(), req.params.id, req.query.from), loadVersion(db(), req.params.id, req.query.to)]);
    return { from: a.number, to: b.number, ...diffGraphs(a.graph, b.graph) };
  });

  app.post('/graphs/:id/runs', {
    preHandler: requireRole('trader'),
    schema: {
      summary: 'Run a graph version (default: current). Idempotency-Key makes retries return the same run.',
      tags: ['graphs'],
      params: idParams,
      headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }).loose(),
      body: z.object({ input: z.record(z.string(), z.unknown()).default({}), version: z.number().int().min(1).optional() }),
      response: { 202: startedSchema },
    },
  }, async (req, reply) => {
    const g = await loadGraph(db(), req.params.id);
    const v = await loadVersion(db(), g.id, req.body.version ?? g.currentVersion);
    const graph = requireValidGraph(v.graph);
    const started = await startGraphRun({ graphId: g.id, version: v.number, graph, input: req.body.input, callerKeyId: principalOf(req).keyId, idempotencyKey: req.headers['idempotency-key'] });
    req.log.info({ workflowId: started.workflowId, graphId: g.id, version: v.number }, 'graph run started');
    return reply.code(202).send(started);
  });

  app.get('/graphs/:id/runs', {
    schema: {
      summary: 'Runs of a graph, newest first (Temporal visibility)',
      tags: ['graphs'],
      params: idParams,
      querystring: z.object({ pageSize: z.coerce.number().int().min(1).max(200).default(50), nextPageToken: z.string().optional() }),
      response: { 200: z.object({ runs: z.array(runSummarySchema), nextPageToken: z.string().nullable() }) },
    },
  }, async (req) => {
    await loadGraph(db(), req.params.id);
    return listRuns(await temporalClient(), { ...req.query, query: `WorkflowId STARTS_WITH 'graph-${req.params.id}-' AND ExecutionStatus != 'ContinuedAsNew'` });
  });
};
