import { ApplicationFailure, Context, log } from '@temporalio/activity';
import {
  alertNotifyInputSchema,
  analyzeStructureInputSchema,
  chanScanInputSchema,
  ChanFailureTypes,
  type AlertNotifyInput,
  type AlertNotifyResult,
  type AnalyzeStructureInput,
  type AnalyzeStructureParams,
  type ChanScanInput,
  type ChanScanResult,
  type PointView,
  type ScanMatch,
  type StructureSummary,
} from '../core/contracts/chanlun';
import { db, type Db } from '../core/db';
import { analyzeLevels, type BuySellPoint, type Center, type ChanConfigInput, type ChanResult, type Segment, type Stroke } from '../engines/chanlun';
import { ResampleError, timeframeMs, type KlineColumns, type Timeframe } from '../engines/klines';
import { recordAlerts, type AlertEventInput } from './alerts';
import { BarsNotFoundError, loadBacktestBars } from './backtest/bars';
import { checkedParams } from './checked-params';

/** The last `n` items (all when fewer). */
const lastOf = <T>(xs: readonly T[], n: number): T[] => (n <= 0 ? [] : xs.slice(Math.max(0, xs.length - n)));
const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

export function pointView(p: BuySellPoint): PointView {
  return { ...p, time: new Date(p.timeMs).toISOString() };
}

export function strokeView(s: Pick<Stroke, 'index' | 'direction' | 'start' | 'end' | 'high' | 'low' | 'confirmed'>) {
  return { index: s.index, direction: s.direction, start: s.start, end: s.end, high: s.high, low: s.low, confirmed: s.confirmed };
}

export function segmentView(s: Segment) {
  return { ...strokeView(s), strokes: s.strokes };
}

export function centerView(c: Center) {
  return { level: c.level, index: c.index, members: c.members, zg: c.zg, zd: c.zd, gg: c.gg, dd: c.dd, start: c.start, end: c.end, relation: c.relation, confirmed: c.confirmed };
}

export interface LoadedLevel {
  timeframe: Timeframe;
  bars: KlineColumns;
  resampledFrom?: string;
}

export interface StoredAnalysis {
  symbol: string;
  levels: (LoadedLevel & { result: ChanResult })[];
  nested: ReturnType<typeof analyzeLevels>['nested'];
}

export interface AnalysisRequest {
  symbol: string;
  timeframe: Timeframe;
  levels?: Timeframe[];
  from?: string;
  to?: string;
  config?: ChanConfigInput;
}

