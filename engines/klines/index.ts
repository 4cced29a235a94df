export {
  parseKlineCsv,
  klineParseOptionsSchema,
  type Gap,
  type KlineColumns,
  type KlineParseOptions,
  type KlineParseResult,
  type KlineStats,
  type RowProblem,
} from './csv';
export { decodeKlineSource, KlineSourceError, type DecodeKlineSourceOptions } from './source';
export { TIMEFRAMES, inferTimeframe, isTimeframe, parseTimeframe, timeframeMs, timeframeSchema, type Timeframe } from './timeframe';
export {
  InvalidTimeZoneError,
  assertTimeZone,
  isValidTimeZone,
  localToUtcMs,
  utcOffsetMs,
  utcToLocalParts,
  type LocalParts,
} from './timezone';
export { compareDecimal, normalizeDecimal } from './decimal';
export { resampleBars, ResampleError, type BarAlignment, type ResampleOptions, type ResampleResult } from './resample';
