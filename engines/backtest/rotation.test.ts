import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { KlineColumns } from '../klines';
import { dailyBars } from '../strategy/test-helpers/data';
import { runRotation, runRotationAsync, type BacktestConfigInput, type RotationParamsInput, type RotationResult } from './index';
import { bars, type BarRow } from './test-helpers/fixtures';

const ashare: BacktestConfigInput = {
  market: 'ashare',
  initialCash: '100000',
  fees: { takerRate: '0.0003', minFee: '5', stampDutyRate: '0.001' },
};

const DATES = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09', '2024-01-10', '2024-01-11'];

/** Daily bars from [unionIndex, open, close] (high/low span them); missing indices are days without a bar. */
function daily(symbol: string, rows: [number, string, string][]): KlineColumns {
  const fixture: BarRow[] = rows.map(([t, o, c]) => {
    const [hi, lo] = Number(o) >= Number(c) ? [o, c] : [c, o];
    return [`${DATES[t]} 15:00`, o, hi, lo, c];
  });
  return bars(fixture, { symbol });
}

/** open = close except on the fill bars 3, 5 and 7, where the open is the given price. */
function series(symbol: string, closes: (string | null)[], opens: Record<number, string>): KlineColumns {
  const rows: [number, string, string][] = [];
  closes.forEach((c, t) => {
    if (c !== null) rows.push([t, opens[t] ?? c, c]);
  });
  return daily(symbol, rows);
}

// Hand-built universe (union bars 0–7). CCC lists a day later, so at bar 2 it lacks a 2-bar history.
//   bar:      0    1     2     3     4     5     6      7
//   AAA    10   10.5   11   11.5   11    11   10.5   10.5     opens 3: 10.8, 5: 11.2
//   BBB    20   20     21   22     23.1  24   25.41  25       opens 3: 21.2, 5: 22.9, 7: 25.5
//   CCC    –    5      5    5.2    5.4   5.5  5.4    5.3      opens 5: 5.45, 7: 5.35
const AAA = series('AAA.SH', ['10', '10.5', '11', '11.5', '11', '11', '10.5', '10.5'], { 3: '10.8', 5: '11.2' });
const BBB = series('BBB.SH', ['20', '20', '21', '22', '23.1', '24', '25.41', '25'], { 3: '21.2', 5: '22.9', 7: '25.5' });
const CCC = series('CCC.SH', [null, '5', '5', '5.2', '5.4', '5.5', '5.4', '5.3'], { 5: '5.45', 7: '5.35' });
const handParams: RotationParamsInput = { lookback: 2, top: 2, rebalanceEvery: 2, minReturnPercent: 1 };

/** Σ trade pnl + Σ (open pnl − unallocated entry fees) and final equity − initial cash, both exact. */
function pnlIdentity(r: RotationResult): [string, string] {
  let sum = new Decimal(0);
  for (const t of r.trades) sum = sum.plus(t.pnl);
  for (const p of r.openPositions) sum = sum.plus(p.unrealizedPnl).minus(p.unallocatedFees);
  return [sum.toFixed(), new Decimal(r.final.equity).minus(r.config.initialCash).toFixed()];
}

/**
 * Replays the fills against the input bars: at every fill, cashAfter + Σ quantity × mark must equal equityAfter,
 * marks being each holding's open on the fill bar (its last close when it has no bar then).
 */
function checkFillEquity(r: RotationResult, universe: KlineColumns[]): number {
  const byTime = universe.map((b) => new Map(Array.from(b.timeMs, (t, i) => [Number(t), i])));
  const held = new Map<string, Decimal>();
  let checked = 0;
  for (const o of r.orders) {
    if (o.status !== 'filled') continue;
    held.set(o.symbol, new Decimal(o.positionAfter!));
    let eq = new Decimal(o.cashAfter!);
    for (const [symbol, q] of held) {
      if (q.isZero()) continue;
      const s = universe.findIndex((b) => b.symbol === symbol);
      const b = universe[s]!;
      const at = byTime[s]!.get(o.doneTimeMs!);
      let mark: string;
      if (at !== undefined) mark = b.open[at]!;
      else {
        let k = -1;
        for (let i = 0; i < b.timeMs.length && Number(b.timeMs[i]) < o.doneTimeMs!; i++) k = i;
        mark = b.close[k]!;
      }
      eq = eq.plus(q.times(mark));
    }
    expect(eq.toFixed(), `order ${o.id}`).toBe(new Decimal(o.equityAfter!).toFixed());
    checked++;
  }
  return checked;
}

