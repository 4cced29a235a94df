import { describe, expect, it } from 'vitest';
import {
  computeMetrics,
  maxDrawdownDuration,
  maxDrawdownRecovery,
  MetricsInputError,
  sharpeRatio,
  type MetricsInput,
} from './index';
import { decode, decodeAll, reference } from './test-helpers/fixtures';

const strategy = decodeAll(reference.inputs.strategy_returns!);
const index = decodeAll(reference.inputs.index_returns!);
const expected = reference.cases.strategy_vs_index_daily!.expected;

const trades: MetricsInput['trades'] = [
  { pnl: '1200.50', return: 0.012, entryTimeMs: 0, exitTimeMs: 86_400_000, side: 'long', barsHeld: 1 },
  { pnl: '-300', return: -0.003, entryTimeMs: 86_400_000, exitTimeMs: 5 * 86_400_000, side: 'long', barsHeld: 4 },
];

const full = (): MetricsInput => ({
  returns: strategy,
  periodsPerYear: 252,
  benchmarkReturns: index,
  trades,
  exposure: strategy.map((r) => (r === 0 ? 0 : 1)),
  turnover: { tradedNotional: '5000000', averageEquity: '1250000' },
});

describe('computeMetrics', () => {
  const m = computeMetrics(full());

  it('gives at least 30 metrics with unique ids, in a list and by id', () => {
    expect(m.list.length).toBeGreaterThanOrEqual(30);
    expect(new Set(m.list.map((x) => x.id)).size).toBe(m.list.length);
    for (const x of m.list) expect(m.byId[x.id]).toBe(x);
  });

  it('matches empyrical on real returns (1e-8) for the statistics it shares', () => {
    const pairs: Array<[string, string]> = [
      ['total_return', 'cum_returns_final'],
      ['annual_return', 'annual_return'],
      ['annual_volatility', 'annual_volatility'],
      ['sharpe_ratio', 'sharpe_ratio'],
      ['sortino_ratio', 'sortino_ratio'],
      ['downside_risk', 'downside_risk'],
      ['calmar_ratio', 'calmar_ratio'],
      ['max_drawdown', 'max_drawdown'],
      ['stability_of_timeseries', 'stability_of_timeseries'],
      ['tail_ratio', 'tail_ratio'],
      ['value_at_risk', 'value_at_risk'],
      ['conditional_value_at_risk', 'conditional_value_at_risk'],
      ['skew', 'skew'],
      ['kurtosis', 'kurtosis'],
      ['alpha', 'alpha'],
      ['beta', 'beta'],
      ['excess_sharpe', 'excess_sharpe'],
      ['capture', 'capture'],
      ['up_capture', 'up_capture'],
      ['down_capture', 'down_capture'],
      ['batting_average', 'batting_average'],
    ];
    for (const [id, ref] of pairs) {
      const v = m.byId[id]!.value as number;
      expect(Math.abs(v - decode(expected[ref] as number)), id).toBeLessThanOrEqual(1e-8);
    }
  });

  it('states the annualisation on every annualised metric', () => {
    expect(m.annualization).toBe(252);
    for (const id of ['annual_return', 'annual_volatility', 'sharpe_ratio', 'sortino_ratio', 'calmar_ratio', 'alpha', 'annual_turnover']) {
      expect(m.byId[id]!.annualization, id).toBe(252);
    }
    expect(m.byId.max_drawdown!.annualization).toBeUndefined();
  });

  it('reports money as decimal strings and trade counts as numbers', () => {
    expect(m.byId.net_profit).toMatchObject({ value: '900.5', unit: 'money' });
    expect(m.byId.expectancy!.value).toBe('450.25');
    expect(m.byId.trade_count).toMatchObject({ value: 2, unit: 'count' });
    expect(m.byId.average_holding_ms).toMatchObject({ value: 2.5 * 86_400_000, unit: 'ms' });
    expect(m.byId.turnover!.value).toBe(4);
    expect(m.byId.annual_turnover!.value).toBeCloseTo((4 * 252) / strategy.length, 14);
    const inMarket = strategy.filter((r) => r !== 0).length / strategy.length;
    expect(m.byId.exposure!.value).toBe(inMarket);
  });

  it('is deterministic: the same input gives byte-identical output', () => {
    expect(JSON.stringify(computeMetrics(full()))).toBe(JSON.stringify(m));
  });

  it('de-annualises the risk-free rate by compounding before handing it to sharpe', () => {
    const withRf = computeMetrics({ returns: strategy, periodsPerYear: 252, riskFreeRate: 0.03 });
    const perPeriod = 1.03 ** (1 / 252) - 1;
    expect(withRf.riskFreePerPeriod).toBe(perPeriod);
    expect(withRf.byId.sharpe_ratio!.value).toBe(sharpeRatio(strategy, { riskFree: perPeriod, annualization: 252 }));
  });

  it('leaves the benchmark, exposure and turnover rows out when not given', () => {
    const bare = computeMetrics({ returns: strategy, periodsPerYear: 252 });
    for (const id of ['alpha', 'beta', 'up_capture', 'exposure', 'turnover']) expect(bare.byId[id], id).toBeUndefined();
    expect(bare.byId.trade_count!.value).toBe(0);
  });
});

