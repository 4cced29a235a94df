import type { CenterSpan } from './centers';
import { lineHigh, lineLow, type Lines } from './lines';

export type BspType = '1' | '2' | '2s' | '3a' | '3b';

export interface RawPoint {
  type: BspType;
  side: 'buy' | 'sell';
  /** Stroke whose end is the point. */
  stroke: number;
  /** Center the point refers to (index into the stroke centers). */
  center: number;
  reason: string;
  /** For type 1: the entering and leaving measures and whether the move is a trend (≥ 2 centers the same way). */
  divergence?: { entering: number; leaving: number; ratio: number; trend: boolean };
}

export interface PointInput {
  strokes: Lines;
  centers: CenterSpan[];
  /** Divergence measure per stroke (MACD area or peak, NaN during warm-up). */
  measure: Float64Array;
  rate: number;
  max2sLevels: number;
}

/**
 * Buy/sell points (买卖点) on strokes, against stroke centers. Buy side written out; sell mirrors it.
 * - 1: a member stroke of a center, after the center's first three, moving the same way as the entering stroke and
 *   making a new low below every earlier member, whose measure is below rate × the entering stroke's (背驰).
 * - 2: the next down stroke after a type-1 buy that stays above the type-1 low.
 * - 2s (类二): the following down strokes (up to max2sLevels) that stay above the type-1 low and keep overlapping the
 *   type-2 stroke's range (running intersection).
 * - 3a: the stroke that ends a center (first one entirely clear of [ZD, ZG]) when it is a down stroke above ZG.
 * - 3b: after a type-1 buy, the first down stroke whose low stays above the diverging center's ZG once an up stroke
 *   has gone above it (the old center left on the other side), before any stroke goes below the type-1 low.
 */
export function findPoints(inp: PointInput): RawPoint[] {
  const { strokes: l, centers, measure } = inp;
  const out: RawPoint[] = [];
  for (let c = 0; c < centers.length; c++) {
    const z = centers[c]!;
    const e = z.entering;
    const dE = l.dir[e]!;
    const side = dE === -1 ? 'buy' : 'sell';
    const trend = z.relation === (dE === -1 ? 'down' : 'up');
    let ext = dE === -1 ? Infinity : -Infinity;
    for (let j = z.first; j <= z.last; j++) {
      const far = dE === -1 ? lineLow(l, j) : lineHigh(l, j);
      const isNew = dE === -1 ? far < ext : far > ext;
      if (j >= z.first + 3 && l.dir[j] === dE && isNew) {
        const mIn = measure[e]!;
        const mOut = measure[j]!;
        if (mIn === mIn && mOut === mOut && mOut < inp.rate * mIn) {
          out.push({
            type: '1',
            side,
            stroke: j,
            center: c,
            reason: `${side === 'buy' ? 'new low' : 'new high'} beyond center ${c} with MACD ${mOut.toPrecision(4)} < ${inp.rate} × entering ${mIn.toPrecision(4)} (${trend ? 'trend' : 'consolidation'} divergence)`,
            divergence: { entering: mIn, leaving: mOut, ratio: mIn > 0 ? mOut / mIn : Infinity, trend },
          });
          secondAndThirdAfter(inp, out, j, c, side);
        }
      }
      ext = dE === -1 ? Math.min(ext, far) : Math.max(ext, far);
    }
    if (z.exit >= 0) {
      const m = z.exit;
      if (l.dir[m] === -1 && lineLow(l, m) > z.zg) {
        out.push({ type: '3a', side: 'buy', stroke: m, center: c, reason: `pullback low stays above ZG of center ${c}` });
      } else if (l.dir[m] === 1 && lineHigh(l, m) < z.zd) {
        out.push({ type: '3a', side: 'sell', stroke: m, center: c, reason: `rebound high stays below ZD of center ${c}` });
      }
    }
  }
  out.sort((a, b) => a.stroke - b.stroke || order(a.type) - order(b.type));
  return out;
}

function order(t: BspType): number {
  return t === '1' ? 0 : t === '2' ? 1 : t === '2s' ? 2 : t === '3a' ? 3 : 4;
}

function secondAndThirdAfter(inp: PointInput, out: RawPoint[], p1: number, c: number, side: 'buy' | 'sell'): void {
  const l = inp.strokes;
  const buy = side === 'buy';
  const p1Price = l.end[p1]!;
  const holds = (j: number) => (buy ? lineLow(l, j) > p1Price : lineHigh(l, j) < p1Price);
  const p2 = p1 + 2;
  if (p2 < l.count && holds(p2)) {
    out.push({ type: '2', side, stroke: p2, center: c, reason: `first pullback after type-1 at stroke ${p1} holds its ${buy ? 'low' : 'high'}` });
    let lo = lineLow(l, p2);
    let hi = lineHigh(l, p2);
    for (let k = 1; k <= inp.max2sLevels; k++) {
      const j = p2 + 2 * k;
      if (j >= l.count || !holds(j)) break;
      lo = Math.max(lo, lineLow(l, j));
      hi = Math.min(hi, lineHigh(l, j));
      if (!(hi >= lo)) break;
      out.push({ type: '2s', side, stroke: j, center: c, reason: `pullback ${k + 1} after type-1 at stroke ${p1} holds and overlaps the type-2 stroke` });
    }
  }
  const z = inp.centers[c]!;
  let crossed = false;
  for (let j = p1 + 1; j < l.count; j++) {
    if (l.dir[j] === l.dir[p1]) {
      if (!holds(j)) break;
      if (crossed && (buy ? lineLow(l, j) > z.zg : lineHigh(l, j) < z.zd)) {
        out.push({ type: '3b', side, stroke: j, center: c, reason: `after type-1 at stroke ${p1}, pullback stays ${buy ? 'above ZG' : 'below ZD'} of center ${c}` });
        break;
      }
    } else if (buy ? lineHigh(l, j) > z.zg : lineLow(l, j) < z.zd) {
      crossed = true;
    }
  }
}
