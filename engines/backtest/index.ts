export * from './types';
export { runBacktest, runBacktestWithSeries, simulateBacktest, parseBacktestConfig, type Simulation, type SimulationResult } from './engine';
export { prepareBars, type PreparedBars } from './bars';
export { toMetricsInput } from './metrics-adapter';
