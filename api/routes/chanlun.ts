import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { analyzeStored, centerView, ChanRequestError, pointView, scanMatches, segmentView, strokeView, type StoredAnalysis } from '../../activities/chanlun';
import { BarsNotFoundError } from '../../activities/backtest/bars';
import { bspTypeSchema, sideFilterSchema } from '../../core/contracts/chanlun';
import { db } from '../../core/db';
import type { ChanConfigInput } from '../../engines/chanlun';
import { timeframeSchema, type Timeframe } from '../../engines/klines';
import { HttpError, badRequest } from '../errors';
import { klinesInputSchema, klinesSchema, readKlines } from '../klines';
import { quotaFor } from '../quota';

const isoTime = z.iso.datetime({ offset: true });
const symbolParams = z.object({ symbol: z.string().min(1).max(80).describe("As stored: '000001.SH', or 'okx:BTC%2FUSDT' (slash encoded)") });
const list = (what: string) => z.string().regex(/^[0-9a-z]+(,[0-9a-z]+)*$/, `comma-separated ${what}`).optional();

const structureQuery = z.object({
  timeframe: timeframeSchema.default('1d'),
  levels: list('timeframes').describe('Finer levels for interval nesting, e.g. 30m,5m'),
  from: isoTime.optional(),
  to: isoTime.optional(),
  stroke: z.enum(['new', 'old']).optional().describe('Stroke rule; default new (新笔)'),
  limit: z.coerce.number().int().min(1).max(100_000).default(5_000).describe('At most this many of each list (the latest)'),
});

const pointsQuery = z.object({
  timeframe: timeframeSchema.default('1d'),
  types: list('point types').describe('Point types, e.g. 1,2,3b; default all'),
  side: sideFilterSchema.default('both'),
  confirmedOnly: z.enum(['true', 'false']).default('false'),
  since: isoTime.optional(),
  withinBars: z.coerce.number().int().min(1).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  stroke: z.enum(['new', 'old']).optional(),
});

/** A comma-separated query list checked item by item, so a bad item is named by its position (`levels.1`). */
function parseList<T extends z.ZodType>(field: string, raw: string | undefined, item: T): z.output<T>[] {
  if (!raw) return [];
  return raw.split(',').map((v, i) => {
    const r = item.safeParse(v);
    if (!r.success) throw badRequest(`${field}.${i}`, r.error.issues[0]!.message);
    return r.data;
  });
}

async function analyze(symbol: string, q: { timeframe: Timeframe; levels?: Timeframe[]; from?: string; to?: string; stroke?: 'new' | 'old' }): Promise<StoredAnalysis> {
  const config: ChanConfigInput = q.stroke ? { stroke: { kind: q.stroke } } : {};
  try {
    return await analyzeStored(db(), { symbol, timeframe: q.timeframe, levels: q.levels, from: q.from, to: q.to, config });
  } catch (err) {
    if (err instanceof BarsNotFoundError) throw new HttpError(404, err.message);
    if (err instanceof ChanRequestError) throw badRequest(err.field, err.detail);
    throw err;
  }
}

const lastOf = <T>(xs: readonly T[], n: number) => xs.slice(Math.max(0, xs.length - n));

function levelStructure(l: StoredAnalysis['levels'][number], limit: number) {
  const r = l.result;
  const t = l.bars.timeMs;
  const lists = { fractals: r.fractals, strokes: r.strokes, segments: r.segments, strokeCenters: r.strokeCenters, segmentCenters: r.segmentCenters, points: r.points };
  return {
    timeframe: l.timeframe,
    bars: t.length,
    firstTime: t.length ? new Date(t[0]!).toISOString() : null,
    lastTime: t.length ? new Date(t[t.length - 1]!).toISOString() : null,
    ...(l.resampledFrom ? { resampledFrom: l.resampledFrom } : {}),
    truncated: Object.values(lists).some((xs) => xs.length > limit),
    fractals: lastOf(r.fractals, limit).map((f) => ({ kind: f.kind, bar: f.bar, timeMs: f.timeMs, price: f.price })),
    strokes: lastOf(r.strokes, limit).map(strokeView),
    segments: lastOf(r.segments, limit).map(segmentView),
    strokeCenters: lastOf(r.strokeCenters, limit).map(centerView),
    segmentCenters: lastOf(r.segmentCenters, limit).map(centerView),
    points: lastOf(r.points, limit).map(pointView),
  };
}

export const chanlunRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/klines/:symbol', {
    preHandler: quotaFor('get_klines'),
    schema: {
      summary: 'Stored bars of a symbol for a chart (resampled when the timeframe is not stored)',
      tags: ['chanlun'],
      params: symbolParams,
      querystring: klinesInputSchema.omit({ symbol: true }).extend({ limit: z.coerce.number().int().min(1).max(50_000).default(5_000) }),
      response: { 200: klinesSchema },
    },
  }, async (req) => {
    try {
      return await readKlines({ ...req.query, symbol: req.params.symbol });
    } catch (err) {
      if (err instanceof BarsNotFoundError) throw new HttpError(404, err.message);
      throw err;
    }
  });

  app.get('/chanlun/:symbol', {
    preHandler: quotaFor('analyze_structure'),
    schema: {
      summary: 'ChanLun structure of stored bars, for the chart',
      description:
        'Fractals, strokes, segments, stroke and segment centers and buy/sell points (prices as decimal strings, bar indices into the analysed bars). With `levels`, each finer level too and `nested`: the finer points inside each main-level point\'s stroke.',
      tags: ['chanlun'],
      params: symbolParams,
      querystring: structureQuery,
    },
  }, async (req) => {
    const levels = parseList('levels', req.query.levels, timeframeSchema);
    const a = await analyze(req.params.symbol, { ...req.query, levels });
    const [main, ...finer] = a.levels.map((l) => levelStructure(l, req.query.limit));
    return {
      symbol: a.symbol,
      ...main!,
      levels: finer,
      nested: lastOf(a.nested, req.query.limit).map((n) => ({ higherLevel: n.higherLevel, higher: pointView(n.higher), lowerLevel: n.lowerLevel, lower: n.lower.map(pointView) })),
    };
  });

  app.get('/chanlun/:symbol/points', {
    preHandler: quotaFor('query_buy_sell_points'),
    schema: {
      summary: 'ChanLun buy/sell points of stored bars, filtered',
      tags: ['chanlun'],
      params: symbolParams,
      querystring: pointsQuery,
    },
  }, async (req) => {
    const q = req.query;
    const types = parseList('types', q.types, bspTypeSchema);
    const a = await analyze(req.params.symbol, q);
    const main = a.levels[0]!;
    const points = scanMatches(a.symbol, q.timeframe, main.bars.timeMs.length, main.result.points, {
      types: types.length ? types : bspTypeSchema.options,
      side: q.side,
      withinBars: q.withinBars,
      sinceMs: q.since ? Date.parse(q.since) : undefined,
      confirmedOnly: q.confirmedOnly === 'true',
    });
    return { symbol: a.symbol, timeframe: q.timeframe, bars: main.bars.timeMs.length, points };
  });
};
