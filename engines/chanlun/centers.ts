import { lineHigh, lineLow, type Lines } from './lines';

export interface CenterSpan {
  /** Lines (strokes or segments) in the center: [first, last], at least 3. */
  first: number;
  last: number;
  /** The line that led into the center (first − 1). */
  entering: number;
  /** First line after the center that stays clear of [zd, zg], or -1 while the center is still open. */
  exit: number;
  zg: number;
  zd: number;
  gg: number;
  dd: number;
  /** Against the previous center: 'up' when zd > its zg, 'down' when zg < its zd, else 'overlap'. */
  relation: 'up' | 'down' | 'overlap' | null;
}

/**
 * Centers (中枢) from consecutive lines. Three consecutive lines i, i+1, i+2 (i ≥ 1, so an entering line exists)
 * whose ranges overlap form a center: ZG = min of their highs, ZD = max of their lows, ZG > ZD. Later lines that
 * touch [ZD, ZG] extend it (ZG/ZD stay, GG/DD widen). The first line entirely above ZG or below ZD ends it; the search
 * for the next center starts at that line (its entering line is the last member).
 */
export function buildCenters(l: Lines): CenterSpan[] {
  const out: CenterSpan[] = [];
  let i = 1;
  while (i + 2 < l.count) {
    const zg = Math.min(lineHigh(l, i), lineHigh(l, i + 1), lineHigh(l, i + 2));
    const zd = Math.max(lineLow(l, i), lineLow(l, i + 1), lineLow(l, i + 2));
    if (!(zg > zd)) {
      i++;
      continue;
    }
    let k = i + 2;
    while (k + 1 < l.count && lineLow(l, k + 1) <= zg && lineHigh(l, k + 1) >= zd) k++;
    let gg = -Infinity;
    let dd = Infinity;
    for (let j = i; j <= k; j++) {
      gg = Math.max(gg, lineHigh(l, j));
      dd = Math.min(dd, lineLow(l, j));
    }
    const prev = out[out.length - 1];
    const relation = !prev ? null : zd > prev.zg ? 'up' : zg < prev.zd ? 'down' : 'overlap';
    out.push({ first: i, last: k, entering: i - 1, exit: k + 1 < l.count ? k + 1 : -1, zg, zd, gg, dd, relation });
    i = k + 1;
  }
  return out;
}
