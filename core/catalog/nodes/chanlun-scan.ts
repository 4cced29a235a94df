import { chanScanInputSchema, chanScanResultSchema } from '../../contracts/chanlun';
import { defineNodeType } from '../node-type';

export const chanlunScan = defineNodeType({
  type: 'chanlun.scan',
  version: 1,
  title: 'ChanLun scan',
  category: 'Strategy',
  description:
    'Analyses every symbol of a universe on its stored bars and keeps the buy/sell points that pass the filters (types, side, recency, confirmed). Symbols without bars are listed as missing; a retry resumes after the last symbol done.',
  kind: 'activity',
  activity: 'chanScan',
  params: chanScanInputSchema,
  outputs: { out: chanScanResultSchema },
  defaults: {
    timeout: '30m',
    heartbeatTimeout: '5m',
    retry: { maximumAttempts: 3, initialInterval: '2s', backoffCoefficient: 2, nonRetryableErrorTypes: ['InvalidChanRequest', 'InvalidParams'] },
  },
});
