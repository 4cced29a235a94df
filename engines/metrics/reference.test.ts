// Cross-check against empyrical-reloaded itself on real data: reference/empyrical-reference.json was written by
// reference/empyrical_reference.py in a pinned venv (regenerate: `npx tsx engines/metrics/reference/generate.ts`).
// Every statistic must agree to 1e-8 (absolute), NaN with NaN and infinities exactly.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseKlineCsv } from '../klines';
import { sharedDataPath } from '../klines/test-helpers/shared-data';
import {
  alphaBeta,
  annualReturn,
  annualVolatility,
  battingAverage,
  cagr,
  calmarRatio,
  capture,
  conditionalValueAtRisk,
  cumReturns,
  cumReturnsFinal,
  downAlphaBeta,
  downCapture,
  downsideRisk,
  drawdownSeries,
  excessSharpe,
  kurtosis,
  maxDrawdown,
  omegaRatio,
  rollMaxDrawdown,
  rollSharpeRatio,
  sharpeRatio,
  simpleReturns,
  skew,
  sortinoRatio,
  stabilityOfTimeseries,
  tailRatio,
  upAlphaBeta,
  upCapture,
  upDownCapture,
  valueAtRisk,
  annualizationFactor,
} from './index';
import { decode, decodeAll, expectAlmostEqual, reference, type SampledSeries } from './test-helpers/fixtures';

const TOLERANCE_DECIMALS = 8;

function expectClose(actual: number, expected: number, label: string): void {
  if (Number.isNaN(expected)) return expect(actual, label).toBeNaN();
  if (!Number.isFinite(expected)) return expect(actual, label).toBe(expected);
  expect(Math.abs(actual - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(10 ** -TOLERANCE_DECIMALS);
}

describe('inputs', () => {
  it('the fixture index returns are the simple returns of the shared CSV closes', () => {
    const text = new TextDecoder().decode(readFileSync(sharedDataPath('ashare/000001.SH_D.csv')));
    const parsed = parseKlineCsv(text);
    if (!parsed.ok) throw new Error('shared CSV did not parse');
    const mine = simpleReturns(parsed.bars.close.map(Number));
    const theirs = decodeAll(reference.inputs.index_returns!);
    expect(mine.length).toBe(theirs.length);
    // Same IEEE operations on the same doubles: bit-identical, not merely close.
    expect(Array.from(mine)).toEqual(Array.from(theirs));
  });
});

describe.each(Object.entries(reference.cases))('empyrical %s', (name, c) => {
  const r = decodeAll(reference.inputs[c.returns]!);
  const f = decodeAll(reference.inputs[c.factor]!);
  const ann = { period: c.options.period, annualization: c.options.annualization };
  const byPeriod = { period: c.options.period };
  const riskFree = c.options.risk_free ?? 0;
  const requiredReturn = c.options.required_return ?? 0;
  const factor = annualizationFactor(ann);
  const [a, b] = alphaBeta(r, f, { ...ann, riskFree });
  const [upA, upB] = upAlphaBeta(r, f, { ...ann, riskFree });
  const [downA, downB] = downAlphaBeta(r, f, { ...ann, riskFree });
  const batting = battingAverage(r, f);

  const scalars: Record<string, number> = {
    cum_returns_final: cumReturnsFinal(r),
    annual_return: annualReturn(r, ann),
    cagr: cagr(r, ann),
    annual_volatility: annualVolatility(r, ann),
    sharpe_ratio: sharpeRatio(r, { ...ann, riskFree }),
    sortino_ratio: sortinoRatio(r, { ...ann, requiredReturn }),
    downside_risk: downsideRisk(r, { ...ann, requiredReturn }),
    calmar_ratio: calmarRatio(r, ann),
    omega_ratio: omegaRatio(r, { riskFree, requiredReturn: 0.05, annualization: factor }),
    max_drawdown: maxDrawdown(r),
    stability_of_timeseries: stabilityOfTimeseries(r),
    tail_ratio: tailRatio(r),
    value_at_risk: valueAtRisk(r),
    value_at_risk_01: valueAtRisk(r, 0.01),
    conditional_value_at_risk: conditionalValueAtRisk(r),
    skew: skew(r),
    kurtosis: kurtosis(r),
    excess_sharpe: excessSharpe(r, f),
    alpha: a,
    beta: b,
    up_alpha: upA,
    up_beta: upB,
    down_alpha: downA,
    down_beta: downB,
    // empyrical's capture functions take only `period` (no annualization), so the 244-day case runs them at 'daily'.
    capture: capture(r, f, byPeriod),
    up_capture: upCapture(r, f, byPeriod),
    down_capture: downCapture(r, f, byPeriod),
    up_down_capture: upDownCapture(r, f, byPeriod),
    batting_average: batting.battingAverage,
    batting_up_market: batting.upMarket,
    batting_down_market: batting.downMarket,
  };

  const series: Record<string, Float64Array> = {
    cum_returns: cumReturns(r),
    drawdown_series: drawdownSeries(r),
    roll_sharpe_ratio_60: rollSharpeRatio(r, 60, ann),
    roll_max_drawdown_60: rollMaxDrawdown(r, 60),
  };

  it('covers every statistic the reference holds', () => {
    expect(Object.keys(c.expected).sort()).toEqual([...Object.keys(scalars), ...Object.keys(series)].sort());
  });

  it.each(Object.keys(scalars))('%s', (id) => {
    expectClose(scalars[id]!, decode(c.expected[id] as number), `${name}.${id}`);
  });

  it.each(Object.keys(series))('%s (sampled)', (id) => {
    const sampled = c.expected[id] as SampledSeries;
    const mine = series[id]!;
    expect(mine.length).toBe(sampled.length);
    sampled.values.forEach((v, k) => expectClose(mine[k * sampled.step]!, decode(v), `${name}.${id}[${k * sampled.step}]`));
  });

  it('reads the case as empyrical did (sanity of the harness)', () => {
    expectAlmostEqual(factor, c.options.annualization ?? (c.options.period === 'weekly' ? 52 : 252), 12);
  });
});
