import type { Metrics } from '../metrics';
import type { RotationParams } from './rotation-params';
import type { BacktestConfig, BacktestResult, CurvePoints, OpenPosition, OrderRecord, Trade } from './types';

/**
 * The momentum rotation's result shapes (engines/backtest/rotation.ts), in a module of their own so the web app can
 * import them as types without the engine, which needs Node's setImmediate to yield between slices.
 */

export type RotationOrder = OrderRecord & { symbol: string };
export type RotationTrade = Trade & { symbol: string };
export type RotationOpenPosition = OpenPosition & { symbol: string };

export interface RotationRebalance {
  decisionIndex: number;
  decisionTimeMs: number;
  /** Every eligible symbol, best first; returnPercent rounded to 6 places for display (ranking used the exact value). */
  ranking: { symbol: string; returnPercent: string }[];
  /** What the portfolio should hold after this rebalance, in rank order. */
  selected: string[];
  /** Union bar the orders filled at; null for a decision on the last bar (nothing left to fill at). */
  fillIndex: number | null;
  fillTimeMs: number | null;
  orderIds: number[];
  /**
   * The account right after the fills, exact: equity = cash + Σ quantity × markPrice, marks being the fill bar's
   * open (the last close for a symbol without a bar there). Null when the decision was not executed.
   */
  after: { holdings: { symbol: string; quantity: string; markPrice: string }[]; cash: string; equity: string } | null;
}

export interface RotationResult {
  kind: 'rotation';
  strategy: string;
  params: RotationParams;
  symbols: string[];
  timeframe: string;
  /** Bars of the union time axis. */
  bars: number;
  barsBySymbol: Record<string, number>;
  firstTimeMs: number | null;
  lastTimeMs: number | null;
  periodsPerYear: number;
  config: BacktestConfig;
  /** equityAfter of a fill is marked like RotationRebalance.after: every holding at the fill bar's open. */
  orders: RotationOrder[];
  trades: RotationTrade[];
  openPositions: RotationOpenPosition[];
  final: Omit<BacktestResult['final'], 'position'> & { positions: { symbol: string; quantity: string; lastPrice: string }[] };
  counts: BacktestResult['counts'];
  rebalances: RotationRebalance[];
  curves: CurvePoints;
  metrics: Metrics;
}
