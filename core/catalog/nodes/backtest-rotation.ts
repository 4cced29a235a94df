import { rotationJobSchema, rotationSummarySchema } from '../../contracts/rotation';
import { defineNodeType } from '../node-type';

export const backtestRotation = defineNodeType({
  type: 'backtest.rotation',
  version: 1,
  title: 'Momentum rotation',
  category: 'Strategy',
  description:
    'Backtests a cross-sectional momentum rotation as one portfolio: every N bars ranks the symbols by their lookback return, holds the top K at equal weight (optionally only above a minimum return, else cash), fills at the next open with fees, slippage and A-share rules; stores the full result and outputs the headline metrics and final holdings.',
  kind: 'activity',
  activity: 'runRotationJob',
  params: rotationJobSchema,
  outputs: { out: rotationSummarySchema },
  defaults: {
    timeout: '15m',
    heartbeatTimeout: '30s',
    retry: { maximumAttempts: 3, initialInterval: '2s', backoffCoefficient: 2, nonRetryableErrorTypes: ['InvalidConfig', 'BarsNotFound', 'InvalidParams'] },
  },
});
