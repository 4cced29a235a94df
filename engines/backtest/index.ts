export * from './types';
export { runBacktest, runBacktestWithSeries, parseBacktestConfig } from './engine';
export { prepareBars, type PreparedBars } from './bars';
export { toMetricsInput } from './metrics-adapter';
