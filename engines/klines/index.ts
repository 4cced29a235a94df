export {
  parseKlineCsv,
  klineParseOptionsSchema,
  timeFormatSchema,
  type Gap,
  type GapStats,
  type KlineColumns,
  type KlineParseOptions,
  type KlineParseResult,
  type KlineStats,
  type RowProblem,
} from './csv';
export { klineColumnMapSchema, columnMappingProblems, headerNames, type KlineColumnMap } from './layout';
export { gapMessage } from './gaps';
export { TIME_FORMATS, type TimeFormat } from './datetime';
export { decodeKlineSource, KlineSourceError, readKlineSourceHeader, type DecodeKlineSourceOptions } from './source';
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
