// One table of metrics for a backtest report: the empyrical statistics of the return series (statistical floats), the
// benchmark-relative ones when a benchmark is given, and the trade statistics (money as decimal strings).
import { alphaBeta, battingAverage, capture, downCapture, excessSharpe, upCapture, upDownCapture } from './benchmark';
import { calmarRatio, maxDrawdown, maxDrawdownDuration, maxDrawdownRecovery } from './drawdown';
import { annualReturn, bestPeriod, cumReturnsFinal, positivePeriodsRatio, stabilityOfTimeseries, worstPeriod } from './returns';
import {
  annualVolatility,
  conditionalValueAtRiskOfSorted,
  downsideRisk,
  kurtosis,
  omegaRatio,
  sharpeRatio,
  skew,
  sortinoRatio,
  tailRatioOfSorted,
} from './risk';
import { dropNaN, percentileOfSorted } from './nan-stats';
import { parseMetricsInput, type MetricsInput } from './schema';
import { exposureFraction, tradeStats, turnover } from './trades';

/** `pct` values are fractions (0.12 means 12 %); the renderer scales them. */
export type MetricUnit = 'ratio' | 'pct' | 'money' | 'count' | 'periods' | 'ms';
export type MetricGroup = 'returns' | 'risk' | 'drawdown' | 'benchmark' | 'trades';

export interface Metric {
  id: string;
  label: string;
  group: MetricGroup;
  /** A finite number, a decimal string for money, or null when undefined or not finite (see `nonFinite` and `note`). */
  value: number | string | null;
  unit: MetricUnit;
  /** Periods per year the value was annualised with, on annualised metrics. */
  annualization?: number;
  /** The raw float when it was not finite: the value empyrical returns, kept explicit rather than hidden in null. */
  nonFinite?: 'NaN' | 'Infinity' | '-Infinity';
  note?: string;
}

export interface Metrics {
  /** Periods per year used for every annualised figure. */
  annualization: number;
  /** Per-period risk-free return derived from the annual rate, as passed to the empyrical functions. */
  riskFreePerPeriod: number;
  list: Metric[];
  byId: Record<string, Metric>;
}

type Spec = Omit<Metric, 'value' | 'nonFinite'> & { value: number | string | null; whenNaN?: string; whenInfinite?: string };

function finish(spec: Spec): Metric {
  const { whenNaN, whenInfinite, ...m } = spec;
  const v = m.value;
  if (typeof v !== 'number' || Number.isFinite(v)) return m;
  const nonFinite = Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  const reason = Number.isNaN(v) ? whenNaN : whenInfinite;
  return { ...m, value: null, nonFinite, note: [m.note, reason ?? `not finite (${nonFinite})`].filter(Boolean).join('; ') };
}

/**
 * Validates the input (throws MetricsInputError naming the field) and computes every metric. Pure and deterministic:
 * the same input gives the same output, in the same order.
 */
