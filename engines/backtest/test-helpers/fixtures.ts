import type { KlineColumns, Timeframe } from '../../klines';
import type { Strategy, StrategyContext } from '../types';

/** One bar: Shanghai (or UTC for crypto) wall time 'YYYY-MM-DD HH:MM', then open, high, low, close as decimal strings. */
export type BarRow = [time: string, open: string, high: string, low: string, close: string];

export function bars(rows: BarRow[], opts: { timeframe?: Timeframe; utcOffsetHours?: number; symbol?: string } = {}): KlineColumns {
  const offset = (opts.utcOffsetHours ?? 8) * 3_600_000;
  const timeMs = rows.map(([t]) => {
    const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(t);
    if (!m) throw new Error(`bad fixture time ${t}`);
    return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!) - offset;
  });
  return {
    symbol: opts.symbol ?? '600000.SH',
    timeframe: opts.timeframe ?? '1d',
    timeMs,
    open: rows.map((r) => r[1]),
    high: rows.map((r) => r[2]),
    low: rows.map((r) => r[3]),
    close: rows.map((r) => r[4]),
    volume: rows.map(() => '1000'),
  };
}

/** Daily bars that all trade at one price, for tests that only care about what happens on a few bars. */
export function flatDays(count: number, price = '10', start = 1): BarRow[] {
  return Array.from({ length: count }, (_, k) => {
    const day = String(start + k).padStart(2, '0');
    return [`2024-01-${day} 15:00`, price, price, price, price] as BarRow;
  });
}

/** A strategy that runs the given actions after the listed bars close. */
export function scripted(actions: Record<number, (ctx: StrategyContext) => void>, name = 'scripted'): Strategy {
  return {
    name,
    onBar(ctx) {
      actions[ctx.index]?.(ctx);
    },
  };
}
