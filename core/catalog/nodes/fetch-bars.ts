import { fetchBarsInputSchema, fetchBarsSummarySchema } from '../../contracts/market-data';
import { defineNodeType } from '../node-type';

export const fetchBars = defineNodeType({
  type: 'market.fetch-bars',
  version: 1,
  title: 'Fetch exchange bars',
  category: 'Market data',
  description: 'Fetches OHLCV bars from an exchange through ccxt (OKX by default) for a time range, database first: only spans not stored yet are requested. Stored as symbol <exchange>:<symbol>.',
  kind: 'activity',
  activity: 'fetchBars',
  params: fetchBarsInputSchema,
  outputs: { out: fetchBarsSummarySchema },
  defaults: { timeout: '30m', heartbeatTimeout: '2m', retry: { maximumAttempts: 5, initialInterval: '2s', backoffCoefficient: 2, nonRetryableErrorTypes: ['BadSymbol', 'InvalidMarketDataRequest', 'InvalidParams'] } },
});
