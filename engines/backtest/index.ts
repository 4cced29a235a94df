export * from './types';
export {
  runBacktest,
  runBacktestAsync,
  runBacktestWithSeries,
  runBacktestWithSeriesAsync,
  simulateBacktest,
  simulateBacktestAsync,
  parseBacktestConfig,
  type Simulation, type SimulationResult } from './engine';
export { prepareBars, type PreparedBars } from './bars';
export { toMetricsInput } from './metrics-adapter';