describe('momentum rotation: hand-built three-symbol portfolio', () => {
  const r = runRotation([AAA, BBB, CCC], handParams, ashare);

  it('ranks by N-bar return among symbols with enough history and holds the top K above the threshold', () => {
    expect(r.bars).toBe(8);
    expect(r.rebalances.map((x) => [x.decisionIndex, x.fillIndex, x.ranking, x.selected])).toEqual([
      // Bar 2: CCC has one earlier bar, not two: it is not ranked.
      [2, 3, [{ symbol: 'AAA.SH', returnPercent: '10' }, { symbol: 'BBB.SH', returnPercent: '5' }], ['AAA.SH', 'BBB.SH']],
      [4, 5, [{ symbol: 'BBB.SH', returnPercent: '10' }, { symbol: 'CCC.SH', returnPercent: '8' }, { symbol: 'AAA.SH', returnPercent: '0' }], ['BBB.SH', 'CCC.SH']],
      // CCC is second but at 0 % fails the 1 % absolute filter: its slot goes to cash.
      [6, 7, [{ symbol: 'BBB.SH', returnPercent: '10' }, { symbol: 'CCC.SH', returnPercent: '0' }, { symbol: 'AAA.SH', returnPercent: '-4.545455' }], ['BBB.SH']],
    ]);
    expect(r.rebalances.map((x) => x.after!.holdings.map((h) => `${h.symbol} ${h.quantity}`))).toEqual([
      ['AAA.SH 4600', 'BBB.SH 2300'],
      ['BBB.SH 2300', 'CCC.SH 9600'],
      ['BBB.SH 2300'],
    ]);
  });

  it('fills at the next open, sells before buys, sizes equal weight in whole lots, with exact fees and cash', () => {
    // Bar 3: slot 100000 / 2. AAA 4600 @ 10.8 = 49680, fee 14.904 → 14.90; BBB: 50000 / 21.2 → 2300 = 48760, fee 14.63.
    // Bar 5: AAA sold 4600 @ 11.2 = 51520, fee 15.46, stamp duty 51.52. Equity at the opens 52983.49 + 2300 × 22.9 =
    //        105653.49, slot 52826.745 → CCC 9600 @ 5.45 = 52320, fee 15.70.
    // Bar 7: CCC sold 9600 @ 5.35 = 51360, fee 15.41, stamp duty 51.36; BBB kept.
    expect(r.orders.map((o) => [o.symbol, o.side, o.placedIndex, o.doneIndex, o.status, o.fillPrice, o.quantity, o.commission, o.stampDuty, o.cashAfter, o.equityAfter])).toEqual([
      ['AAA.SH', 'buy', 2, 3, 'filled', '10.8', '4600', '14.9', undefined, '50305.1', '99985.1'],
      ['BBB.SH', 'buy', 2, 3, 'filled', '21.2', '2300', '14.63', undefined, '1530.47', '99970.47'],
      ['AAA.SH', 'sell', 4, 5, 'filled', '11.2', '4600', '15.46', '51.52', '52983.49', '105653.49'],
      ['CCC.SH', 'buy', 4, 5, 'filled', '5.45', '9600', '15.7', undefined, '647.79', '105637.79'],
      ['CCC.SH', 'sell', 6, 7, 'filled', '5.35', '9600', '15.41', '51.36', '51941.02', '110591.02'],
    ]);
    expect(r.trades.map((t) => [t.symbol, t.entryPrice, t.exitPrice, t.grossPnl, t.fees, t.pnl])).toEqual([
      ['AAA.SH', '10.8', '11.2', '1840', '81.88', '1758.12'],
      ['CCC.SH', '5.45', '5.35', '-960', '82.47', '-1042.47'],
    ]);
    expect(r.rebalances.map((x) => [x.after!.cash, x.after!.equity])).toEqual([
      ['1530.47', '99970.47'],
      ['647.79', '105637.79'],
      ['51941.02', '110591.02'],
    ]);
    // BBB 2300 at the last close 25.
    expect(r.final).toEqual({
      cash: '51941.02',
      equity: '109441.02',
      positions: [{ symbol: 'BBB.SH', quantity: '2300', lastPrice: '25' }],
      totalCommission: '76.1',
      totalStampDuty: '102.88',
      totalFees: '178.98',
      realizedPnl: '715.65',
      tradedNotional: '253640',
    });
    expect(r.openPositions).toMatchObject([{ symbol: 'BBB.SH', quantity: '2300', unrealizedPnl: '8740', unallocatedFees: '14.63' }]);
  });

  it('keeps the accounting identities exactly', () => {
    const [pnl, gain] = pnlIdentity(r);
    expect(pnl).toBe(gain);
    expect(gain).toBe('9441.02');
    expect(checkFillEquity(r, [AAA, BBB, CCC])).toBe(5);
  });

  it('reports the float equity curve and the full metrics table with the stated annualisation', () => {
    // Bar 7 marks BBB at its close: 51941.02 + 2300 × 25.
    expect(r.curves.equity.at(-1)).toBeCloseTo(109441.02, 6);
    expect(r.curves.equity.slice(0, 3)).toEqual([100000, 100000, 100000]);
    expect(r.periodsPerYear).toBe(252);
    expect(r.metrics.annualization).toBe(252);
    expect(r.metrics.list.length).toBeGreaterThanOrEqual(38);
    expect(r.metrics.byId.trade_count!.value).toBe(2);
  });
});

