// Every workflow type the workers register; the workflow bundle is built from this file.
export { importKlines } from './import-klines';
export { graphRun } from './graph-run';
export { graphForEachBatch } from './graph-for-each';
export { backtestJobs, backtestRotation, backtestSearch, backtestValidate } from './backtest-batch';
