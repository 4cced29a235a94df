import { describe, expect, it } from 'vitest';
import { runBacktest, type BacktestConfigInput, type OrderRecord } from './index';
import { bars, scripted, type BarRow } from './test-helpers/fixtures';

const crypto: BacktestConfigInput = { market: 'crypto', initialCash: '100000', qtyStep: '0.001' };

function only(orders: OrderRecord[]): OrderRecord {
  expect(orders).toHaveLength(1);
  return orders[0]!;
}

describe('market orders', () => {
  it('fill at the next bar open, never at the bar they were placed on', () => {
    const rows: BarRow[] = [
      ['2024-01-01 00:00', '100', '101', '99', '100.5'],
      ['2024-01-02 00:00', '102', '103', '101', '102.5'],
      ['2024-01-03 00:00', '104', '105', '103', '104'],
    ];
    const r = runBacktest(bars(rows, { utcOffsetHours: 0 }), scripted({ 0: (c) => c.buy({ quantity: '1' }) }), crypto);
    const o = only(r.orders);
    expect(o).toMatchObject({ status: 'filled', placedIndex: 0, doneIndex: 1, fillPrice: '102', quantity: '1' });
    expect(r.final.cash).toBe('99898');
    expect(r.final.equity).toBe('100002'); // 1 × last close 104
  });

  it('an order placed on the last bar stays open', () => {
    const rows: BarRow[] = [['2024-01-01 00:00', '100', '101', '99', '100']];
    const r = runBacktest(bars(rows, { utcOffsetHours: 0 }), scripted({ 0: (c) => c.buy({ quantity: '1' }) }), crypto);
    expect(only(r.orders).status).toBe('open');
    expect(r.counts.open).toBe(1);
  });
});

describe('limit orders', () => {
  const rows: BarRow[] = [
    ['2024-01-01 00:00', '100', '100', '100', '100'],
    ['2024-01-02 00:00', '100', '101', '99', '100'], // does not reach 98
    ['2024-01-03 00:00', '99', '99.5', '97', '98'], // trades through 98 → fills at the limit
    ['2024-01-04 00:00', '95', '96', '94', '95'],
  ];

  it('buy fills at the limit when the bar trades through it, not before', () => {
    const r = runBacktest(bars(rows, { utcOffsetHours: 0 }), scripted({ 0: (c) => c.buy({ type: 'limit', limitPrice: '98', quantity: '1' }) }), crypto);
    expect(only(r.orders)).toMatchObject({ status: 'filled', doneIndex: 2, fillPrice: '98' });
  });

  it('buy fills at the open when the bar gaps below the limit (a better price)', () => {
    const r = runBacktest(bars(rows, { utcOffsetHours: 0 }), scripted({ 2: (c) => c.buy({ type: 'limit', limitPrice: '97.5', quantity: '1' }) }), crypto);
    expect(only(r.orders)).toMatchObject({ status: 'filled', doneIndex: 3, fillPrice: '95' });
  });

  it("'touch' fills when the low equals the limit, 'through' waits for a lower price", () => {
    const touching: BarRow[] = [
      ['2024-01-01 00:00', '100', '100', '100', '100'],
      ['2024-01-02 00:00', '100', '100', '97', '99'],
    ];
    const place = scripted({ 0: (c) => c.buy({ type: 'limit', limitPrice: '97', quantity: '1' }) });
    expect(only(runBacktest(bars(touching, { utcOffsetHours: 0 }), place, crypto).orders).fillPrice).toBe('97');
    const strict = runBacktest(bars(touching, { utcOffsetHours: 0 }), scripted({ 0: (c) => c.buy({ type: 'limit', limitPrice: '97', quantity: '1' }) }), {
      ...crypto,
      limitFill: 'through',
    });
    expect(only(strict.orders).status).toBe('open');
  });

  it('sell limit fills at the limit when the high reaches it and at the open on a gap up', () => {
    const up: BarRow[] = [
      ['2024-01-01 00:00', '100', '100', '100', '100'],
      ['2024-01-02 00:00', '100', '103', '99', '102'],
      ['2024-01-03 00:00', '108', '110', '107', '109'],
    ];
    const r = runBacktest(
      bars(up, { utcOffsetHours: 0 }),
      scripted({
        0: (c) => {
          c.sell({ type: 'limit', limitPrice: '102.5', quantity: '1' });
          c.sell({ type: 'limit', limitPrice: '105', quantity: '1' });
        },
      }),
      crypto,
    );
    expect(r.orders.map((o) => [o.doneIndex, o.fillPrice])).toEqual([
      [1, '102.5'],
      [2, '108'],
    ]);
  });
});

