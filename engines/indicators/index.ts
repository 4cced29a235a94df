/**
 * Technical indicators for the backtest engine and the strategy DSL. Conventions (lookbacks, seeding, smoothing)
 * follow TA-Lib and are listed per indicator in INDICATORS.md.
 *
 * Contract, amended from the issue-4 plan for speed:
 * - every indicator is a class with `update(...)` that costs O(1) per bar and allocates nothing; it returns the
 *   primary output (NaN during warm-up, i.e. for the first `lookback` bars, exactly where TA-Lib leaves NaN) and
 *   keeps it in `.value`;
 * - indicators with several outputs return the primary one and expose the others as fields read after `update`
 *   (`macd.update(x)` → MACD line, then `macd.signal`, `macd.hist`), instead of allocating an object per bar;
 * - each has a batch function over arrays (`sma(values, period)` → Float64Array, multi-output ones return an object of
 *   Float64Arrays) that runs the same class, so batch and incremental results are bit-identical;
 * - `reset()` returns an instance to its initial state; constructors throw IndicatorParamError on bad parameters.
 */
export { IndicatorParamError } from './validate';
export { Sma, Ema, Wma, sma, ema, wma, emaK } from './moving-average';
