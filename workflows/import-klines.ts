import { proxyActivities } from '@temporalio/workflow';
import type * as activities from '../activities/import-klines';
import type { ImportKlinesInput, ImportStats } from '../core/contracts/import-klines';
import { ImportFailureTypes } from '../core/contracts/import-failures';

// A killed worker stops heartbeating; after heartbeatTimeout the attempt is retried elsewhere. The activity is
// idempotent (one transaction + a unique import record), so a retry never stores a bar twice.
const { importKlineCsv } = proxyActivities<typeof activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '20 seconds',
  retry: {
    initialInterval: '1 second',
    maximumAttempts: 10,
    nonRetryableErrorTypes: Object.values(ImportFailureTypes),
  },
});

/** Imports one K-line CSV (or a zip holding one) into the bars table and returns what was stored. */
export async function importKlines(input: ImportKlinesInput): Promise<ImportStats> {
  return importKlineCsv(input);
}
