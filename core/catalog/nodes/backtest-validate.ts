import { batchResultSchema, validateSymbolsInputSchema } from '../../contracts/backtest';
import { defineNodeType } from '../node-type';

export const backtestValidate = defineNodeType({
  type: 'backtest.validate',
  version: 1,
  title: 'Validate on symbols',
  category: 'Strategy',
  description: 'Backtests the strategy on every listed symbol in parallel (one activity each, on any worker) and ranks the results; the ranking is stored and exportable as CSV.',
  kind: 'child',
  workflow: 'backtestValidate',
  params: validateSymbolsInputSchema,
  outputs: { out: batchResultSchema },
  defaults: { timeout: '2h', retry: { maximumAttempts: 1 } },
});
