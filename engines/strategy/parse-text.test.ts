import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../backtest';
import { compileSpec } from './compile';
import { parseStrategyText } from './parse-text';
import type { StrategySpec } from './spec';
import { dailyBars } from './test-helpers/data';

const smaCross = (fast: number, slow: number) => ({
  indicators: [
    { id: `sma${fast}`, indicator: 'sma', params: { period: fast } },
    { id: `sma${slow}`, indicator: 'sma', params: { period: slow } },
  ],
  long: {
    entry: { op: 'crossAbove', left: `sma${fast}`, right: `sma${slow}` },
    exit: { op: 'crossBelow', left: `sma${fast}`, right: `sma${slow}` },
  },
});
const rsi3070 = {
  indicators: [{ id: 'rsi14', indicator: 'rsi', params: { period: 14 } }],
  long: { entry: { op: 'lt', left: 'rsi14', right: 30 }, exit: { op: 'gt', left: 'rsi14', right: 70 } },
};
const macdCross = (fast = 12, slow = 26, signal = 9) => ({
  indicators: [{ id: 'macd', indicator: 'macd', params: { fast, slow, signal } }],
  long: {
    entry: { op: 'crossAbove', left: 'macd.macd', right: 'macd.signal' },
    exit: { op: 'crossBelow', left: 'macd.macd', right: 'macd.signal' },
  },
});
const bollBreakout = {
  indicators: [{ id: 'boll', indicator: 'bollinger', params: { period: 20, devUp: 2, devDown: 2 } }],
  long: {
    entry: { op: 'crossAbove', left: 'close', right: 'boll.upper' },
    exit: { op: 'crossBelow', left: 'close', right: 'boll.middle' },
  },
};
const channel = (n: number, m: number) => ({
  indicators: [
    { id: `hh${n}`, indicator: 'highest', params: { period: n }, source: 'high' },
    { id: `ll${m}`, indicator: 'lowest', params: { period: m }, source: 'low' },
  ],
  long: {
    entry: { op: 'gt', left: 'close', right: { ref: `hh${n}`, offset: 1 } },
    exit: { op: 'lt', left: 'close', right: { ref: `ll${m}`, offset: 1 } },
  },
});
const full = { kind: 'percentEquity', percent: 100 };

/** Every example in PHRASES.md's "Tested examples" table, with the spec it must give. */
const EXAMPLES: Record<string, Partial<Record<keyof StrategySpec, unknown>>> = {
  'buy when 5-day MA crosses above 20-day MA, stop loss 5%': { ...smaCross(5, 20), stopLoss: { kind: 'percent', percent: 5 }, sizing: full },
  'buy when the 10 day EMA crosses over the 30 day EMA, sell when it crosses under': {
    indicators: [
      { id: 'ema10', indicator: 'ema', params: { period: 10 } },
      { id: 'ema30', indicator: 'ema', params: { period: 30 } },
    ],
    long: { entry: { op: 'crossAbove', left: 'ema10', right: 'ema30' }, exit: { op: 'crossBelow', left: 'ema10', right: 'ema30' } },
  },
  'when the 5-day MA crosses above the 20-day MA, buy': smaCross(5, 20),
  'sell when RSI(14) above 70, buy below 30': rsi3070,
  'buy when RSI(14) below 30, sell when RSI above 70': rsi3070,
  'RSI oversold buy, overbought sell': rsi3070,
  'MACD golden cross buy, death cross sell': macdCross(),
  'buy when MACD(8,21,5) crosses above the signal line': macdCross(8, 21, 5),
  'buy when price breaks above the upper Bollinger band, sell when it falls below the middle band': bollBreakout,
  'buy on a 20-day high breakout, sell on a 10-day low': channel(20, 10),
  'buy when close crosses above 50-day SMA, take profit 10%, trailing stop 3%': {
    indicators: [{ id: 'sma50', indicator: 'sma', params: { period: 50 } }],
    long: { entry: { op: 'crossAbove', left: 'close', right: 'sma50' }, exit: { op: 'crossBelow', left: 'close', right: 'sma50' } },
    takeProfit: { kind: 'percent', percent: 10 },
    trailingStop: { kind: 'percent', percent: 3 },
  },
  'buy when 5-day MA crosses above 20-day MA, use 50% of equity': { ...smaCross(5, 20), sizing: { kind: 'percentEquity', percent: 50 } },
  'buy when MA5 crosses above MA20, stop loss 2 ATR': { ...smaCross(5, 20), stopLoss: { kind: 'atr', multiple: 2, period: 14 } },
  'on 5-minute bars, buy when EMA 12 crosses above EMA 26': {
    timeframe: '5m',
    long: { entry: { op: 'crossAbove', left: 'ema12', right: 'ema26' }, exit: { op: 'crossBelow', left: 'ema12', right: 'ema26' } },
  },
  '5日均线上穿20日均线买入，止损5%': { ...smaCross(5, 20), stopLoss: { kind: 'percent', percent: 5 } },
  '5日均线下穿20日均线卖出，5日均线上穿20日均线买入': smaCross(5, 20),
  'MACD金叉买入，死叉卖出': macdCross(),
  'RSI(14)低于30买入，高于70卖出': rsi3070,
  '布林带突破上轨买入': bollBreakout,
  '布林带突破上轨买入，跌破中轨卖出': bollBreakout,
  '突破20日高点买入，跌破10日低点卖出，止损2倍ATR': { ...channel(20, 10), stopLoss: { kind: 'atr', multiple: 2, period: 14 } },
  '收盘价上穿60日均线买入，止盈15%，移动止损5%': {
    long: { entry: { op: 'crossAbove', left: 'close', right: 'sma60' }, exit: { op: 'crossBelow', left: 'close', right: 'sma60' } },
    takeProfit: { kind: 'percent', percent: 15 },
    trailingStop: { kind: 'percent', percent: 5 },
  },
  '5日线上穿20日线买入，半仓': { ...smaCross(5, 20), sizing: { kind: 'percentEquity', percent: 50 } },
  '10日均线金叉30日均线买入，仓位30%': { ...smaCross(10, 30), sizing: { kind: 'percentEquity', percent: 30 } },
  'A股，5日均线上穿10日均线买入': { ...smaCross(5, 10), market: 'ashare' },
};

