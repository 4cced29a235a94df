import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../core/db';
import { canonicalJson } from '../core/graph/canonical';
import { graphSchema, type Graph } from '../core/graph/model';
import { validateGraph } from '../core/graph/validate';
import { HttpError, badRequest, notFound } from './errors';

export function graphHash(graph: Graph): string {
  return createHash('sha256').update(canonicalJson(graph)).digest('hex');
}

/** A graph that fails validation is refused with every problem located (400 `problems`). */
export function requireValidGraph(raw: unknown): Graph {
  const result = validateGraph(raw);
  if (!result.valid) {
    const err = new HttpError(400, `graph has ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}: ${result.problems[0]!.message}`);
    Object.assign(err, { problems: result.problems });
    throw err;
  }
  return result.graph;
}

type GraphRow = { id: string; name: string; description: string; currentVersion: number; createdAt: Date; updatedAt: Date };

export function graphSummary(g: GraphRow) {
  return { id: g.id, name: g.name, description: g.description, currentVersion: g.currentVersion, createdAt: g.createdAt.toISOString(), updatedAt: g.updatedAt.toISOString() };
}

export async function loadGraph(db: Db, id: string) {
  const g = await db.graph.findFirst({ where: { id, deletedAt: null } });
  if (!g) throw notFound(`Graph ${id}`);
  return g;
}

export async function loadVersion(db: Db, graphId: string, number: number): Promise<{ number: number; hash: string; graph: Graph; message: string; createdAt: Date }> {
  const v = await db.graphVersion.findUnique({ where: { graphId_number: { graphId, number } } });
  if (!v) throw notFound(`Version ${number} of graph ${graphId}`);
  return { number: v.number, hash: v.hash, graph: graphSchema.parse(v.content), message: v.message, createdAt: v.createdAt };
}

export async function graphDetail(db: Db, id: string) {
  const g = await loadGraph(db, id);
  const v = await loadVersion(db, id, g.currentVersion);
  return { ...graphSummary(g), graph: v.graph, hash: v.hash };
}

export async function createGraph(db: Db, o: { name: string; description?: string; graph: Graph; userId: string }) {
  const hash = graphHash(o.graph);
  const g = await db.graph.create({
    data: {
      name: o.name,
      description: o.description ?? '',
      currentVersion: 1,
      createdById: o.userId,
      versions: { create: { number: 1, hash, content: o.graph as object, message: 'created', createdById: o.userId } },
    },
  });
  return graphDetail(db, g.id);
}

/**
 * Saves content as the graph's newest version. Versions are immutable: unchanged content (same hash) creates none,
 * and a concurrent save loses the race on the (graph, number) key instead of overwriting.
 */
export async function saveVersion(db: Db, id: string, o: { graph?: Graph; name?: string; description?: string; message?: string; userId: string }) {
  const g = await loadGraph(db, id);
  await db.$transaction(async (tx) => {
    let currentVersion = g.currentVersion;
    if (o.graph) {
      const hash = graphHash(o.graph);
      const current = await tx.graphVersion.findUnique({ where: { graphId_number: { graphId: id, number: g.currentVersion } } });
      if (current?.hash !== hash) {
        const last = await tx.graphVersion.findFirst({ where: { graphId: id }, orderBy: { number: 'desc' } });
        currentVersion = (last?.number ?? 0) + 1;
        await tx.graphVersion.create({ data: { graphId: id, number: currentVersion, hash, content: o.graph as object, message: o.message ?? '', createdById: o.userId } });
      }
    }
    await tx.graph.update({
      where: { id },
      data: { currentVersion, ...(o.name !== undefined ? { name: o.name } : {}), ...(o.description !== undefined ? { description: o.description } : {}) },
    });
  });
  return graphDetail(db, id);
}

/** A run input checked against the graph's input schema (defaults filled), the failing field named under `field`. */
export function checkRunInput(graph: Graph, input: Record<string, unknown>, field = 'input'): Record<string, unknown> {
  let schema: z.ZodType;
  try {
    schema = z.fromJSONSchema(graph.inputSchema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    return input;
  }
  const r = schema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw badRequest([field, ...i.path].join('.'), i.message);
  }
  return r.data as Record<string, unknown>;
}