/** A request the stored bars cannot serve as asked (levels out of order, a timeframe they cannot be resampled to). */
export class ChanRequestError extends Error {
  override readonly name = 'ChanRequestError';
  constructor(
    /** The request field at fault, e.g. `levels.1`. */
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}

/** The main timeframe first, then the finer levels from coarse to fine; a level not finer than the one before is refused. */
export function orderedLevels(timeframe: Timeframe, levels: readonly Timeframe[] = []): Timeframe[] {
  const all = [timeframe, ...levels];
  for (let i = 1; i < all.length; i++) {
    if (timeframeMs(all[i]!) >= timeframeMs(all[0]!)) throw new ChanRequestError(`levels.${i - 1}`, `${all[i]} is not finer than the timeframe ${timeframe}`);
    if (all.indexOf(all[i]!) !== i) throw new ChanRequestError(`levels.${i - 1}`, `${all[i]} appears twice`);
  }
  return [all[0]!, ...all.slice(1).sort((a, b) => timeframeMs(b) - timeframeMs(a))];
}

/**
 * Stored bars of every level (each resampled from a finer stored timeframe when not stored itself), analysed with
 * one config; the nesting links each level's points to the next finer level's.
 */
export async function analyzeStored(store: Db, req: AnalysisRequest): Promise<StoredAnalysis> {
  const span = { fromMs: req.from ? Date.parse(req.from) : undefined, toMs: req.to ? Date.parse(req.to) : undefined };
  const loaded: LoadedLevel[] = [];
  const levels = orderedLevels(req.timeframe, req.levels);
  for (const timeframe of levels) {
    let got;
    try {
      got = await loadBacktestBars(store, req.symbol, timeframe, span);
    } catch (err) {
      // Stored bars that cannot become this timeframe (A-share daily to weekly): the request's choice, not a fault.
      if (err instanceof ResampleError) throw new ChanRequestError(timeframe === req.timeframe ? 'timeframe' : `levels.${req.levels!.indexOf(timeframe)}`, err.message);
      throw err;
    }
    loaded.push({ timeframe, bars: got.bars, ...(got.resampledFrom ? { resampledFrom: got.resampledFrom } : {}) });
  }
  const multi = analyzeLevels(loaded.map((l) => ({ level: l.timeframe, bars: l.bars })), req.config ?? {});
  return { symbol: req.symbol, levels: loaded.map((l, i) => ({ ...l, result: multi.levels[i]!.result })), nested: multi.nested };
}

function countsOf(r: ChanResult) {
  const buyPoints = r.points.filter((p) => p.side === 'buy').length;
  return {
    fractals: r.fractals.length,
    strokes: r.strokes.length,
    segments: r.segments.length,
    strokeCenters: r.strokeCenters.length,
    segmentCenters: r.segmentCenters.length,
    points: r.points.length,
    buyPoints,
    sellPoints: r.points.length - buyPoints,
  };
}

function levelSummary(l: StoredAnalysis['levels'][number], maxPoints: number) {
  const t = l.bars.timeMs;
  return {
    timeframe: l.timeframe,
    bars: t.length,
    firstTime: iso(t[0]),
    lastTime: iso(t[t.length - 1]),
    ...(l.resampledFrom ? { resampledFrom: l.resampledFrom } : {}),
    counts: countsOf(l.result),
    points: lastOf(l.result.points, maxPoints).map(pointView),
    pointsTruncated: l.result.points.length > maxPoints,
  };
}

/**
 * What a workflow keeps of an analysis: counts, the latest structures and points, capped so that a 240,000-bar
 * analysis costs kilobytes of history, not megabytes (the full structure is served by the REST route).
 */
export function summarizeAnalysis(a: StoredAnalysis, o: Pick<AnalyzeStructureParams, 'lastN' | 'maxPoints'>): StructureSummary {
  const [main, ...finer] = a.levels;
  const r = main!.result;
  const nested = lastOf(a.nested.filter((n) => n.higherLevel === main!.timeframe), o.maxPoints).map((n) => ({
    higherLevel: n.higherLevel,
    higher: pointView(n.higher),
    lowerLevel: n.lowerLevel,
    lowerCount: n.lower.length,
    lower: lastOf(n.lower, o.lastN).map(pointView),
  }));
  return {
    symbol: a.symbol,
    ...levelSummary(main!, o.maxPoints),
    lastStrokes: lastOf(r.strokes, o.lastN).map(strokeView),
    lastSegments: lastOf(r.segments, o.lastN).map(segmentView),
    lastCenters: lastOf(r.strokeCenters, o.lastN).map(centerView),
    levels: finer.map((l) => levelSummary(l, o.maxPoints)),
    nested,
  };
}

function barsFailure(err: unknown): never {
  if (err instanceof BarsNotFoundError) throw ApplicationFailure.create({ type: ChanFailureTypes.barsNotFound, message: err.message, nonRetryable: true });
  if (err instanceof ChanRequestError) throw ApplicationFailure.create({ type: ChanFailureTypes.invalidRequest, message: err.message, nonRetryable: true });
  throw err;
}

/** Activity of `chanlun.analyze`: ChanLun structure of stored bars, compact (see summarizeAnalysis). */
export async function analyzeStructure(raw: AnalyzeStructureInput): Promise<StructureSummary> {
  const p = checkedParams(analyzeStructureInputSchema, raw);
  let analysis: StoredAnalysis;
  try {
    analysis = await analyzeStored(db(), p);
  } catch (err) {
    barsFailure(err);
  }
  return summarizeAnalysis(analysis, p);
}

export interface PointFilter {
  types: readonly string[];
  side: 'buy' | 'sell' | 'both';
  /** Only points on the last this-many bars. */
  withinBars?: number;
  sinceMs?: number;
  confirmedOnly: boolean;
}

/** The points of one analysed series that pass a scan's filters, oldest first. */
export function scanMatches(symbol: string, timeframe: Timeframe, bars: number, points: readonly BuySellPoint[], f: PointFilter): ScanMatch[] {
  const types = new Set(f.types);
  const out: ScanMatch[] = [];
  for (const p of points) {
    const barsAgo = bars - 1 - p.bar;
    if (!types.has(p.type)) continue;
    if (f.side !== 'both' && p.side !== f.side) continue;
    if (f.withinBars !== undefined && barsAgo >= f.withinBars) continue;
    if (f.sinceMs !== undefined && p.timeMs < f.sinceMs) continue;
    if (f.confirmedOnly && !p.confirmed) continue;
    out.push({ symbol, timeframe, type: p.type, side: p.side, timeMs: p.timeMs, time: new Date(p.timeMs).toISOString(), price: p.price, confirmed: p.confirmed, barsAgo, reason: p.reason });
  }
  return out;
}

/** Where a retried scan picks up: the heartbeat of the previous attempt. */
interface ScanProgress {
  symbolsDone: number;
  symbolsTotal: number;
  matched: number;
  partial: { matches: ScanMatch[]; missing: ChanScanResult['missing']; matched: number };
}

/**
 * Activity of `chanlun.scan`: analyses every symbol of a universe on its stored bars and keeps the buy/sell points that
 * pass the filters. One heartbeat per symbol; a retry resumes after the last symbol reported. A symbol without bars is
 * listed in `missing` rather than failing the universe.
 */
export async function chanScan(raw: ChanScanInput): Promise<ChanScanResult> {
  const p = checkedParams(chanScanInputSchema, raw);
  const ctx = Context.current();
  const symbols = [...new Set(p.symbols)];
  const prior = ctx.info.heartbeatDetails as ScanProgress | undefined;
  const resume = prior && prior.symbolsTotal === symbols.length ? prior : undefined;
  let matches: ScanMatch[] = resume?.partial.matches ?? [];
  const missing: ChanScanResult['missing'] = resume?.partial.missing ?? [];
  let matched = resume?.partial.matched ?? 0;
  if (resume) log.info('scan resumes after an earlier attempt', { symbolsDone: resume.symbolsDone });
  const filter = { ...p, sinceMs: p.since ? Date.parse(p.since) : undefined };

  for (let i = resume?.symbolsDone ?? 0; i < symbols.length; i++) {
    const symbol = symbols[i]!;
    try {
      const a = await analyzeStored(db(), { symbol, timeframe: p.timeframe, from: p.from, to: p.to, config: p.config });
      const main = a.levels[0]!;
      const found = scanMatches(symbol, p.timeframe, main.bars.timeMs.length, main.result.points, filter);
      matched += found.length;
      // Keep only the latest maxMatches across the universe, so the result stays bounded.
      matches = matches.concat(found);
      if (matches.length > p.maxMatches) matches = matches.sort((x, y) => x.timeMs - y.timeMs).slice(-p.maxMatches);
    } catch (err) {
      // One symbol without (resamplable) bars leaves the rest of the universe to scan.
      if (!(err instanceof BarsNotFoundError || err instanceof ChanRequestError)) throw err;
      missing.push({ symbol, reason: err.message });
    }
    // Copies: the details must stay as they are now, whenever the SDK gets round to sending them.
    ctx.heartbeat({ symbolsDone: i + 1, symbolsTotal: symbols.length, matched, partial: { matches: [...matches], missing: [...missing], matched } } satisfies ScanProgress);
  }
  matches.sort((x, y) => x.timeMs - y.timeMs || x.symbol.localeCompare(y.symbol));
  return {
    timeframe: p.timeframe,
    scanned: symbols.length - missing.length,
    matched,
    matches,
    matchesTruncated: matched > matches.length,
    symbols: [...new Set(matches.map((m) => m.symbol))],
    missing,
  };
}

/** Graph runs are `graph-<graphId>-…` (API, schedules) and their children `<parent>/<node>`: the graph they belong to. */
export function graphIdOfRun(workflowId: string): string | null {
  return /^graph-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-/.exec(workflowId)?.[1] ?? null;
}

/** A subscription's filters (api/alerts.ts keeps the symbol and type lists non-empty). */
interface SubscriptionFilter {
  id: string;
  userId: string;
  symbols: string[];
  timeframe: string;
  pointTypes: string[];
  side: string;
}

function fits(sub: SubscriptionFilter, m: ScanMatch): boolean {
  return (
    sub.timeframe === m.timeframe &&
    sub.symbols.includes(m.symbol) &&
    sub.pointTypes.includes(m.type) &&
    (sub.side === 'both' || sub.side === m.side)
  );
}

/** The point itself (symbol, timeframe, type, side, bar time) identifies an alert: the same point never alerts a recipient twice. */
const pointKey = (m: ScanMatch) => `${m.symbol}:${m.timeframe}:${m.type}:${m.side}:${m.timeMs}`;

/**
 * Activity of `alert.notify`: records one alert per match and recipient — the owner of the graph the run belongs to,
 * and every active subscription the match fits. Dedupe keys name the recipient and the point, so a retried activity,
 * a re-run scan or the next firing of a schedule records each alert once.
 */
export async function notifyAlerts(raw: AlertNotifyInput): Promise<AlertNotifyResult> {
  const p = checkedParams(alertNotifyInputSchema, raw);
  const source = Context.current().info.workflowExecution?.workflowId ?? 'unknown';
  const events: AlertEventInput[] = [];
  const title = (m: ScanMatch) =>
    `${p.label ? `${p.label}: ` : ''}${m.symbol} ${m.timeframe} type-${m.type} ${m.side} at ${m.price}${m.confirmed ? '' : ' (unconfirmed)'}`;
  const event = (m: ScanMatch, dedupeKey: string, to: { userId: string | null; subscriptionId?: string }): AlertEventInput => ({
    ...to,
    dedupeKey,
    symbol: m.symbol,
    timeframe: m.timeframe,
    title: title(m).slice(0, 300),
    payload: { ...m },
    source,
  });

  let ownerId: string | null = null;
  const graphId = p.owner ? graphIdOfRun(source) : null;
  if (graphId) {
    const graph = await db().graph.findUnique({ where: { id: graphId }, select: { createdById: true } });
    ownerId = graph?.createdById ?? null;
  }
  if (ownerId) for (const m of p.matches) events.push(event(m, `graph:${graphId}:${ownerId}:${pointKey(m)}`, { userId: ownerId }));

  const reached = new Set<string>();
  if (p.subscriptions && p.matches.length) {
    const symbols = [...new Set(p.matches.map((m) => m.symbol))];
    const subs = await db().alertSubscription.findMany({
      where: { active: true, timeframe: { in: [...new Set(p.matches.map((m) => m.timeframe))] }, symbols: { hasSome: symbols } },
      select: { id: true, userId: true, symbols: true, timeframe: true, pointTypes: true, side: true },
    });
    for (const sub of subs) {
      for (const m of p.matches) {
        if (!fits(sub, m)) continue;
        reached.add(sub.id);
        events.push(event(m, `${sub.id}:${pointKey(m)}`, { userId: sub.userId, subscriptionId: sub.id }));
      }
    }
  }
  const { offered, recorded } = await recordAlerts({ events });
  if (recorded) log.info('alerts recorded', { recorded, offered });
  return { offered, recorded, subscriptions: reached.size, ownerId };
}
