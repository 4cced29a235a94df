import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { db } from '../../core/db';
import { builtinPortfolioStrategies, builtinStrategies } from '../../engines/strategy/library';
import { parseStrategyText } from '../../engines/strategy/parse-text';
import { validateSpec } from '../../engines/strategy/validate';
import { principalOf, requireRole } from '../auth';
import { HttpError, notFound } from '../errors';

const idParams = z.object({ id: z.uuid() });

const strategyBodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('spec'), name: z.string().min(1).max(120), description: z.string().max(5000).default(''), content: z.record(z.string(), z.unknown()) }),
  z.object({ kind: z.literal('code'), name: z.string().min(1).max(120), description: z.string().max(5000).default(''), content: z.object({ source: z.string().min(1).max(200_000) }) }),
]);
type StrategyBody = z.infer<typeof strategyBodySchema>;

/** Specs are stored only when valid: a saved strategy always runs. Code is checked when it runs (in the sandbox). */
function checkBody(body: StrategyBody): void {
  if (body.kind !== 'spec') return;
  const v = validateSpec(body.content);
  if (v.ok) return;
  const problems = v.errors.map((e) => ({ path: `content${e.path.replace(/^\$/, '')}`, message: e.message }));
  throw new HttpError(400, problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
}

const view = { id: true, name: true, description: true, kind: true, content: true, createdAt: true, updatedAt: true } as const;

export const strategyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/strategies/validate', {
    schema: { summary: 'Validate a strategy spec: every problem with its JSON path, and warnings', tags: ['strategies'], body: z.object({ spec: z.unknown() }) },
  }, async (req) => {
    const v = validateSpec(req.body.spec);
    return v.ok ? { ok: true, spec: v.spec, errors: [], warnings: v.warnings } : { ok: false, errors: v.errors, warnings: v.warnings };
  });

  app.post('/strategies/parse-text', {
    schema: { summary: 'Turn a plain-language idea into a spec with the offline rule-based parser', tags: ['strategies'], body: z.object({ text: z.string().min(1).max(10_000) }) },
  }, async (req) => parseStrategyText(req.body.text));

  app.get('/strategies/library', {
    schema: { summary: 'The builtin strategy library: ids, parameters with ranges, and each definition at its defaults; portfolio strategies (momentum rotation) listed apart', tags: ['strategies'] },
  }, async () => ({
    strategies: builtinStrategies.map((b) => ({ id: b.id, title: b.title, description: b.description, kind: b.kind, params: b.params, definition: b.build() })),
    // Kept apart from `strategies`: these trade a universe of symbols (POST /api/backtests/rotation), not one.
    portfolio: builtinPortfolioStrategies.map((b) => ({ id: b.id, title: b.title, description: b.description, kind: b.kind, params: b.params, definition: b.build() })),
  }));

  app.get('/strategies', { schema: { summary: 'Saved strategies', tags: ['strategies'] } }, async () => ({
    strategies: await db().strategy.findMany({ where: { deletedAt: null }, orderBy: { updatedAt: 'desc' }, select: view }),
  }));

  app.post('/strategies', {
    preHandler: requireRole('trader'),
    schema: { summary: 'Save a new strategy', tags: ['strategies'], body: strategyBodySchema },
  }, async (req, reply) => {
    checkBody(req.body);
    const row = await db().strategy.create({ data: { ...req.body, content: req.body.content as object, createdById: principalOf(req).user.id }, select: view });
    return reply.code(201).send(row);
  });

  app.get('/strategies/:id', { schema: { summary: 'One saved strategy', tags: ['strategies'], params: idParams } }, async (req) => {
    const row = await db().strategy.findFirst({ where: { id: req.params.id, deletedAt: null }, select: view });
    if (!row) throw notFound(`Strategy ${req.params.id}`);
    return row;
  });

  app.put('/strategies/:id', {
    preHandler: requireRole('trader'),
    schema: { summary: 'Overwrite a strategy (the workspace autosaves through this)', tags: ['strategies'], params: idParams, body: strategyBodySchema },
  }, async (req) => {
    checkBody(req.body);
    const found = await db().strategy.count({ where: { id: req.params.id, deletedAt: null } });
    if (!found) throw notFound(`Strategy ${req.params.id}`);
    return db().strategy.update({ where: { id: req.params.id }, data: { ...req.body, content: req.body.content as object }, select: view });
  });

  app.delete('/strategies/:id', { preHandler: requireRole('trader'), schema: { summary: 'Delete a strategy', tags: ['strategies'], params: idParams } }, async (req, reply) => {
    const r = await db().strategy.updateMany({ where: { id: req.params.id, deletedAt: null }, data: { deletedAt: new Date() } });
    if (!r.count) throw notFound(`Strategy ${req.params.id}`);
    return reply.code(204).send();
  });
};
