import { backtestJobSchema, backtestSummarySchema } from '../../contracts/backtest';
import { defineNodeType } from '../node-type';

export const backtestRun = defineNodeType({
  type: 'backtest.run',
  version: 1,
  title: 'Backtest',
  category: 'Strategy',
  description: 'Runs a strategy bar by bar on stored bars (decimal money, fees, slippage, A-share or crypto rules) and stores the full result; outputs the headline metrics and the backtest id.',
  kind: 'activity',
  activity: 'runBacktestJob',
  params: backtestJobSchema,
  outputs: { out: backtestSummarySchema },
  defaults: {
    timeout: '15m',
    heartbeatTimeout: '30s',
    retry: { maximumAttempts: 3, initialInterval: '2s', backoffCoefficient: 2, nonRetryableErrorTypes: ['InvalidStrategy', 'InvalidConfig', 'BarsNotFound', 'StrategyNotFound', 'StrategyError', 'InvalidParams'] },
  },
});
