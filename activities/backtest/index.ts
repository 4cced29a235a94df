// The backtest activities the core worker registers.
export { runBacktestJob } from './run';
export { rankBacktests } from './rank';
export { storeStrategyReport } from './report';
export { runRotationJob } from './rotation';
