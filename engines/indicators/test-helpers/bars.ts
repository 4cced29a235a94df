import { decodeKlineSource, parseKlineCsv } from '../../klines';
import { readSharedData } from '../../klines/test-helpers/shared-data';

/** OHLCV as floats: indicator inputs are statistical, so the decimal strings of the parser become numbers here. */
export interface FloatBars {
  source: string;
  timeMs: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

/** Reads a file of ../shared/data through the project's kline parser; `rows` keeps the first n bars; `symbol` for files without a symbol column. */
export function loadSharedBars(relative: string, opts: { rows?: number; symbol?: string } = {}): FloatBars {
  const text = decodeKlineSource(readSharedData(relative), relative);
  const parsed = parseKlineCsv(text, opts.symbol ? { symbol: opts.symbol } : {});
  if (!parsed.ok) throw new Error(`${relative}: ${parsed.errors.map((e) => `line ${e.line}: ${e.reason}`).join('; ')}`);
  const b = parsed.bars;
  const n = Math.min(opts.rows ?? b.close.length, b.close.length);
  const nums = (col: string[]) => col.slice(0, n).map(Number);
  return {
    source: `../shared/data/${relative}`,
    timeMs: Array.from(b.timeMs).slice(0, n),
    open: nums(b.open),
    high: nums(b.high),
    low: nums(b.low),
    close: nums(b.close),
    volume: nums(b.volume),
  };
}