describe('momentum rotation: rules', () => {
  it('has no lookahead: changing bars after a decision bar does not change that decision', () => {
    const base = runRotation([AAA, BBB, CCC], handParams, ashare);
    // Bar 3 onwards reversed: AAA soars, BBB collapses. The bar-2 ranking and choice cannot move.
    const bend = (b: KlineColumns, f: (p: string) => string): KlineColumns => ({
      ...b,
      open: b.open.map((p, i) => (i >= 3 - (b.symbol === 'CCC.SH' ? 1 : 0) ? f(p) : p)),
      close: b.close.map((p, i) => (i >= 3 - (b.symbol === 'CCC.SH' ? 1 : 0) ? f(p) : p)),
      high: b.high.map((p, i) => (i >= 3 - (b.symbol === 'CCC.SH' ? 1 : 0) ? f(p) : p)),
      low: b.low.map((p, i) => (i >= 3 - (b.symbol === 'CCC.SH' ? 1 : 0) ? f(p) : p)),
    });
    const changed = runRotation([bend(AAA, (p) => new Decimal(p).times(1.09).toFixed(2)), bend(BBB, (p) => new Decimal(p).times(0.91).toFixed(2)), CCC], handParams, ashare);
    expect(changed.rebalances[0]!.ranking).toEqual(base.rebalances[0]!.ranking);
    expect(changed.rebalances[0]!.selected).toEqual(base.rebalances[0]!.selected);
    // The fill itself happens at the (changed) next open.
    expect(changed.orders[0]!.fillPrice).toBe('11.77');
    expect(changed.rebalances[1]!.selected).not.toEqual(base.rebalances[1]!.selected);
  });

  it('a symbol without a bar at the fill time cannot trade; it keeps its last close for marking', () => {
    // BBB has no bar 3: its buy is rejected; at bar 5 it is still selected and is bought then.
    const gappy = series('BBB.SH', ['20', '20', '21', null, '23.1', '24', '25.41', '25'], { 5: '22.9', 7: '25.5' });
    const r = runRotation([AAA, gappy, CCC], handParams, ashare);
    expect(r.orders[1]).toMatchObject({ symbol: 'BBB.SH', side: 'buy', doneIndex: 3, status: 'rejected', reason: 'no BBB.SH bar at this time: it cannot trade' });
    expect(r.orders.filter((o) => o.symbol === 'BBB.SH' && o.status === 'filled')[0]).toMatchObject({ side: 'buy', doneIndex: 5 });
    const [pnl, gain] = pnlIdentity(r);
    expect(pnl).toBe(gain);
    checkFillEquity(r, [AAA, gappy, CCC]);
  });

  it('A-share T+1: a holding bought today cannot be sold today; buys are whole lots', () => {
    // Hourly bars (close-stamped 10:30, 11:30, 14:00, 15:00) where leadership flips every bar: a buy at 14:00's open
    // is voted out at 14:00's close, but cannot be sold at 15:00's open the same day.
    const hours = ['10:30', '11:30', '14:00', '15:00'];
    const mk = (symbol: string, closes: string[]) =>
      bars(closes.map((c, i) => [`2024-01-${i < 4 ? '02' : '03'} ${hours[i % 4]}`, c, c, c, c] as BarRow), { symbol, timeframe: '1h' });
    const X = mk('600001.SH', ['10', '10.2', '10.1', '10.3', '10.2', '10.4', '10.3', '10.5']);
    const Y = mk('600002.SH', ['10', '9.9', '10.1', '10', '10.2', '10.1', '10.3', '10.2']);
    const r = runRotation([X, Y], { lookback: 1, top: 1, rebalanceEvery: 1 }, { ...ashare, initialCash: '50000' });
    const tPlusOne = r.orders.filter((o) => o.status === 'rejected' && /^T\+1/.test(o.reason ?? ''));
    expect(tPlusOne.length).toBeGreaterThan(0);
    expect(tPlusOne[0]!.reason).toMatch(/bought on 2024-01-02 cannot be sold before the next trading day/);
    const day = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
    for (const sell of r.orders.filter((o) => o.side === 'sell' && o.status === 'filled')) {
      const buy = r.orders.filter((o) => o.symbol === sell.symbol && o.side === 'buy' && o.status === 'filled' && o.id < sell.id).at(-1)!;
      expect(day(sell.doneTimeMs!) > day(buy.doneTimeMs!), `sell ${sell.id}`).toBe(true);
    }
    for (const o of r.orders.filter((x) => x.side === 'buy' && x.status === 'filled')) expect(Number(o.quantity) % 100).toBe(0);
    const [pnl, gain] = pnlIdentity(r);
    expect(pnl).toBe(gain);
  });

  it('A-share price limit: a buy at a limit-up open is not filled', () => {
    // AAA opens bar 3 at 12.10 = 11 × 1.1, its limit-up.
    const limitUp = series('AAA.SH', ['10', '10.5', '11', '12.1', '11', '11', '10.5', '10.5'], { 3: '12.1', 5: '11.2' });
    const r = runRotation([limitUp, BBB, CCC], handParams, ashare);
    expect(r.orders[0]).toMatchObject({ symbol: 'AAA.SH', side: 'buy', status: 'rejected', reason: 'limit-up: cannot buy AAA.SH at 12.1 (limit-up 12.1)' });
    expect(r.orders[1]).toMatchObject({ symbol: 'BBB.SH', status: 'filled' });
  });

  it('refuses bad params and mixed timeframes, naming them', () => {
    expect(() => runRotation([AAA, BBB], { lookback: 0 }, ashare)).toThrow(/lookback/);
    expect(() => runRotation([AAA, BBB], { top: 2, extra: 1 } as RotationParamsInput, ashare)).toThrow(/extra/);
    expect(() => runRotation([AAA, { ...BBB, timeframe: '1h' }], {}, ashare)).toThrow('universe: BBB.SH has 1h bars, AAA.SH has 1d; rank one timeframe');
    expect(() => runRotation([AAA, AAA], {}, ashare)).toThrow('universe: AAA.SH appears twice');
  });
});

