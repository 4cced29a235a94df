import { importKlinesInputSchema, importStatsSchema } from '../../contracts/import-klines';
import { defineNodeType } from '../node-type';

export const importKlines = defineNodeType({
  type: 'market.import-klines',
  version: 1,
  title: 'Import K-line CSV',
  category: 'Market data',
  description:
    'Validates every row of a K-line CSV (or zip) and stores the bars in one transaction. Columns with other header names are mapped with columns; day-first or month-first dates need timeFormat.',
  kind: 'activity',
  activity: 'importKlineCsv',
  params: importKlinesInputSchema,
  outputs: { out: importStatsSchema },
  defaults: { timeout: '30m', heartbeatTimeout: '20s', retry: { maximumAttempts: 10, initialInterval: '1s', backoffCoefficient: 2, nonRetryableErrorTypes: ['InvalidCsv', 'SourceNotFound', 'SourceNotAllowed'] } },
});
