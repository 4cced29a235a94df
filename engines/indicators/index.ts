/**
 * Technical indicators for the backtest engine and the strategy DSL. Conventions (lookbacks, seeding, smoothing)
 * follow TA-Lib and are listed per indicator in INDICATORS.md.
 *
 * Contract, amended from the issue-4 plan for speed:
 * - every indicator is a class with `update(...)` that costs O(1) per bar (CCI: O(period)) and allocates nothing;
 *   it returns the primary output — NaN during warm-up, i.e. for the first `lookback` bars, exactly where TA-Lib
 *   leaves NaN — and keeps it in `.value`;
 * - indicators with several outputs return the primary one and expose all of them as fields, read after `update`
 *   (`macd.update(x)` → MACD line, then `macd.signal`, `macd.hist`) instead of allocating an object per bar;
 *   the fields keep their last valid values, so check the return value (or `lookback`) for warm-up;
 * - each has a batch function over arrays (`sma(values, period)` → Float64Array; multi-output ones return an object
 *   of Float64Arrays) that runs the same class, so batch and incremental results are bit-identical;
 * - `reset()` returns an instance to its initial state; constructors throw IndicatorParamError on bad parameters;
 * - `indicatorCatalog` describes ids, params (defaults, ranges) and outputs for strategy specs; `createIndicator`
 *   builds an instance from a validated catalog entry.
 *
 * Inputs are plain floats (indicator math is statistical; money stays decimal elsewhere) and must be finite: a NaN
 * input propagates into running sums, as it does in TA-Lib.
 */
export { IndicatorParamError } from './validate';
export { Sma, Ema, Wma, sma, ema, wma, emaK } from './moving-average';
export { Macd } from './macd';
export { Rsi } from './rsi';
export { Atr, TrueRange, trueRangeOf } from './range';
export { Bollinger } from './bollinger';
export { Stochastic } from './stochastic';
export { Adx } from './adx';
export { Obv, Vwap } from './volume';
export { Donchian, Highest, Lowest, RollingExtreme } from './extremes';
export { Cci, Mom, Roc, Trix, WillR } from './oscillators';
export {
  adx,
  atr,
  bollinger,
  cci,
  dailySessionStarts,
  donchian,
  highest,
  lowest,
  macd,
  mom,
  obv,
  roc,
  rsi,
  stochastic,
  trix,
  trueRange,
  vwap,
  willr,
} from './batch';
export { DailySessions } from './volume';
export {
  PRICE_SOURCES,
  checkIndicator,
  createIndicator,
  getIndicatorDef,
  indicatorCatalog,
  indicatorDefSchema,
  indicatorIdSchema,
  indicatorIds,
  indicatorParamsSchema,
  indicatorRefSchema,
  type BarValues,
  type CreateIndicatorContext,
  type IndicatorCheck,
  type IndicatorDef,
  type IndicatorId,
  type IndicatorInstance,
  type IndicatorParamDef,
  type IndicatorParams,
  type IndicatorRef,
  type PriceSource,
} from './catalog';
