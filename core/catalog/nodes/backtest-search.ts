import { batchResultSchema, parameterSearchInputSchema } from '../../contracts/backtest';
import { defineNodeType } from '../node-type';

export const backtestSearch = defineNodeType({
  type: 'backtest.search',
  version: 1,
  title: 'Parameter search',
  category: 'Strategy',
  description: 'Grid or random search over spec settings (e.g. indicators.0.params.period): backtests in child workflows of 50, ranked by the chosen metric.',
  kind: 'child',
  workflow: 'backtestSearch',
  params: parameterSearchInputSchema,
  outputs: { out: batchResultSchema },
  defaults: { timeout: '6h', retry: { maximumAttempts: 1 } },
});
