import { describe, expect, it } from 'vitest';
import { LookaheadError, OrderRequestError, runBacktest, type BacktestConfigInput, type StrategyContext } from './index';
import { bars, flatDays, scripted, type BarRow } from './test-helpers/fixtures';

const crypto: BacktestConfigInput = { market: 'crypto', initialCash: '100000' };

function day(d: number, o: string, h = o, l = o, c = o): BarRow {
  return [`2024-01-${String(d).padStart(2, '0')} 15:00`, o, h, l, c];
}

describe('protective exits', () => {
  it('stop-loss fills at the stop when touched, measured from the entry price', () => {
    const r = runBacktest(
      bars([day(1, '100'), day(2, '100'), day(3, '99', '101', '94', '96'), day(4, '96')]),
      scripted({ 0: (c) => c.buy({ quantity: '10', exits: { stopLoss: { percent: 5 } } }) }),
      crypto,
    );
    expect(r.orders[1]).toMatchObject({ origin: 'stopLoss', type: 'stop', stopPrice: '95', fillPrice: '95', doneIndex: 2 });
    expect(r.trades[0]).toMatchObject({ exitReason: 'stopLoss', pnl: '-50' });
  });

  it('a gap through the stop fills at the open, below the stop', () => {
    const r = runBacktest(
      bars([day(1, '100'), day(2, '100'), day(3, '90', '92', '88', '91')]),
      scripted({ 0: (c) => c.buy({ quantity: '1', exits: { stopLoss: { amount: '5' }, takeProfit: { amount: '10' } } }) }),
      crypto,
    );
    expect(r.trades[0]).toMatchObject({ exitReason: 'stopLoss', exitPrice: '90' });
  });

  it('take-profit fills at the target; when one bar touches both, the stop is assumed first', () => {
    const tp = runBacktest(
      bars([day(1, '100'), day(2, '100'), day(3, '101', '111', '99', '108')]),
      scripted({ 0: (c) => c.buy({ quantity: '1', exits: { stopLoss: { price: '95' }, takeProfit: { amount: '10' } } }) }),
      crypto,
    );
    expect(tp.trades[0]).toMatchObject({ exitReason: 'takeProfit', exitPrice: '110' });
    expect(tp.orders[1]).toMatchObject({ origin: 'takeProfit', type: 'limit', limitPrice: '110' });
    const both = runBacktest(
      bars([day(1, '100'), day(2, '100'), day(3, '101', '111', '94', '108')]),
      scripted({ 0: (c) => c.buy({ quantity: '1', exits: { stopLoss: { price: '95' }, takeProfit: { amount: '10' } } }) }),
      crypto,
    );
    expect(both.trades[0]).toMatchObject({ exitReason: 'stopLoss', exitPrice: '95' });
  });

  it('exits are armed from the bar after the entry fill', () => {
    const r = runBacktest(
      bars([day(1, '100'), day(2, '100', '100', '90', '99'), day(3, '99')]),
      scripted({ 0: (c) => c.buy({ quantity: '1', exits: { stopLoss: { percent: 5 } } }) }),
      crypto,
    );
    expect(r.trades).toHaveLength(0);
    expect(r.openPosition).toMatchObject({ side: 'long', quantity: '1' });
  });

  it('trailing stop follows the highest high and exits when price falls back by the distance', () => {
    const r = runBacktest(
      bars([day(1, '100'), day(2, '100', '105', '100', '104'), day(3, '104', '120', '104', '118'), day(4, '117', '117', '107', '110')]),
      scripted({ 0: (c) => c.buy({ quantity: '1', exits: { trailingStop: { percent: 10 } } }) }),
      crypto,
    );
    expect(r.orders[1]).toMatchObject({ origin: 'trailingStop', stopPrice: '108', fillPrice: '108', doneIndex: 3 });
    expect(r.trades[0]).toMatchObject({ exitReason: 'trailingStop', pnl: '8' });
  });

  it('a short position stop-loss buys back above the entry', () => {
    const r = runBacktest(
      bars([day(1, '100'), day(2, '100'), day(3, '101', '106', '100', '104')]),
      scripted({ 0: (c) => c.sell({ quantity: '2', exits: { stopLoss: { percent: 5 } } }) }),
      crypto,
    );
    expect(r.orders[1]).toMatchObject({ origin: 'stopLoss', side: 'buy', fillPrice: '105' });
    expect(r.trades[0]).toMatchObject({ side: 'short', pnl: '-10' });
  });
});

