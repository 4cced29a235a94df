import { analyzeStructureInputSchema, structureSummarySchema } from '../../contracts/chanlun';
import { defineNodeType } from '../node-type';

export const chanlunAnalyze = defineNodeType({
  type: 'chanlun.analyze',
  version: 1,
  title: 'ChanLun structure',
  category: 'Strategy',
  description:
    'ChanLun (缠论) analysis of stored bars — fractals, strokes, segments, centers, buy/sell points — on one timeframe and optional finer levels (resampled from finer stored bars when needed). Outputs counts, the latest structures and points; the full structure is at GET /api/chanlun/:symbol.',
  kind: 'activity',
  activity: 'analyzeStructure',
  params: analyzeStructureInputSchema,
  outputs: { out: structureSummarySchema },
  defaults: {
    timeout: '10m',
    retry: { maximumAttempts: 3, initialInterval: '2s', backoffCoefficient: 2, nonRetryableErrorTypes: ['BarsNotFound', 'InvalidChanRequest', 'InvalidParams'] },
  },
});
