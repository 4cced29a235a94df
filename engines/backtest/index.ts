export * from './types';
export { runBacktest, runBacktestWithSeries, parseBacktestConfig } from './engine';
export { prepareBars, type PreparedBars } from './bars';
export { toMetricsInput, type BacktestMetricsInput } from './metrics-adapter';