describe('computeMetrics edge cases: non-finite results are null with an explicit marker', () => {
  it('empty returns: NaN everywhere empyrical gives NaN', () => {
    const m = computeMetrics({ returns: [], periodsPerYear: 252 });
    expect(m.byId.total_return).toMatchObject({ value: null, nonFinite: 'NaN', note: 'no periods' });
    expect(m.byId.sharpe_ratio).toMatchObject({ value: null, nonFinite: 'NaN' });
    expect(m.byId.max_drawdown).toMatchObject({ value: null, nonFinite: 'NaN' });
    expect(m.byId.win_rate).toMatchObject({ value: null, nonFinite: 'NaN', note: 'no trades' });
  });

  it('a constant positive return: Sharpe and Sortino are +Infinity, Calmar NaN (no drawdown)', () => {
    const m = computeMetrics({ returns: Array(20).fill(0.001), periodsPerYear: 252 });
    expect(m.byId.sharpe_ratio).toMatchObject({ value: null, nonFinite: 'Infinity' });
    expect(m.byId.sharpe_ratio!.note).toMatch(/zero volatility/);
    expect(m.byId.sortino_ratio).toMatchObject({ value: null, nonFinite: 'Infinity', note: 'no period below the required return' });
    expect(m.byId.calmar_ratio).toMatchObject({ value: null, nonFinite: 'NaN', note: 'no drawdown' });
    expect(m.byId.max_drawdown!.value).toBe(0);
    expect(m.byId.max_drawdown_duration!.value).toBe(0);
  });

  it('all-zero returns: Sharpe NaN (0/0), not Infinity', () => {
    const m = computeMetrics({ returns: new Float64Array(30), periodsPerYear: 252 });
    expect(m.byId.sharpe_ratio).toMatchObject({ value: null, nonFinite: 'NaN' });
  });

  it('a drawdown not yet recovered has a null recovery and says so', () => {
    const m = computeMetrics({ returns: [0.1, -0.5, 0.2], periodsPerYear: 252 });
    expect(m.byId.max_drawdown_recovery).toMatchObject({ value: null, note: 'not recovered by the last period' });
    expect(m.byId.max_drawdown_recovery!.nonFinite).toBeUndefined();
    expect(m.byId.max_drawdown_duration!.value).toBe(2);
  });

  it('missing periods: VaR / skew follow empyrical (NaN), the nan-aware ones still compute', () => {
    const m = computeMetrics({ returns: [0.01, NaN, -0.02, 0.03, -0.01], periodsPerYear: 252 });
    expect(m.byId.value_at_risk!.nonFinite).toBe('NaN');
    expect(m.byId.skew!.nonFinite).toBe('NaN');
    expect(typeof m.byId.sharpe_ratio!.value).toBe('number');
    expect(typeof m.byId.conditional_value_at_risk!.value).toBe('number');
  });
});

describe('drawdown duration and recovery', () => {
  it('measure the longest spell under water and the climb back from the deepest trough', () => {
    // wealth 1 → 1.1 → 0.55 → 0.66 → 1.32 → 1.188: under water from position 1 to 4, then again from 4 on.
    const r = [0.1, -0.5, 0.2, 1.0, -0.1];
    expect(maxDrawdownDuration(r)).toBe(3);
    expect(maxDrawdownRecovery(r)).toBe(2);
  });

  it('a loss on the first period is measured from the starting value', () => {
    expect(maxDrawdownDuration([-0.1, 0.2])).toBe(2);
    expect(maxDrawdownRecovery([-0.1, 0.2])).toBe(1);
  });

  it('no drawdown gives 0; an empty series NaN', () => {
    expect(maxDrawdownDuration([0.01, 0.02])).toBe(0);
    expect(maxDrawdownRecovery([0.01, 0.02])).toBe(0);
    expect(maxDrawdownDuration([])).toBeNaN();
    expect(maxDrawdownRecovery([])).toBeNaN();
  });
});

describe('computeMetrics input validation names the field', () => {
  const bad = (input: unknown) => {
    try {
      computeMetrics(input as MetricsInput);
    } catch (e) {
      expect(e).toBeInstanceOf(MetricsInputError);
      return (e as Error).message;
    }
    throw new Error('expected a MetricsInputError');
  };

  it('refuses infinite returns but accepts NaN', () => {
    expect(bad({ returns: [0.01, 0.02, Infinity], periodsPerYear: 252 })).toMatch(/returns\[2\]: expected a finite number or NaN/);
    expect(() => computeMetrics({ returns: [0.01, NaN], periodsPerYear: 252 })).not.toThrow();
  });

  it('refuses a benchmark or exposure series of another length', () => {
    expect(bad({ returns: [0.01, 0.02], benchmarkReturns: [0.01], periodsPerYear: 252 })).toMatch(/benchmarkReturns: has 1 values but returns has 2/);
    expect(bad({ returns: [0.01, 0.02], exposure: [1], periodsPerYear: 252 })).toMatch(/exposure: has 1 values/);
  });

  it('refuses bad trades and a bad annualisation', () => {
    expect(bad({ returns: [], periodsPerYear: 252, trades: [{ ...trades[0], pnl: '12,5' }] })).toMatch(/trades\[0\]\.pnl: expected a decimal/);
    expect(bad({ returns: [], periodsPerYear: 252, trades: [{ ...trades[0], exitTimeMs: -1 }] })).toMatch(/trades\[0\]\.exitTimeMs: exitTimeMs is before entryTimeMs/);
    expect(bad({ returns: [], periodsPerYear: 0 })).toMatch(/periodsPerYear/);
    expect(bad({ returns: 'x', periodsPerYear: 252 })).toMatch(/returns: expected an array/);
  });
});
