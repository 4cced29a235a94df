import { randomUUID } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { strategyReportInputSchema, type StrategyReportInput } from '../../core/contracts/backtest';
import { db } from '../../core/db';
import { checkedParams } from '../checked-params';

export interface StrategyReportResult {
  reportId: string;
  /** Path of the report page in the web app. */
  url: string;
  title: string;
}

/**
 * Stores the report of a strategy-development run: the idea, how the spec was produced, the backtest and the
 * validation ranking it refers to (by id: the numbers stay where they were stored). Once per activity.
 */
export async function storeStrategyReport(raw: StrategyReportInput): Promise<StrategyReportResult> {
  const input = checkedParams(strategyReportInputSchema, raw);
  const info = Context.current().info;
  const workflowId = info.workflowExecution?.workflowId ?? 'unknown';
  const activityKey = `${workflowId}/${info.activityId}`;
  const existing = await db().strategyReport.findUnique({ where: { activityKey }, select: { id: true, title: true } });
  if (existing) return { reportId: existing.id, url: `/reports/${existing.id}`, title: existing.title };

  const backtest = await db().backtest.findUnique({ where: { id: input.backtestId }, select: { id: true } });
  if (!backtest) throw ApplicationFailure.create({ type: 'NotFound', message: `backtest ${input.backtestId} not found`, nonRetryable: true });
  for (const batchId of [input.batchId, input.searchBatchId]) {
    if (batchId && !(await db().backtestBatch.findUnique({ where: { id: batchId }, select: { id: true } }))) {
      throw ApplicationFailure.create({ type: 'NotFound', message: `backtest batch ${batchId} not found`, nonRetryable: true });
    }
  }
  const id = randomUUID();
  await db().strategyReport.create({
    data: {
      id,
      activityKey,
      workflowId,
      title: input.title,
      content: JSON.parse(JSON.stringify({ prompt: input.prompt ?? null, generation: input.generation ?? null })),
      backtestId: input.backtestId,
      batchId: input.batchId ?? null,
      searchBatchId: input.searchBatchId ?? null,
    },
  });
  return { reportId: id, url: `/reports/${id}`, title: input.title };
}