// ------------------------------------------------------------------------------------------------------------------
// Real data: the SSE Composite daily file (../shared/data/ashare/000001.SH_D.csv, 3,332 bars, 2006-11 → 2020-07) and
// three series derived from it deterministically, standing in for stocks that behave differently from the index:
// - 510001.SH "inverse": 30000 ÷ the index (highs and lows swap), rounded to the cent;
// - 600010.SH "lagging": the index 60 bars late, × 0.004 — lists 60 bars after the index;
// - 600020.SH "half beta": √(index) × 0.2, with every 23rd bar missing (suspensions).

function derive(source: KlineColumns, symbol: string, f: (p: number) => number, o: { lag?: number; skipEvery?: number; swap?: boolean } = {}): KlineColumns {
  const lag = o.lag ?? 0;
  const out: KlineColumns = { symbol, timeframe: source.timeframe, timeMs: [], open: [], high: [], low: [], close: [], volume: [] };
  const times = out.timeMs as number[];
  for (let i = lag; i < source.timeMs.length; i++) {
    if (o.skipEvery && i % o.skipEvery === 0) continue;
    const j = i - lag;
    const px = (v: string) => f(Number(v)).toFixed(2);
    times.push(Number(source.timeMs[i]));
    out.open.push(px(source.open[j]!));
    out.close.push(px(source.close[j]!));
    out.high.push(px((o.swap ? source.low : source.high)[j]!));
    out.low.push(px((o.swap ? source.high : source.low)[j]!));
    out.volume.push(source.volume[j]!);
  }
  return out;
}

function realUniverse(): KlineColumns[] {
  const index = dailyBars();
  return [
    index,
    derive(index, '510001.SH', (p) => 30000 / p, { swap: true }),
    derive(index, '600010.SH', (p) => p * 0.004, { lag: 60 }),
    derive(index, '600020.SH', (p) => Math.sqrt(p) * 0.2, { skipEvery: 23 }),
  ];
}

