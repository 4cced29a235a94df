import type { KlineColumns } from '../../klines';
import type { Lines } from '../lines';

/** Bars from [high, low] pairs, one minute apart; close is the midpoint. */
export function barsOf(pairs: [number, number][], symbol = 'TEST'): KlineColumns {
  return {
    symbol,
    timeframe: '1m',
    timeMs: pairs.map((_, i) => 1_700_000_000_000 + i * 60_000),
    open: pairs.map(([h, l]) => String((h + l) / 2)),
    high: pairs.map(([h]) => String(h)),
    low: pairs.map(([, l]) => String(l)),
    close: pairs.map(([h, l]) => String((h + l) / 2)),
    volume: pairs.map(() => '1'),
  };
}

/**
 * A zigzag walking one step per bar through the given pivot levels; each bar spans level ± 1, so consecutive bars
 * never include one another and every interior pivot is a fractal.
 */
export function zigzag(pivots: number[]): [number, number][] {
  const out: [number, number][] = [];
  let v = pivots[0]!;
  out.push([v + 1, v - 1]);
  for (let p = 1; p < pivots.length; p++) {
    const target = pivots[p]!;
    const step = target > v ? 1 : -1;
    while (v !== target) {
      v += step;
      out.push([v + 1, v - 1]);
    }
  }
  return out;
}

/** Lines from a path of turning prices: line i runs from path[i] to path[i+1]. */
export function linesOf(path: number[]): Lines {
  const n = path.length - 1;
  const l: Lines = { count: n, dir: new Int8Array(n), start: new Float64Array(n), end: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    l.start[i] = path[i]!;
    l.end[i] = path[i + 1]!;
    l.dir[i] = path[i + 1]! > path[i]! ? 1 : -1;
  }
  return l;
}

export function sliceColumns(b: KlineColumns, n: number): KlineColumns {
  return {
    symbol: b.symbol,
    timeframe: b.timeframe,
    timeMs: Array.from(b.timeMs).slice(0, n),
    open: b.open.slice(0, n),
    high: b.high.slice(0, n),
    low: b.low.slice(0, n),
    close: b.close.slice(0, n),
    volume: b.volume.slice(0, n),
  };
}
