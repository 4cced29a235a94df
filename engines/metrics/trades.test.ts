import { describe, expect, it } from 'vitest';
import { exposureFraction, tradeStats, turnover, type MetricTrade } from './index';

const DAY = 86_400_000;
const trade = (pnl: string, ret: number, extra: Partial<MetricTrade> = {}): MetricTrade => ({
  pnl,
  return: ret,
  entryTimeMs: 0,
  exitTimeMs: 2 * DAY,
  side: 'long',
  barsHeld: 2,
  ...extra,
});

// Win, loss, win, break-even, loss, loss, win — worked by hand below.
const book: MetricTrade[] = [
  trade('120.50', 0.012, { barsHeld: 3, exitTimeMs: 3 * DAY }),
  trade('-40.25', -0.004, { side: 'short', barsHeld: 1, exitTimeMs: DAY }),
  trade('80.00', 0.008),
  trade('0', 0),
  trade('-60.75', -0.006, { barsHeld: 5, exitTimeMs: 5 * DAY }),
  trade('-10', -0.001),
  trade('30.10', 0.003, { side: 'short' }),
];

describe('tradeStats', () => {
  const s = tradeStats(book);

  it('counts wins, losses and break-evens separately', () => {
    expect([s.count, s.wins, s.losses, s.breakeven, s.longs, s.shorts]).toEqual([7, 3, 3, 1, 5, 2]);
    expect(s.winRate).toBe(3 / 7);
  });

  it('sums money exactly in decimal', () => {
    expect(s.grossProfit).toBe('230.6');
    expect(s.grossLoss).toBe('-111');
    expect(s.netProfit).toBe('119.6');
    expect(s.expectancy).toBe('17.085714285714285714');
    expect(s.averageWin).toBe('76.866666666666666667');
    expect(s.averageLoss).toBe('-37');
    expect(s.bestTrade).toBe('120.5');
    expect(s.worstTrade).toBe('-60.75');
  });

  it('adds cents without float drift', () => {
    const cents = tradeStats(Array.from({ length: 10 }, () => trade('0.1', 0.001)));
    expect(cents.netProfit).toBe('1');
    expect(cents.expectancy).toBe('0.1');
  });

  it('gives the ratios as floats', () => {
    expect(s.profitFactor).toBeCloseTo(230.6 / 111, 14);
    expect(s.payoffRatio).toBeCloseTo(230.6 / 3 / 37, 14);
    expect(s.kelly).toBeCloseTo(0.15351257588898526, 14);
    // numpy: sqrt(7) * mean(r) / std(r, ddof=1)
    expect(s.sqn).toBeCloseTo(0.7034524581126592, 14);
    expect(s.sqnBasis).toBe('return');
  });

  it('a break-even trade ends both streaks', () => {
    expect(s.maxConsecutiveWins).toBe(1);
    expect(s.maxConsecutiveLosses).toBe(2);
    const streaky = tradeStats(['1', '2', '3', '0', '4', '-1', '-1', '-1', '-1', '5'].map((p) => trade(p, Number(p) / 100)));
    expect(streaky.maxConsecutiveWins).toBe(3);
    expect(streaky.maxConsecutiveLosses).toBe(4);
  });

  it('averages holding time in bars and milliseconds', () => {
    expect(s.averageBarsHeld).toBe((3 + 1 + 2 + 2 + 5 + 2 + 2) / 7);
    expect(s.averageHoldingMs).toBe(((3 + 1 + 2 + 2 + 5 + 2 + 2) * DAY) / 7);
  });

  it('uses R-multiples for SQN only when every trade has one', () => {
    const withR = tradeStats([trade('10', 0.01, { rMultiple: 1 }), trade('-5', -0.005, { rMultiple: -0.5 }), trade('20', 0.02, { rMultiple: 2 })]);
    expect(withR.sqnBasis).toBe('rMultiple');
    const m = (1 - 0.5 + 2) / 3;
    const sd = Math.sqrt(((1 - m) ** 2 + (-0.5 - m) ** 2 + (2 - m) ** 2) / 2);
    expect(withR.sqn).toBeCloseTo((Math.sqrt(3) * m) / sd, 14);
    const partial = tradeStats([trade('10', 0.01, { rMultiple: 1 }), trade('-5', -0.005)]);
    expect(partial.sqnBasis).toBe('return');
  });

  it('no losing trades: profit factor and payoff are +Infinity, Kelly is the win rate', () => {
    const allWins = tradeStats([trade('5', 0.005), trade('7', 0.007), trade('0', 0)]);
    expect(allWins.profitFactor).toBe(Infinity);
    expect(allWins.payoffRatio).toBe(Infinity);
    expect(allWins.kelly).toBe(2 / 3);
    expect(allWins.averageLoss).toBeNull();
  });

  it('no winning trades: payoff 0 and Kelly -Infinity; identical results give an infinite SQN', () => {
    const allLosses = tradeStats([trade('-5', -0.005), trade('-5', -0.005)]);
    expect(allLosses.profitFactor).toBe(0);
    expect(allLosses.payoffRatio).toBe(0);
    expect(allLosses.kelly).toBe(-Infinity);
    expect(allLosses.sqn).toBe(-Infinity);
  });

  it('no trades: counts are zero, ratios NaN, money amounts null or zero', () => {
    const empty = tradeStats([]);
    expect(empty.count).toBe(0);
    expect(empty.netProfit).toBe('0');
    expect(empty.expectancy).toBeNull();
    expect(empty.bestTrade).toBeNull();
    for (const v of [empty.winRate, empty.profitFactor, empty.payoffRatio, empty.kelly, empty.sqn, empty.averageBarsHeld]) expect(v).toBeNaN();
    expect(empty.sqnBasis).toBeNull();
  });
});

describe('exposure and turnover', () => {
  it('counts non-zero, present periods as in the market', () => {
    expect(exposureFraction([0, 0.5, -1, 0, NaN, 1])).toBe(3 / 6);
    expect(exposureFraction(0.25)).toBe(0.25);
    expect(exposureFraction([])).toBeNaN();
  });

  it('turnover is traded notional over average equity, annualised by periods', () => {
    const t = turnover('3000000', '1000000', 504, 252);
    expect(t.total).toBe(3);
    expect(t.annual).toBe(1.5);
  });
});
