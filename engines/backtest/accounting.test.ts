import { describe, expect, it } from 'vitest';
import { runBacktest, type BacktestConfigInput } from './index';
import { bars, flatDays, scripted, type BarRow } from './test-helpers/fixtures';

const ashareFees: BacktestConfigInput = {
  market: 'ashare',
  initialCash: '100000',
  priceLimit: null,
  fees: { makerRate: '0.00025', takerRate: '0.00025', minFee: '5', stampDutyRate: '0.001' },
};

function day(d: number, o: string, h = o, l = o, c = o): BarRow {
  return [`2024-01-${String(d).padStart(2, '0')} 15:00`, o, h, l, c];
}

describe('fees', () => {
  it('A-share: minimum commission on small orders, stamp duty on the sell only, exact to the cent', () => {
    const r = runBacktest(
      bars([day(2, '10'), day(3, '10'), day(4, '10.5'), day(5, '10.5')]),
      scripted({ 0: (c) => c.buy({ quantity: '1000' }), 1: (c) => c.closePosition() }),
      ashareFees,
    );
    const [buy, sell] = r.orders;
    expect(buy).toMatchObject({ fillPrice: '10', commission: '5', cashAfter: '89995' });
    expect(buy!.stampDuty).toBeUndefined();
    expect(sell).toMatchObject({ fillPrice: '10.5', commission: '5', stampDuty: '10.5', cashAfter: '100479.5' });
    expect(r.trades[0]).toMatchObject({ grossPnl: '500', fees: '20.5', pnl: '479.5' });
    expect(r.final).toMatchObject({ cash: '100479.5', equity: '100479.5', totalCommission: '10', totalStampDuty: '10.5', totalFees: '20.5' });
  });

  it('A-share: rate-based commission and stamp duty round half up to the cent', () => {
    const r = runBacktest(
      bars([day(2, '12.35'), day(3, '12.35'), day(4, '12.67'), day(5, '200.2'), day(8, '200.2')]),
      scripted({
        0: (c) => c.buy({ quantity: '3700' }), // 45695 × 0.00025 = 11.42375
        1: (c) => c.closePosition(), // 46879: commission 11.71975, stamp duty 46.879
        2: (c) => c.buy({ quantity: '100' }), // 20020 × 0.00025 = 5.005 → 5.01 (half up, not to even)
      }),
      ashareFees,
    );
    expect(r.orders.map((o) => [o.commission, o.stampDuty])).toEqual([
      ['11.42', undefined],
      ['11.72', '46.88'],
      ['5.01', undefined],
    ]);
  });

  it('crypto: maker rate on limit fills, taker rate on market fills, unrounded', () => {
    const rows: BarRow[] = [
      ['2024-01-01 00:00', '20000.5', '20000.5', '20000.5', '20000.5'],
      ['2024-01-02 00:00', '20000.5', '20100', '20000', '20050'],
      ['2024-01-03 00:00', '21000.1', '21000.1', '21000.1', '21000.1'],
    ];
    const r = runBacktest(
      bars(rows, { utcOffsetHours: 0 }),
      scripted({ 0: (c) => c.buy({ type: 'limit', limitPrice: '20000.5', quantity: '0.5' }), 1: (c) => c.closePosition() }),
      { market: 'crypto', initialCash: '20000', fees: { makerRate: '0.0002', takerRate: '0.0005' } },
    );
    expect(r.orders.map((o) => o.commission)).toEqual(['2.00005', '5.250025']);
    expect(r.trades[0]).toMatchObject({ grossPnl: '499.8', fees: '7.250075', pnl: '492.549925' });
  });
});