export function computeMetrics(raw: MetricsInput): Metrics {
  const input = parseMetricsInput(raw);
  const r = input.returns;
  const ann = input.periodsPerYear;
  const opts = { annualization: ann };
  // Compounded de-annualisation, the same conversion empyrical applies to omega's annual required return.
  const rf = (1 + input.riskFreeRate) ** (1 / ann) - 1;
  const mar = input.requiredReturn;
  const specs: Spec[] = [];
  const add = (s: Spec) => specs.push(s);
  const short = 'needs at least two periods';

  // Returns
  add({ id: 'total_return', label: 'Total return', group: 'returns', unit: 'pct', value: cumReturnsFinal(r), whenNaN: 'no periods' });
  add({ id: 'annual_return', label: 'Annual return (CAGR)', group: 'returns', unit: 'pct', annualization: ann, value: annualReturn(r, opts), whenNaN: 'no periods or wealth below zero' });
  add({ id: 'best_period', label: 'Best period', group: 'returns', unit: 'pct', value: bestPeriod(r), whenNaN: 'no periods' });
  add({ id: 'worst_period', label: 'Worst period', group: 'returns', unit: 'pct', value: worstPeriod(r), whenNaN: 'no periods' });
  add({ id: 'positive_periods', label: 'Positive periods', group: 'returns', unit: 'pct', value: positivePeriodsRatio(r), whenNaN: 'no periods' });
  add({ id: 'stability_of_timeseries', label: 'Stability (R² of log equity)', group: 'returns', unit: 'ratio', value: stabilityOfTimeseries(r), whenNaN: short });

  // Risk and risk-adjusted return
  add({ id: 'annual_volatility', label: 'Annual volatility', group: 'risk', unit: 'pct', annualization: ann, value: annualVolatility(r, opts), whenNaN: short });
  add({ id: 'sharpe_ratio', label: 'Sharpe ratio', group: 'risk', unit: 'ratio', annualization: ann, value: sharpeRatio(r, { ...opts, riskFree: rf }), whenNaN: `${short} and a non-zero mean excess return`, whenInfinite: 'zero volatility with a non-zero mean excess return' });
  add({ id: 'sortino_ratio', label: 'Sortino ratio', group: 'risk', unit: 'ratio', annualization: ann, value: sortinoRatio(r, { ...opts, requiredReturn: mar }), whenNaN: `${short}, or no shortfall and a zero mean`, whenInfinite: 'no period below the required return' });
  add({ id: 'downside_risk', label: 'Downside risk', group: 'risk', unit: 'pct', annualization: ann, value: downsideRisk(r, { ...opts, requiredReturn: mar }), whenNaN: 'no periods' });
  add({ id: 'omega_ratio', label: 'Omega ratio', group: 'risk', unit: 'ratio', annualization: ann, value: omegaRatio(r, { riskFree: rf, annualization: ann }), whenNaN: `${short} and a period below the threshold` });
  // One sort of the present returns serves the tail ratio, VaR and CVaR (three sorts were most of the time on 240k bars).
  const sortedPresent = dropNaN(r).sort();
  add({ id: 'tail_ratio', label: 'Tail ratio (95th / 5th pct)', group: 'risk', unit: 'ratio', value: r.length < 1 ? NaN : tailRatioOfSorted(sortedPresent), whenNaN: 'no periods, or both tails zero', whenInfinite: 'the 5th percentile is zero' });
  add({ id: 'value_at_risk', label: 'VaR (5 %, per period)', group: 'risk', unit: 'pct', value: r.length < 1 || sortedPresent.length < r.length ? NaN : percentileOfSorted(sortedPresent, 5), whenNaN: 'no periods, or a missing period (empyrical does not skip NaN here)' });
  add({ id: 'conditional_value_at_risk', label: 'CVaR (5 %, per period)', group: 'risk', unit: 'pct', value: conditionalValueAtRiskOfSorted(sortedPresent), whenNaN: 'no periods' });
  add({ id: 'skew', label: 'Skew', group: 'risk', unit: 'ratio', value: skew(r), whenNaN: 'no periods, a missing period, or no spread' });
  add({ id: 'kurtosis', label: 'Excess kurtosis', group: 'risk', unit: 'ratio', value: kurtosis(r), whenNaN: 'no periods, a missing period, or no spread' });

  // Drawdown
  add({ id: 'max_drawdown', label: 'Max drawdown', group: 'drawdown', unit: 'pct', value: maxDrawdown(r), whenNaN: 'no periods' });
  add({ id: 'calmar_ratio', label: 'Calmar ratio', group: 'drawdown', unit: 'ratio', annualization: ann, value: calmarRatio(r, opts), whenNaN: 'no drawdown' });
  add({ id: 'max_drawdown_duration', label: 'Longest drawdown', group: 'drawdown', unit: 'periods', value: maxDrawdownDuration(r), whenNaN: 'no periods', note: 'peak to recovery, or to the last period if not recovered' });
  const recovery = maxDrawdownRecovery(r);
  add({
    id: 'max_drawdown_recovery',
    label: 'Max drawdown recovery',
    group: 'drawdown',
    unit: 'periods',
    value: recovery,
    whenNaN: 'no periods',
    note: recovery === null ? 'not recovered by the last period' : 'trough of the deepest drawdown back to its peak',
  });

  // Benchmark
  const bench = input.benchmarkReturns;
  if (bench) {
    const [a, b] = alphaBeta(r, bench, { ...opts, riskFree: rf });
    const batting = battingAverage(r, bench);
    add({ id: 'benchmark_return', label: 'Benchmark total return', group: 'benchmark', unit: 'pct', value: cumReturnsFinal(bench), whenNaN: 'no periods' });
    add({ id: 'alpha', label: 'Alpha (annualised)', group: 'benchmark', unit: 'pct', annualization: ann, value: a, whenNaN: `${short} with benchmark variance` });
    add({ id: 'beta', label: 'Beta', group: 'benchmark', unit: 'ratio', value: b, whenNaN: `${short} with benchmark variance` });
    add({ id: 'excess_sharpe', label: 'Information ratio (excess Sharpe, per period)', group: 'benchmark', unit: 'ratio', value: excessSharpe(r, bench), whenNaN: `${short} with a tracking error`, whenInfinite: 'constant non-zero active return' });
    add({ id: 'capture', label: 'Capture ratio', group: 'benchmark', unit: 'ratio', annualization: ann, value: capture(r, bench, opts), whenNaN: 'undefined annual returns' });
    add({ id: 'up_capture', label: 'Up capture', group: 'benchmark', unit: 'ratio', annualization: ann, value: upCapture(r, bench, opts), whenNaN: 'no period with a rising benchmark' });
    add({ id: 'down_capture', label: 'Down capture', group: 'benchmark', unit: 'ratio', annualization: ann, value: downCapture(r, bench, opts), whenNaN: 'no period with a falling benchmark' });
    add({ id: 'up_down_capture', label: 'Up / down capture', group: 'benchmark', unit: 'ratio', annualization: ann, value: upDownCapture(r, bench, opts), whenNaN: 'up or down capture undefined' });
    add({ id: 'batting_average', label: 'Batting average', group: 'benchmark', unit: 'pct', value: batting.battingAverage, whenNaN: 'no paired periods' });
  }

  // Trades
  const t = tradeStats(input.trades);
  const none = 'no trades';
  add({ id: 'trade_count', label: 'Trades', group: 'trades', unit: 'count', value: t.count, note: `${t.longs} long, ${t.shorts} short` });
  add({ id: 'win_rate', label: 'Win rate', group: 'trades', unit: 'pct', value: t.winRate, whenNaN: none, note: t.breakeven ? `${t.breakeven} break-even trades count as neither` : undefined });
  add({ id: 'net_profit', label: 'Net profit', group: 'trades', unit: 'money', value: t.netProfit });
  add({ id: 'gross_profit', label: 'Gross profit', group: 'trades', unit: 'money', value: t.grossProfit });
  add({ id: 'gross_loss', label: 'Gross loss', group: 'trades', unit: 'money', value: t.grossLoss });
  add({ id: 'profit_factor', label: 'Profit factor', group: 'trades', unit: 'ratio', value: t.profitFactor, whenNaN: 'no winning or losing trades', whenInfinite: 'no losing trades' });
  add({ id: 'expectancy', label: 'Expectancy per trade', group: 'trades', unit: 'money', value: t.expectancy, note: t.expectancy === null ? none : undefined });
  add({ id: 'average_win', label: 'Average win', group: 'trades', unit: 'money', value: t.averageWin, note: t.averageWin === null ? 'no winning trades' : undefined });
  add({ id: 'average_loss', label: 'Average loss', group: 'trades', unit: 'money', value: t.averageLoss, note: t.averageLoss === null ? 'no losing trades' : undefined });
  add({ id: 'payoff_ratio', label: 'Payoff ratio', group: 'trades', unit: 'ratio', value: t.payoffRatio, whenNaN: 'no winning or losing trades', whenInfinite: 'no losing trades' });
  add({ id: 'best_trade', label: 'Best trade', group: 'trades', unit: 'money', value: t.bestTrade, note: t.bestTrade === null ? none : undefined });
  add({ id: 'worst_trade', label: 'Worst trade', group: 'trades', unit: 'money', value: t.worstTrade, note: t.worstTrade === null ? none : undefined });
  add({ id: 'max_consecutive_wins', label: 'Max consecutive wins', group: 'trades', unit: 'count', value: t.maxConsecutiveWins });
  add({ id: 'max_consecutive_losses', label: 'Max consecutive losses', group: 'trades', unit: 'count', value: t.maxConsecutiveLosses });
  add({ id: 'sqn', label: 'SQN', group: 'trades', unit: 'ratio', value: t.sqn, note: t.sqnBasis ? `from trade ${t.sqnBasis === 'rMultiple' ? 'R-multiples' : 'returns'}` : undefined, whenNaN: 'needs at least two trades with spread', whenInfinite: 'identical trade results' });
  add({ id: 'kelly_criterion', label: 'Kelly criterion', group: 'trades', unit: 'pct', value: t.kelly, whenNaN: 'no winning or losing trades', whenInfinite: 'no winning trades' });
  add({ id: 'average_holding_bars', label: 'Average holding (bars)', group: 'trades', unit: 'periods', value: t.averageBarsHeld, whenNaN: none });
  add({ id: 'average_holding_ms', label: 'Average holding time', group: 'trades', unit: 'ms', value: t.averageHoldingMs, whenNaN: none });
  if (input.exposure !== undefined) {
    add({ id: 'exposure', label: 'Exposure (time in market)', group: 'trades', unit: 'pct', value: exposureFraction(input.exposure), whenNaN: 'no periods' });
  }
  if (input.turnover) {
    const to = turnover(input.turnover.tradedNotional, input.turnover.averageEquity, r.length, ann);
    add({ id: 'turnover', label: 'Turnover (traded / average equity)', group: 'trades', unit: 'ratio', value: to.total });
    add({ id: 'annual_turnover', label: 'Annual turnover', group: 'trades', unit: 'ratio', annualization: ann, value: to.annual, whenNaN: 'no periods' });
  }

  const list = specs.map(finish);
  return { annualization: ann, riskFreePerPeriod: rf, list, byId: Object.fromEntries(list.map((m) => [m.id, m])) };
}
