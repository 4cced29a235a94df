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
export {
  rotationParamsSchema,
  runRotation,
  runRotationAsync,
  runRotationWithSeries,
  type RotationOpenPosition,
  type RotationOrder,
  type RotationParams,
  type RotationParamsInput,
  type RotationRebalance,
  type RotationResult,
  type RotationSimulation,
  type RotationTrade,
} from './rotation';
