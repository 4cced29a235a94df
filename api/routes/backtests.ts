import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Timeframe } from '../../engines/klines';
import { rankingCsv } from '../../activities/backtest/rank';
import { loadBacktestBars } from '../../activities/backtest/bars';
import {
  backtestJobSchema,
  parameterSearchInputSchema,
  validateSymbolsInputSchema,
  type RankedRow,
} from '../../core/contracts/backtest';
import { db } from '../../core/db';
import { principalOf, requireRole } from '../auth';
import { badRequest, notFound } from '../errors';
import { runWorkflowId, startOnce } from '../start-workflow';
import { startedRunSchema } from './imports';
import { checkBacktestRunnable, checkRotationRunnable } from '../backtest-checks';
import { rotationJobSchema } from '../../core/contracts/rotation';

const idParams = z.object({ id: z.uuid() });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }).loose();

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), symbol: z.string().optional() });

export const backtestRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/backtests', {
    preHandler: requireRole('trader'),
    schema: { summary: 'Start one backtest', tags: ['backtests'], headers: idempotencyHeaders, body: backtestJobSchema, response: { 202: startedRunSchema } },
  }, async (req, reply) => {
    await checkBacktestRunnable({ strategy: req.body.strategy, config: req.body.config, symbols: [req.body.symbol] });
    const workflowId = runWorkflowId('backtest', principalOf(req).keyId, req.headers['idempotency-key']);
    return reply.code(202).send(await startOnce('backtestJobs', { workflowId, args: [{ jobs: [req.body], concurrency: 1 }] }));
  });

  app.post('/backtests/rotation', {
    preHandler: requireRole('trader'),
    schema: {
      summary: 'Start a momentum-rotation backtest over a universe of symbols',
      description: 'Every `params.rebalanceEvery` bars ranks the symbols by their `params.lookback`-bar return and holds the top `params.top` at equal weight (only those above `params.minReturnPercent`, the rest in cash); stored like any backtest, with the holdings per rebalance.',
      tags: ['backtests'], headers: idempotencyHeaders, body: rotationJobSchema, response: { 202: startedRunSchema },
    },
  }, async (req, reply) => {
    await checkRotationRunnable({ symbols: req.body.symbols, config: req.body.config });
    const workflowId = runWorkflowId('backtest-rotation', principalOf(req).keyId, req.headers['idempotency-key']);
    return reply.code(202).send(await startOnce('backtestRotation', { workflowId, args: [req.body] }));
  });

  app.post('/backtests/validate', {
    preHandler: requireRole('trader'),
    schema: { summary: 'Validate a strategy on many symbols and rank them', tags: ['backtests'], headers: idempotencyHeaders, body: validateSymbolsInputSchema, response: { 202: startedRunSchema } },
  }, async (req, reply) => {
    await checkBacktestRunnable({ strategy: req.body.strategy, config: req.body.config, symbols: req.body.symbols });
    const workflowId = runWorkflowId('backtest-validate', principalOf(req).keyId, req.headers['idempotency-key']);
    return reply.code(202).send(await startOnce('backtestValidate', { workflowId, args: [req.body] }));
  });

  app.post('/backtests/search', {
    preHandler: requireRole('trader'),
    schema: { summary: 'Grid or random search over spec settings', tags: ['backtests'], headers: idempotencyHeaders, body: parameterSearchInputSchema, response: { 202: startedRunSchema } },
  }, async (req, reply) => {
    await checkBacktestRunnable({ strategy: req.body.strategy, config: req.body.config, symbols: [req.body.symbol] });
    const workflowId = runWorkflowId('backtest-search', principalOf(req).keyId, req.headers['idempotency-key']);
    return reply.code(202).send(await startOnce('backtestSearch', { workflowId, args: [req.body] }));
  });

  app.get('/symbols', {
    schema: { summary: 'Stored bar series: symbol, timeframe, bar count, first and last bar', tags: ['backtests'] },
  }, async () => {
    const rows = await db().bar.groupBy({ by: ['symbol', 'timeframe'], _count: { _all: true }, _min: { time: true }, _max: { time: true }, orderBy: [{ symbol: 'asc' }, { timeframe: 'asc' }] });
    return { series: rows.map((r) => ({ symbol: r.symbol, timeframe: r.timeframe, bars: r._count._all, first: r._min.time, last: r._max.time })) };
  });

  app.get('/backtests', {
    schema: { summary: 'Stored backtests, newest first', tags: ['backtests'], querystring: listQuery },
  }, async (req) => {
    const rows = await db().backtest.findMany({
      where: req.query.symbol ? { symbol: req.query.symbol } : {},
      orderBy: { createdAt: 'desc' },
      take: req.query.limit,
      select: { id: true, workflowId: true, strategy: true, symbol: true, timeframe: true, bars: true, summary: true, engineMs: true, createdAt: true },
    });
    return { backtests: rows };
  });

  app.get('/backtests/:id', {
    schema: { summary: 'One backtest: definition, config, trades, orders, curves, metrics', tags: ['backtests'], params: idParams },
  }, async (req) => {
    const row = await db().backtest.findUnique({ where: { id: req.params.id } });
    if (!row) throw notFound(`Backtest ${req.params.id}`);
    return row;
  });

  app.get('/backtests/:id/bars', {
    schema: {
      summary: 'The bars a backtest ran on, for the K-line chart',
      description: 'At most `limit` bars (the last ones of the span) as [timeMs, open, high, low, close, volume] rows of decimal strings.',
      tags: ['backtests'],
      params: idParams,
      querystring: z.object({ limit: z.coerce.number().int().min(10).max(100_000).default(20_000) }),
    },
  }, async (req) => {
    const bt = await db().backtest.findUnique({ where: { id: req.params.id }, select: { symbol: true, timeframe: true, result: true } });
    if (!bt) throw notFound(`Backtest ${req.params.id}`);
    // A rotation's row names several symbols: there is no one K-line series to draw.
    if ((bt.result as { kind?: string }).kind === 'rotation') throw badRequest('id', `backtest ${req.params.id} is a rotation over ${bt.symbol}: read each symbol's bars from /api/symbols`);
    const { firstTimeMs, lastTimeMs } = bt.result as { firstTimeMs: number | null; lastTimeMs: number | null };
    if (firstTimeMs === null || lastTimeMs === null) return { symbol: bt.symbol, timeframe: bt.timeframe, bars: [] };
    const { bars } = await loadBacktestBars(db(), bt.symbol, bt.timeframe as Timeframe, { fromMs: firstTimeMs, toMs: lastTimeMs + 1 });
    const start = Math.max(0, bars.timeMs.length - req.query.limit);
    const rows = [];
    for (let i = start; i < bars.timeMs.length; i++) rows.push([bars.timeMs[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]]);
    return { symbol: bt.symbol, timeframe: bt.timeframe, truncated: start > 0, bars: rows };
  });

  app.get('/backtest-batches', {
    schema: { summary: 'Rankings (validations and parameter searches), newest first', tags: ['backtests'], querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  }, async (req) => {
    const rows = await db().backtestBatch.findMany({ orderBy: { createdAt: 'desc' }, take: req.query.limit, select: { id: true, kind: true, rankBy: true, workflowId: true, createdAt: true, rows: true } });
    return { batches: rows.map(({ rows: ranked, ...b }) => ({ ...b, count: (ranked as RankedRow[]).length, best: (ranked as RankedRow[])[0] ?? null })) };
  });

  app.get('/backtest-batches/:id', {
    schema: { summary: 'A ranking of backtests (validation on symbols, parameter search)', tags: ['backtests'], params: idParams },
  }, async (req) => {
    const row = await db().backtestBatch.findUnique({ where: { id: req.params.id } });
    if (!row) throw notFound(`Backtest batch ${req.params.id}`);
    return row;
  });

  app.get('/backtest-batches/:id/csv', {
    schema: { summary: 'A ranking as CSV', tags: ['backtests'], params: idParams },
  }, async (req, reply) => {
    const row = await db().backtestBatch.findUnique({ where: { id: req.params.id } });
    if (!row) throw notFound(`Backtest batch ${req.params.id}`);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="ranking-${row.kind}-${row.id.slice(0, 8)}.csv"`)
      .send(rankingCsv(row.rows as RankedRow[]));
  });

  app.get('/reports', {
    schema: { summary: 'Strategy reports, newest first', tags: ['backtests'], querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  }, async (req) => {
    const rows = await db().strategyReport.findMany({ orderBy: { createdAt: 'desc' }, take: req.query.limit, select: { id: true, title: true, workflowId: true, backtestId: true, batchId: true, searchBatchId: true, createdAt: true } });
    return { reports: rows };
  });

  app.get('/reports/:id', {
    schema: { summary: 'A strategy report with its backtest summary and ranking', tags: ['backtests'], params: idParams },
  }, async (req) => {
    const report = await db().strategyReport.findUnique({ where: { id: req.params.id } });
    if (!report) throw notFound(`Report ${req.params.id}`);
    const backtest = report.backtestId
      ? await db().backtest.findUnique({ where: { id: report.backtestId }, select: { id: true, strategy: true, symbol: true, timeframe: true, summary: true, definition: true } })
      : null;
    const batchById = (id: string | null) => (id ? db().backtestBatch.findUnique({ where: { id } }) : null);
    const [batch, searchBatch] = await Promise.all([batchById(report.batchId), batchById(report.searchBatchId)]);
    return { ...report, backtest, batch, searchBatch };
  });
};
