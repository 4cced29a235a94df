// Trade statistics over closed round trips. Sums of money (PnL, averages, expectancy) are decimal.js and come back as
// plain decimal strings; ratios of them (profit factor, payoff, Kelly) and everything built on trade returns (SQN) are
// statistical floats. Non-finite ratios are returned as they are (Infinity for "no losing trades", NaN for 0/0).
import Decimal from 'decimal.js';
import { nanmean, nanstd } from './nan-stats';
import type { MetricTrade } from './schema';

export interface TradeStats {
  count: number;
  wins: number;
  losses: number;
  /** Trades with a PnL of exactly zero: neither wins nor losses, and they end both streaks. */
  breakeven: number;
  longs: number;
  shorts: number;
  /** wins / count; NaN without trades. */
  winRate: number;
  netProfit: string;
  grossProfit: string;
  /** Sum of the losing trades' PnL (≤ 0). */
  grossLoss: string;
  /** grossProfit / |grossLoss|: Infinity with no losses (and some profit), NaN with neither. */
  profitFactor: number;
  /** Net profit per trade; null without trades. */
  expectancy: string | null;
  averageWin: string | null;
  /** Mean PnL of the losing trades (negative). */
  averageLoss: string | null;
  /** averageWin / |averageLoss|, taking a missing side as 0: Infinity without losses, NaN with neither. */
  payoffRatio: number;
  /** Van Tharp's System Quality Number: sqrt(n) · mean(R) / std(R, ddof 1), uncapped n. NaN below two trades. */
  sqn: number;
  /** Which values SQN used: R-multiples when every trade has one, otherwise trade returns. */
  sqnBasis: 'rMultiple' | 'return' | null;
  /** Kelly fraction W - (1 - W) / payoff. */
  kelly: number;
  bestTrade: string | null;
  worstTrade: string | null;
  maxConsecutiveWins: number;
  maxConsecutiveLosses: number;
  averageBarsHeld: number;
  averageHoldingMs: number;
}

const plain = (d: Decimal): string => d.toFixed();

export function tradeStats(trades: readonly MetricTrade[]): TradeStats {
  const zero = new Decimal(0);
  let grossProfit = zero;
  let grossLoss = zero;
  let wins = 0;
  let losses = 0;
  let longs = 0;
  let best: Decimal | null = null;
  let worst: Decimal | null = null;
  let streakWins = 0;
  let streakLosses = 0;
  let maxWins = 0;
  let maxLosses = 0;
  let bars = 0;
  let holdingMs = 0;

  for (const t of trades) {
    const pnl = new Decimal(t.pnl);
    if (pnl.gt(0)) {
      wins++;
      grossProfit = grossProfit.plus(pnl);
      streakWins++;
      streakLosses = 0;
    } else if (pnl.lt(0)) {
      losses++;
      grossLoss = grossLoss.plus(pnl);
      streakLosses++;
      streakWins = 0;
    } else {
      streakWins = 0;
      streakLosses = 0;
    }
    maxWins = Math.max(maxWins, streakWins);
    maxLosses = Math.max(maxLosses, streakLosses);
    if (best === null || pnl.gt(best)) best = pnl;
    if (worst === null || pnl.lt(worst)) worst = pnl;
    if (t.side === 'long') longs++;
    bars += t.barsHeld;
    holdingMs += t.exitTimeMs - t.entryTimeMs;
  }

  const n = trades.length;
  const net = grossProfit.plus(grossLoss);
  const averageWin = wins > 0 ? grossProfit.div(wins) : null;
  const averageLoss = losses > 0 ? grossLoss.div(losses) : null;
  const payoffRatio = ratio(averageWin ?? zero, (averageLoss ?? zero).abs());
  const winRate = n > 0 ? wins / n : NaN;

  const useR = n > 0 && trades.every((t) => t.rMultiple !== undefined);
  const r = Float64Array.from(trades, (t) => (useR ? t.rMultiple! : t.return));
  const sqn = n < 2 ? NaN : (Math.sqrt(n) * nanmean(r)) / nanstd(r, 1);

  return {
    count: n,
    wins,
    losses,
    breakeven: n - wins - losses,
    longs,
    shorts: n - longs,
    winRate,
    netProfit: plain(net),
    grossProfit: plain(grossProfit),
    grossLoss: plain(grossLoss),
    profitFactor: ratio(grossProfit, grossLoss.abs()),
    expectancy: n > 0 ? plain(net.div(n)) : null,
    averageWin: averageWin && plain(averageWin),
    averageLoss: averageLoss && plain(averageLoss),
    payoffRatio,
    sqn,
    sqnBasis: n === 0 ? null : useR ? 'rMultiple' : 'return',
    kelly: winRate - (1 - winRate) / payoffRatio,
    bestTrade: best && plain(best),
    worstTrade: worst && plain(worst),
    maxConsecutiveWins: maxWins,
    maxConsecutiveLosses: maxLosses,
    averageBarsHeld: n > 0 ? bars / n : NaN,
    averageHoldingMs: n > 0 ? holdingMs / n : NaN,
  };
}

/** a / b of two non-negative money amounts as a float, with IEEE semantics for a zero divisor. */
function ratio(a: Decimal, b: Decimal): number {
  if (b.isZero()) return a.isZero() ? NaN : Infinity;
  return a.div(b).toNumber();
}

/**
 * Fraction of periods in the market. A number is taken as the fraction itself; a series counts the periods with a
 * non-zero, present value. NaN for an empty series.
 */
export function exposureFraction(exposure: number | ArrayLike<number>): number {
  if (typeof exposure === 'number') return exposure;
  if (exposure.length === 0) return NaN;
  let inMarket = 0;
  for (let i = 0; i < exposure.length; i++) {
    const v = exposure[i]!;
    if (v !== 0 && !Number.isNaN(v)) inMarket++;
  }
  return inMarket / exposure.length;
}

/** Traded notional over average equity for the whole run, and scaled to a year of `periodsPerYear` periods. */
export function turnover(
  tradedNotional: string,
  averageEquity: string,
  periods: number,
  periodsPerYear: number,
): { total: number; annual: number } {
  const total = new Decimal(tradedNotional).div(averageEquity).toNumber();
  return { total, annual: periods > 0 ? (total * periodsPerYear) / periods : NaN };
}
