import { decodeKlineSource, parseKlineCsv, type KlineColumns } from '../../klines';
import { readSharedData } from '../../klines/test-helpers/shared-data';

const cache = new Map<string, KlineColumns>();

/** Bars of a shared data file (`../shared/data/<relative>`, zips unpacked), parsed once per test process. */
export function sharedBars(relative: string, symbol?: string): KlineColumns {
  let bars = cache.get(relative);
  if (!bars) {
    const parsed = parseKlineCsv(decodeKlineSource(readSharedData(relative), relative), symbol ? { symbol } : {});
    if (!parsed.ok) throw new Error(`${relative}: ${parsed.errors.map((e) => `line ${e.line}: ${e.reason}`).join('; ')}`);
    bars = parsed.bars;
    cache.set(relative, bars);
  }
  return bars;
}

/** The first `n` bars. */
export function firstBars(bars: KlineColumns, n: number): KlineColumns {
  return {
    symbol: bars.symbol,
    timeframe: bars.timeframe,
    timeMs: Array.from(bars.timeMs).slice(0, n),
    open: bars.open.slice(0, n),
    high: bars.high.slice(0, n),
    low: bars.low.slice(0, n),
    close: bars.close.slice(0, n),
    volume: bars.volume.slice(0, n),
  };
}

/** SSE Composite daily bars, 2006-11 → 2020-07 (3,332 rows). */
export const dailyBars = (): KlineColumns => sharedBars('ashare/000001.SH_D.csv');
