import { describe, expect, it } from 'vitest';
import { DailySessions, Donchian, Obv, Vwap, dailySessionStarts, donchian, obv, vwap } from './index';

describe('OBV', () => {
  it('starts at the first volume and adds/subtracts on up/down closes (TA-Lib)', () => {
    expect(Array.from(obv([10, 11, 11, 9, 12], [100, 50, 70, 20, 5]))).toEqual([100, 150, 150, 130, 135]);
    const o = new Obv();
    expect(o.update(1, 7)).toBe(7);
  });
});

describe('VWAP', () => {
  it('weights the typical price by volume and restarts on a new session', () => {
    const v = new Vwap();
    expect(v.update(12, 9, 10.5, 100)).toBeCloseTo(10.5, 12); // tp (12+9+10.5)/3 = 10.5
    expect(v.update(13, 11, 12, 300)).toBeCloseTo((10.5 * 100 + 12 * 300) / 400, 12);
    expect(v.update(20, 18, 19, 50, true)).toBeCloseTo(19, 12);
    expect(Number.isNaN(new Vwap().update(1, 1, 1, 0))).toBe(true);
  });

  it('starts sessions on local calendar days', () => {
    const t = (iso: string) => Date.parse(iso);
    // 23:00 and 23:59 UTC on the 1st are 07:00/07:59 on the 2nd in Shanghai; 16:00 UTC is midnight there.
    const times = [t('2024-01-01T15:59:00Z'), t('2024-01-01T16:00:00Z'), t('2024-01-01T23:59:00Z'), t('2024-01-02T16:30:00Z')];
    expect(Array.from(dailySessionStarts(times, 'Asia/Shanghai'))).toEqual([1, 1, 0, 1]);
    expect(Array.from(dailySessionStarts(times, 'UTC'))).toEqual([1, 0, 0, 1]);
    const s = new DailySessions('Asia/Shanghai');
    expect(s.isNewSession(times[0]!)).toBe(true);
    expect(s.isNewSession(times[0]!)).toBe(false);
    expect(() => new DailySessions('Mars/Olympus')).toThrow();
  });

  it('batch VWAP with session flags equals the class fed the same flags', () => {
    const h = [11, 12, 13, 14], l = [9, 10, 11, 12], c = [10, 11, 12, 13], vol = [1, 2, 3, 4];
    const out = vwap(h, l, c, vol, [1, 0, 1, 0]);
    expect(out[1]).toBeCloseTo((10 * 1 + 11 * 2) / 3, 12);
    expect(out[2]).toBe(12);
    expect(out[3]).toBeCloseTo((12 * 3 + 13 * 4) / 7, 12);
  });
});

describe('Donchian', () => {
  it('uses the last N bars including the current one', () => {
    const d = donchian([5, 7, 6, 4, 8], [3, 4, 2, 3, 5], 3);
    expect(Array.from(d.upper)).toEqual([NaN, NaN, 7, 7, 8]);
    expect(Array.from(d.lower)).toEqual([NaN, NaN, 2, 2, 2]);
    expect(Array.from(d.middle)).toEqual([NaN, NaN, 4.5, 4.5, 5]);
    const inc = new Donchian(3);
    [5, 7, 6].forEach((x, i) => inc.update(x, [3, 4, 2][i]!));
    expect([inc.upper, inc.lower, inc.middle]).toEqual([7, 2, 4.5]);
  });

  it('tracks the extreme through a long monotonic run (the deque evicts by age)', () => {
    const n = 500;
    const rising = Array.from({ length: n }, (_, i) => i);
    const falling = rising.map((x) => n - x);
    const up = donchian(rising, rising, 20);
    const down = donchian(falling, falling, 20);
    for (let i = 19; i < n; i++) {
      expect(up.upper[i]).toBe(i);
      expect(up.lower[i]).toBe(i - 19);
      expect(down.upper[i]).toBe(n - (i - 19));
      expect(down.lower[i]).toBe(n - i);
    }
  });
});
