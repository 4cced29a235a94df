import { describe, expect, it } from 'vitest';
import { buildCenters } from './centers';
import { findPoints } from './points';
import { buildSegments } from './segments';
import { linesOf } from './test-helpers/bars';

// Paths are stroke turning points: stroke i runs from path[i] to path[i+1].
describe('segments (线段) by feature sequence', () => {
  it('ends an up segment at a top fractal of its down strokes when there is no gap', () => {
    //        12
    //   10   /\  9        up segment 0..2 tops at 12: feature elements (down strokes) [6,10] [8,12] [5,9]
    //   /\  /  \/\        make a top at [8,12]; 10 ≥ 8 so no gap → the segment ends at 12.
    //  /  \/      \  7    the down segment 3..7 bottoms at 3: elements [8,9] [5,7] [3,6] [4,8]
    // 0    6    8  \/\/\
    const segs = buildSegments(linesOf([0, 10, 6, 12, 8, 9, 5, 7, 3, 6, 4, 8]));
    expect(segs.map((s) => [s.first, s.last, s.dir, s.gap, s.endedBy])).toEqual([
      [0, 2, 1, false, 'fractal'],
      [3, 7, -1, false, 'fractal'],
      [8, 10, 1, false, 'open'],
    ]);
  });

  it('with a gap between the first two elements, waits for the second feature sequence to confirm', () => {
    // elements [8,10] [15,20] [12,16]: top at 20 with a gap (10 < 15). The up strokes after the top, [15,16] [12,14]
    // [11,13.5] [12.5,15], show a bottom at [11,13.5] before price passes 20 → confirmed.
    const path = [0, 10, 8, 20, 15, 16, 12, 14, 11, 13.5, 12.5, 15];
    expect(buildSegments(linesOf(path))[0]).toEqual({ first: 0, last: 2, dir: 1, gap: true, endedBy: 'fractal' });
    // Cut before the confirming stroke: the top is not yet a segment end.
    expect(buildSegments(linesOf(path.slice(0, 10)))).toEqual([{ first: 0, last: 2, dir: 1, gap: false, endedBy: 'open' }]);
  });

  it('a gap-case top refuted by a new high lets the segment run on', () => {
    // after the gap top at 20, an up stroke reaches 21 before any bottom: the segment continues and ends at 21
    const segs = buildSegments(linesOf([0, 10, 8, 20, 15, 16, 12, 21, 14, 19, 13]));
    expect(segs[0]).toEqual({ first: 0, last: 6, dir: 1, gap: false, endedBy: 'fractal' });
  });

  it('a one-stroke start broken at once moves the first segment on', () => {
    // 0→10 then 10→5→8→-2 breaks below 0 with only one up stroke: the first segment starts at 10, going down.
    const segs = buildSegments(linesOf([0, 10, 5, 8, -2, 3, 1, 4, 2, 3.5, 0.5, 2]));
    expect(segs[0]).toEqual({ first: 1, last: 3, dir: -1, gap: true, endedBy: 'fractal' });
  });
});

describe('centers (中枢)', () => {
  it('takes ZG/ZD from the first three overlapping strokes, extends while strokes touch [ZD, ZG]', () => {
    //                 16   20
    //       12        /\   /
    //  10   /\  11   /  \ /       entering 0→10; core strokes 10→6, 6→12, 12→8: ZG = 10, ZD = 8
    //  /\  /  \/\   /    13       11, 7, 16 still touch [8, 10]; 16→13 stays above 10: exit
    // 0  \/    8 \ /
    //     6       7
    const c = buildCenters(linesOf([0, 10, 6, 12, 8, 11, 7, 16, 13, 20]));
    expect(c).toEqual([{ first: 1, last: 6, entering: 0, exit: 7, zg: 10, zd: 8, gg: 16, dd: 6, relation: null }]);
  });

  it('starts the next center at the exit stroke and relates it to the one before', () => {
    const c = buildCenters(linesOf([0, 10, 6, 12, 8, 11, 7, 16, 13, 20, 15, 19, 14, 25]));
    expect(c.map((z) => [z.first, z.last, z.zg, z.zd, z.relation])).toEqual([
      [1, 6, 10, 8, null],
      [7, 12, 16, 15, 'up'],
    ]);
  });
});

describe('buy/sell points', () => {
  // entering 20→10, center from 10→14, 14→12, 12→15 ([12, 14]), 15→11 and 13→5 stay in it; 5→8 stays below ZD.
  const path = [20, 10, 14, 12, 15, 11, 13, 5, 8, 6, 7];
  const lines = linesOf(path);
  const centers = buildCenters(lines);
  const measure = Float64Array.from([10, 1, 1, 1, 3, 1, 4, 1, 1, 1]);

  it('type 1 buy: a new low beyond the center on a weaker MACD measure than the entering stroke', () => {
    const pts = findPoints({ strokes: lines, centers, measure, rate: 1, max2sLevels: 3 });
    expect(pts.map((p) => [p.type, p.side, p.stroke])).toEqual([
      ['1', 'buy', 6],
      ['3a', 'sell', 7],
      ['2', 'buy', 8],
    ]);
    expect(pts[0]!.divergence).toEqual({ entering: 10, leaving: 4, ratio: 0.4, trend: false });
  });

  it('no type 1 when the leaving stroke is as strong as the entering one, nor types 2 built on it', () => {
    const strong = Float64Array.from(measure);
    strong[6] = 12;
    const pts = findPoints({ strokes: lines, centers, measure: strong, rate: 1, max2sLevels: 3 });
    expect(pts.map((p) => p.type)).toEqual(['3a']);
  });

  it('2-similar points follow while pullbacks hold the type-1 low and overlap the type-2 stroke', () => {
    const longer = linesOf([...path, 6.5, 7.5, 5.5, 7]);
    const m = Float64Array.from([...measure, 1, 1, 1, 1]);
    const pts = findPoints({ strokes: longer, centers: buildCenters(longer), measure: m, rate: 1, max2sLevels: 3 });
    expect(pts.filter((p) => p.type === '2s').map((p) => p.stroke)).toEqual([10, 12]);
  });

  it('3b: after a type-1 buy, price rallies above the old center and the pullback stays above ZG', () => {
    const l = linesOf([...path.slice(0, 9), 6, 16, 15, 17]);
    const m = Float64Array.from([...measure.slice(0, 8), 1, 1, 1, 1]);
    const pts = findPoints({ strokes: l, centers: buildCenters(l), measure: m, rate: 1, max2sLevels: 0 });
    expect(pts.filter((p) => p.type === '3b').map((p) => [p.side, p.stroke])).toEqual([['buy', 10]]);
  });
});