describe('stop orders', () => {
  const rows: BarRow[] = [
    ['2024-01-01 00:00', '100', '100', '100', '100'],
    ['2024-01-02 00:00', '100', '104', '99', '103'], // touches 103 during the bar
    ['2024-01-03 00:00', '110', '111', '108', '109'], // gaps over 105
  ];

  it('buy stop fills at the stop when touched and at the (worse) open when the bar gaps past it', () => {
    const r = runBacktest(
      bars(rows, { utcOffsetHours: 0 }),
      scripted({
        0: (c) => {
          c.buy({ type: 'stop', stopPrice: '103', quantity: '1' });
          c.buy({ type: 'stop', stopPrice: '105', quantity: '1' });
        },
      }),
      crypto,
    );
    expect(r.orders.map((o) => [o.doneIndex, o.fillPrice])).toEqual([
      [1, '103'],
      [2, '110'],
    ]);
  });

  it('sell stop on a gap down fills at the open, below the stop', () => {
    const down: BarRow[] = [
      ['2024-01-01 00:00', '100', '100', '100', '100'],
      ['2024-01-02 00:00', '100', '101', '99', '100'],
      ['2024-01-03 00:00', '90', '92', '89', '91'],
    ];
    const r = runBacktest(
      bars(down, { utcOffsetHours: 0 }),
      scripted({ 0: (c) => c.buy({ quantity: '2' }), 1: (c) => c.sell({ type: 'stop', stopPrice: '95', quantity: '2' }) }),
      crypto,
    );
    expect(r.orders[1]).toMatchObject({ status: 'filled', doneIndex: 2, fillPrice: '90' });
    expect(r.trades[0]).toMatchObject({ side: 'long', entryPrice: '100', exitPrice: '90', pnl: '-20' });
  });
});

describe('cancel', () => {
  it('a cancelled order never fills and is recorded as cancelled', () => {
    const rows: BarRow[] = [
      ['2024-01-01 00:00', '100', '100', '100', '100'],
      ['2024-01-02 00:00', '100', '100', '100', '100'],
      ['2024-01-03 00:00', '90', '90', '90', '90'],
    ];
    let id = 0;
    const r = runBacktest(
      bars(rows, { utcOffsetHours: 0 }),
      scripted({
        0: (c) => {
          id = c.buy({ type: 'limit', limitPrice: '95', quantity: '1' });
        },
        1: (c) => {
          expect(c.openOrders().map((o) => o.id)).toEqual([id]);
          expect(c.cancel(id)).toBe(true);
          expect(c.cancel(id)).toBe(false);
        },
      }),
      crypto,
    );
    expect(only(r.orders)).toMatchObject({ status: 'cancelled', doneIndex: 1 });
    expect(r.final.cash).toBe('100000');
  });
});

describe('slippage', () => {
  const rows: BarRow[] = [
    ['2024-01-02 15:00', '10', '10', '10', '10'],
    ['2024-01-03 15:00', '10', '10.5', '9.5', '10'],
    ['2024-01-04 15:00', '10', '10.02', '9.5', '10'],
  ];
  const base: BacktestConfigInput = { market: 'ashare', initialCash: '100000', priceLimit: null };

  it('fixed ticks move market fills against the trader', () => {
    const r = runBacktest(bars(rows), scripted({ 0: (c) => c.buy({ quantity: '100' }), 1: (c) => c.closePosition() }), {
      ...base,
      slippage: { kind: 'ticks', ticks: 3 },
    });
    expect(r.orders.map((o) => [o.fillPrice, o.slippage])).toEqual([
      ['10.03', '0.03'],
      ['9.97', '0.03'],
    ]);
    expect(r.trades[0]!.pnl).toBe('-6');
  });

  it('percent slippage is rounded to the tick against the trader and capped at the bar high', () => {
    const r = runBacktest(bars(rows), scripted({ 0: (c) => c.buy({ quantity: '100' }), 1: (c) => c.buy({ quantity: '100' }) }), {
      ...base,
      slippage: { kind: 'percent', rate: '0.0011' },
    });
    // 10 × 1.0011 = 10.011 → 10.02 on the tick; the next bar's high is 10.02, and 10.03 would be beyond a 10.02 high.
    expect(r.orders.map((o) => o.fillPrice)).toEqual(['10.02', '10.02']);
    const capped = runBacktest(bars(rows), scripted({ 1: (c) => c.buy({ quantity: '100' }) }), { ...base, slippage: { kind: 'fixed', amount: '0.05' } });
    expect(capped.orders[0]!.fillPrice).toBe('10.02');
  });

  it('limit fills take no slippage', () => {
    const r = runBacktest(bars(rows), scripted({ 0: (c) => c.buy({ type: 'limit', limitPrice: '9.8', quantity: '100' }) }), {
      ...base,
      slippage: { kind: 'ticks', ticks: 5 },
    });
    expect(r.orders[0]).toMatchObject({ fillPrice: '9.8' });
    expect(r.orders[0]!.slippage).toBeUndefined();
  });
});
