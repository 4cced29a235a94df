import { describe, expect, it } from 'vitest';
import { ChanAnalyzer, analyzeChan } from './index';
import { barsOf, zigzag } from './test-helpers/bars';

const czsc6 = { stroke: { kind: 'czsc' as const, minBiLen: 6 } };

describe('inclusion (包含)', () => {
  it('merges an included bar the up way: higher high, higher low, pointing at the bars that hold them', () => {
    //  12 ┬        bar 1 (12,7) is above bar 0 → direction up
    //  11 │  ┬     bar 2 (11,8) lies inside bar 1 → merged (12, 8)
    //   8 │  ┴
    //   7 ┴
    const r = analyzeChan(barsOf([[10, 5], [12, 7], [11, 8]]));
    expect(r.merged.count).toBe(2);
    expect([r.merged.first[1], r.merged.last[1]]).toEqual([1, 2]);
    expect([r.merged.highBar[1], r.merged.lowBar[1]]).toEqual([1, 2]);
  });

  it('merges the down way: lower high, lower low', () => {
    // bar 1 (10,5) is below bar 0 → down; bar 2 (11,4) contains bar 1 → merged (10, 4): high from bar 1, low from bar 2
    const r = analyzeChan(barsOf([[12, 7], [10, 5], [11, 4], [13, 9]]));
    expect(r.merged.count).toBe(3);
    expect([r.merged.highBar[1], r.merged.lowBar[1]]).toEqual([1, 2]);
  });

  it('a bar that contains the last merged bar is merged too (either way of inclusion)', () => {
    // up: bar 2 (13,6) contains bar 1 (12,7) → (13, 7): high from bar 2, low stays bar 1
    const r = analyzeChan(barsOf([[10, 5], [12, 7], [13, 6]]));
    expect(r.merged.count).toBe(2);
    expect([r.merged.highBar[1], r.merged.lowBar[1]]).toEqual([2, 1]);
  });

  it('a one-price bar at the merged high does not collapse the merged bar', () => {
    const r = analyzeChan(barsOf([[10, 5], [12, 7], [12, 12], [11, 9]]));
    // bar 2 is covered by merged bar 1 which keeps (12, 7); bar 3 (11, 9) is then inside it and lifts the low to 9
    expect(r.merged.count).toBe(2);
    expect(r.merged.last[1]).toBe(3);
    expect(r.merged.lowBar[1]).toBe(3);
  });

  it('equal highs resolve to the later bar, as czsc does', () => {
    const r = analyzeChan(barsOf([[10, 5], [12, 7], [12, 8]]));
    expect(r.merged.highBar[1]).toBe(2);
  });
});

describe('fractals (分型)', () => {
  it('finds strict tops and bottoms and points at the raw bar of the extreme', () => {
    //      bar:  0     1      2      3      4     5      6
    const pairs: [number, number][] = [[10, 8], [12, 9], [14, 11], [13, 12], [11, 9], [9, 7], [10, 8]];
    // bar 3 (13,12) is inside bar 2 (14,11), merged up → (14, 12); so the top is at merged bar 2 but raw bar 2
    const r = analyzeChan(barsOf(pairs));
    expect(r.fractals.map((f) => [f.kind, f.bar, f.price])).toEqual([
      ['top', 2, '14'],
      ['bottom', 5, '7'],
    ]);
  });

  it('judges fractals on merged bars: an inside bar joins its neighbour before the test', () => {
    // bar 2 (10, 7.5) is inside bar 1 (11, 7); merged the down way → (10, 7), whose low is bar 1's: a bottom there
    const r = analyzeChan(barsOf([[12, 8], [11, 7], [10, 7.5], [12, 9]]));
    expect(r.fractals.map((f) => [f.kind, f.bar, f.price])).toEqual([['bottom', 1, '7']]);
  });
});

describe('strokes (笔)', () => {
  it('connects alternating fractals far enough apart', () => {
    // zigzag 0 → 3 → -3 → 2 → -1: top at bar 3, bottom at bar 9, top at bar 14, bottom at bar 17
    const r = analyzeChan(barsOf(zigzag([0, 3, -3, 2, -1, 1])), czsc6);
    expect(r.strokes.map((s) => [s.direction, s.start.bar, s.end.bar])).toEqual([
      ['down', 3, 9],
      ['up', 9, 14],
      ['down', 14, 17],
    ]);
    expect(r.strokes.map((s) => s.confirmed)).toEqual([true, true, false]);
  });

  it("old rule needs 4 merged bars between middles, czsc's 6-bar rule 3", () => {
    const pairs = zigzag([0, 4, 0, 3, 0, 4, -1]);
    const old = analyzeChan(barsOf(pairs), { stroke: { kind: 'old' } });
    const c6 = analyzeChan(barsOf(pairs), czsc6);
    // legs of 3 steps (4 → 0 → 3 → 0) only qualify under the 6-bar rule
    expect(c6.strokes.length).toBeGreaterThan(old.strokes.length);
    expect(old.strokes.every((s) => s.end.bar - s.start.bar >= 4)).toBe(true);
  });

  it('new rule counts raw bars between the extremes: an included bar makes a 3-merged-bar leg valid', () => {
    // leg 3 → 0 over merged bars, with an extra inside bar: 3 merged bars apart but 3 raw bars in between
    const pairs: [number, number][] = [[1, -1], [2, 0], [3, 1], [4, 2], [3, 1], [2.9, 1.1], [2, 0], [1, -1], [2, 0], [3, 1]];
    const fresh = analyzeChan(barsOf(pairs), { stroke: { kind: 'new' } });
    expect(fresh.strokes.map((s) => [s.direction, s.start.bar, s.end.bar])).toEqual([['down', 3, 7]]);
    const without: [number, number][] = pairs.filter((_, i) => i !== 5);
    expect(analyzeChan(barsOf(without), { stroke: { kind: 'new' } }).strokes).toEqual([]);
  });

  it('extends the last stroke when price goes past its end, and ends it at the most extreme fractal', () => {
    const a = new ChanAnalyzer('T', czsc6);
    const pairs = zigzag([0, 3, -3, 2, 0, 5, 4]);
    for (const [i, [h, l]] of pairs.entries()) a.push({ timeMs: i * 60_000, high: String(h), low: String(l), close: String((h + l) / 2) });
    const ends = a.result().strokes.map((s) => s.end.price);
    // the up stroke from -3 does not stop at the top at 2 (the dip to 0 is too short): it runs to 5
    expect(ends).toEqual(['-4', '6']);
  });
});
