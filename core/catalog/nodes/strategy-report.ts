import { z } from 'zod';
import { strategyReportInputSchema } from '../../contracts/backtest';
import { defineNodeType } from '../node-type';

export const strategyReport = defineNodeType({
  type: 'strategy.report',
  version: 1,
  title: 'Strategy report',
  category: 'Strategy',
  description: 'Stores a report page: the idea, the accepted spec and how it was made, the backtest (charts, trades, metrics) and the validation ranking.',
  kind: 'activity',
  activity: 'storeStrategyReport',
  params: strategyReportInputSchema,
  outputs: { out: z.object({ reportId: z.uuid(), url: z.string(), title: z.string() }) },
  defaults: { timeout: '1m', retry: { maximumAttempts: 5, initialInterval: '1s', backoffCoefficient: 2, nonRetryableErrorTypes: ['NotFound', 'InvalidParams'] } },
});
