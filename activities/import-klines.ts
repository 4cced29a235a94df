import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ApplicationFailure, Context, log } from '@temporalio/activity';
import { config } from '../core/config';
import {
  ImportFailureTypes,
  type ImportKlinesInput,
  type ImportProgress,
  type ImportStats,
} from '../core/contracts/import-klines';
import { db } from '../core/db';
import { ImportPathError, resolveImportPath } from '../core/import-paths';
import { decodeKlineSource, klineParseOptionsSchema, parseKlineCsv } from '../engines/klines';
import { storeBars } from './bar-store';

function heartbeat(progress: ImportProgress): void {
  Context.current().heartbeat(progress);
}

async function readSource(source: ImportKlinesInput['source']): Promise<{ bytes: Uint8Array; name: string; label: string }> {
  if (source.type === 'upload') {
    const upload = await db().upload.findUnique({ where: { id: source.uploadId } });
    if (!upload) throw ApplicationFailure.create({ message: `Upload ${source.uploadId} not found`, type: ImportFailureTypes.sourceNotFound, nonRetryable: true });
    return { bytes: upload.content, name: upload.filename, label: `upload:${upload.filename}` };
  }
  try {
    const file = await resolveImportPath(source.path, config().importRoots);
    return { bytes: await readFile(file), name: path.basename(file), label: `path:${source.path}` };
  } catch (err) {
    if (err instanceof ImportPathError) {
      throw ApplicationFailure.create({
        message: err.message,
        type: err.kind === 'not-found' ? ImportFailureTypes.sourceNotFound : ImportFailureTypes.sourceNotAllowed,
        nonRetryable: true,
      });
    }
    throw err;
  }
}

/**
 * Validates every row, then stores all bars in one transaction together with the import record. A retry (worker
 * crash, shutdown hand-back) finds the record of a committed attempt and returns it; an uncommitted attempt left
 * nothing behind.
 */
export async function importKlineCsv(input: ImportKlinesInput): Promise<ImportStats> {
  const started = Date.now();
  const ctx = Context.current();
  const workflowId = ctx.info.workflowExecution?.workflowId ?? 'unknown';
  const activityKey = `${workflowId}/${ctx.info.activityId}`;
  const done = await db().barImport.findUnique({ where: { activityKey } });
  if (done) {
    log.info('import already committed by an earlier attempt', { activityKey });
    return done.stats as ImportStats;
  }

  heartbeat({ phase: 'reading', done: 0, total: 0 });
  const source = await readSource(input.source);
  let text: string;
  try {
    text = decodeKlineSource(source.bytes, source.name);
  } catch (err) {
    throw ApplicationFailure.create({ message: (err as Error).message, type: ImportFailureTypes.invalidCsv, nonRetryable: true });
  }

  const options = { symbol: input.symbol, timeframe: input.timeframe, timezone: input.timezone, columns: input.columns, timeFormat: input.timeFormat };
  // The API and graph validation check options with the same schemas, but a graph node's params may come from an
  // expression, checked only against JSON Schema (which cannot say "one column, one field"). Invalid options fail the
  // run once instead of being retried ten times.
  const checked = klineParseOptionsSchema.safeParse(options);
  if (!checked.success) {
    const problems = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw ApplicationFailure.create({ message: `invalid import options: ${problems.join('; ')}`, type: ImportFailureTypes.invalidCsv, nonRetryable: true });
  }
  // A mapping the header does not fit is a problem of line 1, reported with the file's other problems.
  const parsed = parseKlineCsv(text, options, (n, total) => heartbeat({ phase: 'validating', done: n, total }));
  if (!parsed.ok) {
    throw ApplicationFailure.create({
      message: `${source.name}: ${parsed.errorCount} problem${parsed.errorCount === 1 ? '' : 's'} found, nothing stored (first: line ${parsed.errors[0]?.line}: ${parsed.errors[0]?.reason})`,
      type: ImportFailureTypes.invalidCsv,
      nonRetryable: true,
      details: [{ errorCount: parsed.errorCount, errors: parsed.errors }],
    });
  }

  const stats = await storeBars(db(), parsed.bars, {
    activityKey,
    workflowId,
    source: source.label,
    signal: ctx.cancellationSignal,
    onProgress: (n, total) => heartbeat({ phase: 'storing', done: n, total }),
    buildStats: (counts) => ({ ...parsed.stats, ...counts, durationMs: Date.now() - started, source: source.label }),
  });
  log.info('import committed', { activityKey, rows: stats.rows, inserted: stats.inserted, updated: stats.updated });
  return stats;
}
