// Backtest performance metrics. The return-series functions are ports of empyrical-reloaded 0.7.1 and return exactly
// what it returns (NaN, ±Infinity included); `computeMetrics` gathers them with the trade statistics into a table.
export {
  ANNUALIZATION_FACTORS,
  APPROX_BDAYS_PER_YEAR,
  annualizationFactor,
  type AnnualizationOptions,
  type Period,
} from './periods';
export type { ScalarOrSeries, Series } from './nan-stats';
export {
  annualReturn,
  bestPeriod,
  cagr,
  cumReturns,
  cumReturnsFinal,
  positivePeriodsRatio,
  simpleReturns,
  stabilityOfTimeseries,
  worstPeriod,
} from './returns';
export {
  annualVolatility,
  conditionalValueAtRisk,
  downsideRisk,
  kurtosis,
  omegaRatio,
  sharpeRatio,
  skew,
  sortinoRatio,
  tailRatio,
  valueAtRisk,
  type DownsideOptions,
  type OmegaOptions,
  type SharpeOptions,
} from './risk';
export {
  calmarRatio,
  drawdownPeriods,
  drawdownSeries,
  maxDrawdown,
  maxDrawdownDuration,
  maxDrawdownRecovery,
  type DrawdownPeriod,
} from './drawdown';
export {
  alpha,
  alphaBeta,
  battingAverage,
  beta,
  capture,
  downAlphaBeta,
  downCapture,
  excessSharpe,
  upAlphaBeta,
  upCapture,
  upDownCapture,
  type AlphaOptions,
  type BattingAverage,
} from './benchmark';
export {
  rollAlphaBeta,
  rollDownCapture,
  rollMaxDrawdown,
  rollSharpeRatio,
  rollUpCapture,
  rollUpDownCapture,
} from './rolling';
export { exposureFraction, tradeStats, turnover, type TradeStats } from './trades';
export {
  metricTradeSchema,
  metricsInputSchema,
  MetricsInputError,
  parseMetricsInput,
  type MetricTrade,
  type MetricsInput,
  type ParsedMetricsInput,
} from './schema';
export { computeMetrics, type Metric, type MetricGroup, type MetricUnit, type Metrics } from './compute';