function prefix(b: KlineColumns, untilMs: number): KlineColumns {
  const n = Array.from(b.timeMs).filter((t) => t <= untilMs).length;
  return { ...b, timeMs: Array.from(b.timeMs).slice(0, n), open: b.open.slice(0, n), high: b.high.slice(0, n), low: b.low.slice(0, n), close: b.close.slice(0, n), volume: b.volume.slice(0, n) };
}

describe('momentum rotation on the SSE Composite daily file and three derived series', () => {
  const universe = realUniverse();
  const params: RotationParamsInput = { lookback: 20, top: 2, rebalanceEvery: 5, minReturnPercent: 0 };
  const config: BacktestConfigInput = { ...ashare, initialCash: '1000000', slippage: { kind: 'ticks', ticks: 1 } };
  const started = performance.now();
  const r = runRotation(universe, params, config);
  const ms = performance.now() - started;

  it('runs over the union of the bar times and rebalances on schedule', () => {
    expect(r.bars).toBe(3332);
    expect(r.barsBySymbol).toEqual({ '000001.SH': 3332, '510001.SH': 3332, '600010.SH': 3272, '600020.SH': 3332 - 145 });
    expect(r.rebalances).toHaveLength(Math.floor((3332 - 1 - 20) / 5) + 1);
    expect(r.trades.length).toBeGreaterThan(100);
    for (const x of r.rebalances) {
      expect(x.selected.length).toBeLessThanOrEqual(2);
      // The lagging series is only ranked once it has 20 bars of its own.
      if (x.decisionIndex < 80) expect(x.ranking.map((e) => e.symbol)).not.toContain('600010.SH');
    }
    console.log(`rotation on 4 × ~3.3k daily bars: ${ms.toFixed(0)} ms, ${r.trades.length} trades, ${r.counts.rejected} rejected, final equity ${r.final.equity}, total return ${r.metrics.byId.total_return!.value}`);
  });

  it('keeps the money exact: identities at the end and at every fill; whole lots; cash never negative', () => {
    const [pnl, gain] = pnlIdentity(r);
    expect(pnl).toBe(gain);
    let equity = new Decimal(r.final.cash);
    for (const p of r.final.positions) equity = equity.plus(new Decimal(p.quantity).times(p.lastPrice));
    expect(equity.toFixed()).toBe(new Decimal(r.final.equity).toFixed());
    expect(new Decimal(r.final.totalFees).toFixed()).toBe(new Decimal(r.final.totalCommission).plus(r.final.totalStampDuty).toFixed());
    expect(checkFillEquity(r, universe)).toBe(r.counts.filled);
    for (const o of r.orders) {
      if (o.status !== 'filled') continue;
      expect(new Decimal(o.cashAfter!).isNegative(), `order ${o.id}`).toBe(false);
      if (o.side === 'buy') expect(new Decimal(o.quantity!).mod(100).isZero()).toBe(true);
    }
    for (const x of r.rebalances) {
      if (!x.after) continue;
      const sum = x.after.holdings.reduce((s, h) => s.plus(new Decimal(h.quantity).times(h.markPrice)), new Decimal(x.after.cash));
      expect(sum.toFixed()).toBe(new Decimal(x.after.equity).toFixed());
    }
    // Only the expected refusals: limits, suspension days and sizes below a lot.
    for (const o of r.orders.filter((x) => x.status === 'rejected')) expect(o.reason).toMatch(/^(limit-up|limit-down|no .* bar|.* buys less than one lot)/);
  });

  it('decides only from bars up to the decision bar: a run cut after a fill bar repeats every earlier rebalance', () => {
    const cut = r.rebalances[200]!;
    const short = runRotation(universe.map((b) => prefix(b, cut.fillTimeMs!)), params, config);
    expect(short.rebalances.slice(0, 201)).toEqual(r.rebalances.slice(0, 201));
    expect(short.orders).toEqual(r.orders.filter((o) => o.doneIndex! <= cut.fillIndex!));
  });

  it('is deterministic: the same input gives byte-identical JSON, sliced async runs included', async () => {
    const again = runRotation(realUniverse(), params, config);
    expect(JSON.stringify(again)).toBe(JSON.stringify(r));
    let progress = 0;
    const sliced = await runRotationAsync(realUniverse(), params, { ...config, progressEvery: 500 }, { sliceMs: 1, onProgress: () => progress++ });
    expect(progress).toBeGreaterThan(5);
    expect(JSON.stringify({ ...sliced, config: r.config })).toBe(JSON.stringify(r));
  });
});