describe('position sizing', () => {
  it('fixed quantity from the config default', () => {
    const r = runBacktest(bars(flatDays(3)), scripted({ 0: (c) => c.buy() }), { ...ashareFees, sizing: { kind: 'fixed', quantity: '300' } });
    expect(r.orders[0]!.quantity).toBe('300');
  });

  it('percent of equity, rounded down to whole lots', () => {
    const r = runBacktest(bars(flatDays(3, '10.37')), scripted({ 0: (c) => c.buy({ sizing: { kind: 'percentEquity', percent: 50 } }) }), ashareFees);
    expect(r.orders[0]!.quantity).toBe('4800'); // 50000 / 10.37 = 4821.6
  });

  it('all-in shrinks by a lot when the minimum fee would overdraw the cash', () => {
    const r = runBacktest(bars(flatDays(3, '10')), scripted({ 0: (c) => c.buy() }), { ...ashareFees, initialCash: '10000' });
    expect(r.orders[0]).toMatchObject({ quantity: '900', commission: '5', cashAfter: '995' });
  });

  it('an explicit quantity the cash cannot pay for is rejected', () => {
    const r = runBacktest(bars(flatDays(3, '10')), scripted({ 0: (c) => c.buy({ quantity: '1000' }) }), { ...ashareFees, initialCash: '10000' });
    expect(r.orders[0]).toMatchObject({ status: 'rejected', reason: 'insufficient cash: needs 10005, has 10000' });
  });

  it('risk-based: equity × risk% ÷ stop distance', () => {
    const r = runBacktest(
      bars(flatDays(3, '20')),
      scripted({ 0: (c) => c.buy({ sizing: { kind: 'risk', riskPercent: 1 }, exits: { stopLoss: { percent: 5 } } }) }),
      { market: 'crypto', initialCash: '100000' },
    );
    expect(r.orders[0]!.quantity).toBe('1000'); // 1000 risk ÷ 1.00 distance
    const noStop = runBacktest(bars(flatDays(3, '20')), scripted({ 0: (c) => c.buy({ sizing: { kind: 'risk', riskPercent: 1 } }) }), {
      market: 'crypto',
    });
    expect(noStop.orders[0]).toMatchObject({ status: 'rejected', reason: 'risk sizing needs a stop-loss on the order (exits.stopLoss)' });
  });

  it('crypto quantities are fractional, rounded down to the step', () => {
    const r = runBacktest(bars(flatDays(3, '3000')), scripted({ 0: (c) => c.buy() }), { market: 'crypto', initialCash: '1000', qtyStep: '0.001' });
    expect(r.orders[0]).toMatchObject({ quantity: '0.333', cashAfter: '1' });
  });
});

describe('short positions', () => {
  it('a short profits when the price falls: proceeds in, cover out, fees on both fills', () => {
    const r = runBacktest(
      bars([day(1, '100'), day(2, '100'), day(3, '90'), day(4, '90')]),
      scripted({ 0: (c) => c.sell({ quantity: '2' }), 1: (c) => c.closePosition() }),
      { market: 'crypto', initialCash: '100000', fees: { takerRate: '0.001' } },
    );
    expect(r.orders.map((o) => [o.side, o.fillPrice, o.commission, o.positionAfter])).toEqual([
      ['sell', '100', '0.2', '-2'],
      ['buy', '90', '0.18', '0'],
    ]);
    expect(r.trades[0]).toMatchObject({ side: 'short', grossPnl: '20', fees: '0.38', pnl: '19.62' });
    expect(r.final.cash).toBe('100019.62');
  });

  it('a sell larger than the long position closes it and opens a short with the rest', () => {
    const r = runBacktest(
      bars([day(1, '100'), day(2, '100'), day(3, '110'), day(4, '105')]),
      scripted({ 0: (c) => c.buy({ quantity: '1' }), 1: (c) => c.sell({ quantity: '3' }) }),
      { market: 'crypto', initialCash: '1000' },
    );
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ side: 'long', quantity: '1', pnl: '10' });
    expect(r.openPosition).toMatchObject({ side: 'short', quantity: '2', avgPrice: '110', unrealizedPnl: '10' });
    expect(r.final.equity).toBe('1020');
  });

  it("'ashare' refuses to open a short", () => {
    const r = runBacktest(bars(flatDays(3)), scripted({ 0: (c) => c.sell({ quantity: '100' }) }), ashareFees);
    expect(r.orders[0]).toMatchObject({ status: 'rejected', reason: "short selling is not allowed on the 'ashare' market" });
  });
});