const REFUSED: Record<string, RegExp> = {
  'buy low sell high': /no buy rule/,
  'sell when RSI above 70': /only sell rules/,
  做空: /short selling/,
};

function documentedExamples(): { tested: string[]; refused: string[] } {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const md = readFileSync(path.join(here, 'PHRASES.md'), 'utf8');
  const section = md.slice(md.indexOf('## Tested examples'));
  const [tested, refused] = section.split('Refused') as [string, string];
  const texts = (s: string) => [...s.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
  return { tested: texts(tested), refused: texts(refused) };
}

describe('parseStrategyText: documented examples', () => {
  const docs = documentedExamples();

  it('PHRASES.md and this test list the same examples', () => {
    expect(docs.tested.length).toBeGreaterThanOrEqual(20);
    expect(docs.tested.sort()).toEqual(Object.keys(EXAMPLES).sort());
    expect(docs.refused.sort()).toEqual(Object.keys(REFUSED).sort());
  });

  it.each(Object.entries(EXAMPLES))('%s', (text, expected) => {
    const r = parseStrategyText(text);
    if (!r.ok) throw new Error(`${r.reason}`);
    expect(r.ignored).toEqual([]);
    expect(r.spec).toMatchObject(expected);
    expect(r.spec.description).toBe(text);
    expect(r.matched.length).toBeGreaterThan(0);
  });

  it.each(Object.entries(REFUSED))('refuses %s', (text, reason) => {
    const r = parseStrategyText(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toMatch(reason);
    expect(r.hint).toMatch(/PHRASES\.md/);
  });
});

describe('parseStrategyText: forms from the tables', () => {
  const cases: [string, Partial<Record<keyof StrategySpec, unknown>>][] = [
    ['buy when sma 5 crosses above ma(20)', smaCross(5, 20)],
    ['buy when 10日指数均线上穿30日指数均线', { indicators: [{ id: 'ema10' }, { id: 'ema30' }] }],
    ['5日移动平均线上穿20日移动平均线买入', smaCross(5, 20)],
    ['buy when 20 and 5 day MA golden cross', smaCross(5, 20)],
    ['buy when price above 200-day MA', { long: { entry: { op: 'gt', left: 'close', right: 'sma200' } } }],
    ['站上20日均线买入', { long: { entry: { op: 'crossAbove', left: 'close', right: 'sma20' } } }],
    ['buy when MACD crosses above zero', { long: { entry: { op: 'crossAbove', left: 'macd.macd', right: 0 } } }],
    ['MACD上穿零轴买入', { long: { entry: { op: 'crossAbove', left: 'macd.macd', right: 0 } } }],
    ['buy when RSI crosses above 30, sell when RSI crosses below 70', { long: { entry: { op: 'crossAbove', left: 'rsi14', right: 30 }, exit: { op: 'crossBelow', left: 'rsi14', right: 70 } } }],
    ['RSI超卖买入，超买卖出', rsi3070],
    ['buy when close is below the lower band of Bollinger(20,2.5)', { indicators: [{ id: 'boll', params: { period: 20, devUp: 2.5, devDown: 2.5 } }], long: { entry: { op: 'lt', left: 'close', right: 'boll.lower' } } }],
    ['布林带(30,2)跌破下轨买入', { indicators: [{ id: 'boll', params: { period: 30 } }], long: { entry: { op: 'crossBelow', left: 'close', right: 'boll.lower' } } }],
    ['20日新高买入', { long: { entry: { op: 'gt', left: 'close', right: { ref: 'hh20', offset: 1 } }, exit: { op: 'lt', left: 'close', right: { ref: 'll10', offset: 1 } } } }],
    ['buy when MA5 crosses above MA20, stop-loss at 4%', { stopLoss: { kind: 'percent', percent: 4 } }],
    ['buy when MA5 crosses above MA20, 6% stop', { stopLoss: { kind: 'percent', percent: 6 } }],
    ['buy when MA5 crosses above MA20, stop loss 2x ATR(20)', { stopLoss: { kind: 'atr', multiple: 2, period: 20 } }],
    ['5日均线上穿20日均线买入，3倍ATR止损', { stopLoss: { kind: 'atr', multiple: 3, period: 14 } }],
    ['buy when MA5 crosses above MA20, profit target 12%', { takeProfit: { kind: 'percent', percent: 12 } }],
    ['buy when MA5 crosses above MA20, 8% take profit', { takeProfit: { kind: 'percent', percent: 8 } }],
    ['buy when MA5 crosses above MA20, 3% trailing stop', { trailingStop: { kind: 'percent', percent: 3 } }],
    ['5日均线上穿20日均线买入，跟踪止损4%', { trailingStop: { kind: 'percent', percent: 4 } }],
    ['buy when MA5 crosses above MA20, position size 30%', { sizing: { kind: 'percentEquity', percent: 30 } }],
    ['buy when MA5 crosses above MA20, 40% position', { sizing: { kind: 'percentEquity', percent: 40 } }],
    ['buy when MA5 crosses above MA20, all-in', { sizing: full }],
    ['buy 100 shares when MA5 crosses above MA20', { sizing: { kind: 'fixed', quantity: 100 } }],
    ['5日均线上穿20日均线每次买入30%', { sizing: { kind: 'percentEquity', percent: 30 } }],
    ['5日均线上穿20日均线买入1000股', { sizing: { kind: 'fixed', quantity: 1000 } }],
    ['全仓，5日均线上穿20日均线买入', { sizing: full }],
    ['15 min bars, buy when MA5 crosses above MA20', { timeframe: '15m' }],
    ['hourly, buy when MA5 crosses above MA20', { timeframe: '1h' }],
    ['weekly, buy when MA5 crosses above MA20', { timeframe: '1w' }],
    ['5分钟，5日均线上穿20日均线买入', { timeframe: '5m' }],
    ['小时线，5日均线上穿20日均线买入', { timeframe: '1h' }],
    ['周线，5日均线上穿20日均线买入', { timeframe: '1w' }],
    ['日线，5日均线上穿20日均线买入', { timeframe: '1d' }],
    ['BTC: buy when MA5 crosses above MA20', { market: 'crypto' }],
    ['crypto, buy when MA5 crosses above MA20', { market: 'crypto' }],
    ['沪深，5日均线上穿20日均线买入', { market: 'ashare' }],
    ['比特币，5日均线上穿20日均线买入', { market: 'crypto' }],
  ];

  it.each(cases)('%s', (text, expected) => {
    const r = parseStrategyText(text);
    if (!r.ok) throw new Error(`${r.reason}`);
    expect(r.spec).toMatchObject(expected);
  });

  it('reports clauses it did not understand instead of guessing', () => {
    const r = parseStrategyText('buy when 5-day MA crosses above 20-day MA, only on rainy days');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.ignored).toEqual(['only on rainy days']);
  });

  it('refuses a text whose rules do not validate, naming the problem', () => {
    const r = parseStrategyText('buy when MA5 crosses above MA20, stop loss 150%');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/stopLoss\.percent/);
  });
});

describe('parseStrategyText: specs run', () => {
  it('a parsed Chinese MA cross backtests on the SSE daily file and trades', () => {
    const r = parseStrategyText('5日均线上穿20日均线买入，止损5%');
    if (!r.ok) throw new Error(r.reason);
    const result = runBacktest(dailyBars(), compileSpec(r.spec), { market: 'ashare' });
    expect(result.trades.length).toBeGreaterThan(50);
    expect(result.trades.some((t) => t.exitReason === 'stopLoss')).toBe(true);
    expect(result.trades.some((t) => t.exitReason === 'signal')).toBe(true);
  });
});