describe("'ashare' market rules", () => {
  const ashare: BacktestConfigInput = { market: 'ashare', initialCash: '100000' };
  // 1-minute bars: two on 2 Jan, two on 3 Jan (Asia/Shanghai).
  const minutes: BarRow[] = [
    ['2024-01-02 09:31', '10', '10', '10', '10'],
    ['2024-01-02 09:32', '10', '10', '10', '10'],
    ['2024-01-02 09:33', '10.1', '10.1', '10.1', '10.1'],
    ['2024-01-02 15:00', '10.1', '10.1', '10.1', '10.1'],
    ['2024-01-03 09:31', '10.2', '10.2', '10.2', '10.2'],
    ['2024-01-03 09:32', '10.2', '10.2', '10.2', '10.2'],
  ];

  it('T+1: shares bought today are refused for sale today and sold on the next trading day', () => {
    const r = runBacktest(
      bars(minutes, { timeframe: '1m' }),
      scripted({
        0: (c) => c.buy({ quantity: '500' }),
        1: (c) => {
          expect(c.positionSnapshot()).toMatchObject({ quantity: '500', sellable: '0' });
          c.closePosition();
        },
        3: (c) => c.closePosition(),
      }),
      ashare,
    );
    expect(r.orders.map((o) => [o.status, o.doneIndex])).toEqual([
      ['filled', 1],
      ['rejected', 2],
      ['filled', 4],
    ]);
    expect(r.orders[1]!.reason).toBe('T+1: 500 shares bought on 2024-01-02 cannot be sold before the next trading day (sellable 0)');
    expect(r.trades[0]).toMatchObject({ quantity: '500', entryPrice: '10', exitPrice: '10.2', pnl: '100' });
  });

  it('protective exits wait for T+1 instead of being rejected', () => {
    const r = runBacktest(
      bars(minutes, { timeframe: '1m' }),
      scripted({ 0: (c) => c.buy({ quantity: '100', exits: { takeProfit: { percent: 0.5 } } }) }),
      ashare,
    );
    expect(r.orders.filter((o) => o.status === 'rejected')).toHaveLength(0);
    expect(r.trades[0]).toMatchObject({ exitReason: 'takeProfit', exitIndex: 4, exitPrice: '10.2' });
  });

  it('buys are rounded down to 100-share lots; less than a lot is rejected', () => {
    const r = runBacktest(bars(flatDays(3)), scripted({ 0: (c) => c.buy({ quantity: '250' }), 1: (c) => c.buy({ quantity: '50' }) }), ashare);
    expect(r.orders.map((o) => [o.status, o.quantity ?? o.reason])).toEqual([
      ['filled', '200'],
      ['rejected', 'quantity rounds to 0 (lot 100)'],
    ]);
  });

  it('a buy at limit-up and a sell at limit-down do not fill', () => {
    const r = runBacktest(
      bars([day(2, '10'), day(3, '10'), day(4, '11', '11', '11', '11'), day(5, '9.9', '9.9', '9.9', '9.9'), day(8, '8.91', '9', '8.91', '8.91')]),
      scripted({ 0: (c) => c.buy({ quantity: '100' }), 1: (c) => c.buy({ quantity: '100' }), 3: (c) => c.closePosition() }),
      ashare,
    );
    expect(r.orders.map((o) => [o.status, o.reason])).toEqual([
      ['filled', undefined],
      ['rejected', 'limit-up: cannot buy at 11 (limit-up 11)'],
      ['rejected', 'limit-down: cannot sell at 8.91 (limit-down 8.91)'],
    ]);
  });

  it('the config refuses shorting and crypto-only fields on A-shares', () => {
    expect(() => runBacktest(bars(flatDays(2)), scripted({}), { market: 'ashare', allowShort: true })).toThrow(/allowShort/);
    expect(() => runBacktest(bars(flatDays(2)), scripted({}), { market: 'crypto', lotSize: 100 })).toThrow(/lotSize/);
  });
});

describe('what a strategy can see', () => {
  it('bars after the current one are refused; earlier ones are readable as floats and exact strings', () => {
    const seen: unknown[] = [];
    runBacktest(
      bars([day(1, '10.5'), day(2, '11.25'), day(3, '12')]),
      scripted({
        1: (c: StrategyContext) => {
          seen.push(c.close, c.value('close', 0), c.ago('close', 1), c.price('close', 1));
          expect(() => c.value('close', 2)).toThrow(LookaheadError);
          expect(() => c.ago('high', -1)).toThrow(LookaheadError);
          expect(() => c.price('open', 2)).toThrow(LookaheadError);
          expect(() => c.time(2)).toThrow(LookaheadError);
        },
      }),
      crypto,
    );
    expect(seen).toEqual([11.25, 10.5, 10.5, '11.25']);
  });

  it('an invalid order request throws an error naming the field', () => {
    const place = (req: object) => () =>
      runBacktest(bars(flatDays(2)), scripted({ 0: (c) => c.order(req as never) }), crypto);
    expect(place({ side: 'buy', type: 'limit' })).toThrow(OrderRequestError);
    expect(place({ side: 'buy', type: 'limit' })).toThrow('order limitPrice: a limit order needs limitPrice');
    expect(place({ side: 'buy', quantity: '-1' })).toThrow(/order quantity/);
    expect(place({ side: 'hold' })).toThrow(/order side/);
  });

  it('order events arrive before the next onBar', () => {
    const log: string[] = [];
    runBacktest(
      bars(flatDays(3)),
      {
        name: 'events',
        onBar: (c) => {
          log.push(`bar ${c.index}`);
          if (c.index === 0) c.buy({ quantity: '1' });
        },
        onOrderEvent: (e, c) => log.push(`${e.status} ${e.orderId} at ${e.index} seen at ${c.index}`),
      },
      crypto,
    );
    expect(log).toEqual(['bar 0', 'filled 1 at 1 seen at 1', 'bar 1', 'bar 2']);
  });

  it('progress is reported every N bars and at the end', () => {
    const calls: number[] = [];
    runBacktest(bars(flatDays(25)), scripted({}), { ...crypto, progressEvery: 10 }, { onProgress: (p) => calls.push(p.barsDone) });
    expect(calls).toEqual([10, 20, 25]);
  });
});
