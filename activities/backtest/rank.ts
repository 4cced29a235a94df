import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { rankBacktestsInputSchema, type BacktestSummary, type BatchResult, type RankBacktestsInput, type RankedRow, type RankMetric } from '../../core/contracts/backtest';
import { db } from '../../core/db';
import { checkedParams } from '../checked-params';

const TOP = 20;

/**
 * Orders backtests by one metric, best first. Every ranked metric is "higher is better" as stored — max drawdown is a
 * negative fraction, so -0.1 ranks above -0.3. Backtests without a value rank last; ties keep a stable order.
 */
export function rankSummaries(rows: BacktestSummary[], by: RankMetric): RankedRow[] {
  const score = (r: BacktestSummary) => {
    const v = r.metrics[by];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const key = (r: BacktestSummary) => `${r.symbol}\u0000${JSON.stringify(r.overrides ?? {})}`;
  return [...rows]
    .sort((a, b) => {
      const sa = score(a);
      const sb = score(b);
      if (sa !== sb) {
        if (sa === null) return 1;
        if (sb === null) return -1;
        return sb - sa;
      }
      return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
    })
    .map((r, i) => ({ ...r, rank: i + 1, score: score(r) }));
}

/** Ranks and stores a batch once per activity (a retry returns the stored batch). */
export async function rankBacktests(raw: RankBacktestsInput): Promise<BatchResult> {
  const input = checkedParams(rankBacktestsInputSchema, raw);
  const info = Context.current().info;
  const workflowId = info.workflowExecution?.workflowId ?? 'unknown';
  const activityKey = `${workflowId}/${info.activityId}`;
  const existing = await db().backtestBatch.findUnique({ where: { activityKey } });
  const rows = existing ? (existing.rows as RankedRow[]) : rankSummaries(input.rows, input.rankBy);
  const batchId = existing?.id ?? randomUUID();
  if (!existing) {
    await db().backtestBatch.create({ data: { id: batchId, activityKey, workflowId, kind: input.kind, rankBy: input.rankBy, rows } });
  }
  return { batchId, kind: input.kind, rankBy: input.rankBy, count: rows.length, best: rows[0] ?? null, top: rows.slice(0, TOP) };
}

/** CSV of a ranking, one row per backtest: rank, symbol, settings, headline metrics. */
export function rankingCsv(rows: RankedRow[]): string {
  const metricIds = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))];
  const overrideKeys = [...new Set(rows.flatMap((r) => Object.keys(r.overrides ?? {})))];
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const header = ['rank', 'symbol', 'timeframe', 'strategy', ...overrideKeys, 'bars', 'trades', 'final_equity', ...metricIds, 'backtest_id'];
  const lines = rows.map((r) => [
    r.rank, r.symbol, r.timeframe, r.strategy, ...overrideKeys.map((k) => r.overrides?.[k]), r.bars, r.trades, r.finalEquity,
    ...metricIds.map((m) => r.metrics[m]), r.backtestId,
  ].map(cell).join(','));
  return [header.map(cell).join(','), ...lines].join('\n') + '\n';
}
