/**
 * ChanLun (缠论) structure engine: inclusion, fractals, strokes, segments, centers, MACD divergence and buy/sell
 * points, batch or incremental, one level or several. Rules and chosen conventions: RULES.md.
 */
export {
  ChanAnalyzer,
  analyzeChan,
  type BuySellPoint,
  type ChanBar,
  type ChanResult,
  type Center,
  type Fractal,
  type MergedBars,
  type PricePoint,
  type Segment,
  type Stroke,
} from './analyzer';
export { analyzeLevels, type LevelInput, type MultiLevelResult, type NestedPoint } from './levels';
export { chanConfigSchema, resolveChanConfig, strokeRuleSchema, type ChanConfig, type ChanConfigInput, type StrokeRule } from './config';
export type { BspType } from './points';
