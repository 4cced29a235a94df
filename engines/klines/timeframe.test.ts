import { describe, expect, it } from 'vitest';
import { inferTimeframe, parseTimeframe, TIMEFRAMES, timeframeMs, timeframeSchema } from './timeframe';
import { civilToMs, localToUtcMs } from './timezone';

const MIN = 60_000;
const DAY = 86_400_000;

describe('timeframes', () => {
  it('knows the duration of every supported timeframe', () => {
    expect(TIMEFRAMES.map((tf) => timeframeMs(tf) / MIN)).toEqual([1, 3, 5, 15, 30, 60, 120, 240, 360, 720, 1440, 10080]);
  });

  it('validates timeframe names with zod', () => {
    expect(timeframeSchema.parse('4h')).toBe('4h');
    expect(timeframeSchema.safeParse('2m').success).toBe(false);
  });
});

describe('parseTimeframe', () => {
  it.each([
    ['Freq.F1', '1m'],
    ['Freq.F5', '5m'],
    ['Freq.F15', '15m'],
    ['Freq.F30', '30m'],
    ['Freq.F60', '1h'],
    ['Freq.F240', '4h'],
    ['Freq.D', '1d'],
    ['Freq.W', '1w'],
    ['1m', '1m'],
    ['12h', '12h'],
    ['1min', '1m'],
    ['60min', '1h'],
    ['1H', '1h'],
    ['D', '1d'],
    ['daily', '1d'],
    ['weekly', '1w'],
    ['5分钟', '5m'],
    ['日线', '1d'],
    ['周线', '1w'],
    [' 1d ', '1d'],
  ])('reads %s as %s', (raw, tf) => {
    expect(parseTimeframe(raw)).toBe(tf);
  });

  it.each(['Freq.M', '1M', 'Freq.F2', 'Freq.Tick', '7m', '2d', 'monthly', '', 'abc'])('rejects %s', (raw) => {
    expect(parseTimeframe(raw)).toBeNull();
  });
});

function weekdaysFrom(startDay: number, count: number, hour: number): number[] {
  const out: number[] = [];
  for (let d = startDay; out.length < count; d++) {
    const wd = new Date(d * DAY).getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(d * DAY + hour * 3_600_000);
  }
  return out;
}

describe('inferTimeframe', () => {
  it('infers daily bars despite weekends and a holiday week', () => {
    const start = civilToMs(2020, 1, 6) / DAY;
    const times = weekdaysFrom(start, 40, 7).filter((_, i) => i < 10 || i > 14);
    expect(inferTimeframe(times)).toBe('1d');
  });

  it('infers daily bars from a short file where weekends are a third of the intervals', () => {
    // Thu, Fri, Mon, Tue: intervals 1d, 3d, 1d.
    expect(inferTimeframe(weekdaysFrom(civilToMs(2020, 1, 2) / DAY, 4, 7))).toBe('1d');
  });

  it('infers daily bars stamped at local midnight across DST changes', () => {
    const times: number[] = [];
    for (let d = 1; d <= 28; d++) times.push(localToUtcMs(2021, 3, d, 0, 0, 0, 'America/New_York'));
    expect(inferTimeframe(times)).toBe('1d');
  });

  it('infers 1-minute bars with a lunch break and nights', () => {
    const times: number[] = [];
    for (let day = 0; day < 3; day++) {
      const base = civilToMs(2020, 1, 6 + day, 1, 30);
      for (let m = 1; m <= 120; m++) times.push(base + m * MIN);
      for (let m = 211; m <= 330; m++) times.push(base + m * MIN);
    }
    expect(inferTimeframe(times)).toBe('1m');
  });

  it('infers weekly and 4-hour bars', () => {
    expect(inferTimeframe([0, 7, 14, 28, 35].map((d) => d * DAY))).toBe('1w');
    expect(inferTimeframe([0, 4, 8, 12, 20].map((h) => h * 3_600_000))).toBe('4h');
  });

  it('returns null for unsupported spacing or too few bars', () => {
    expect(inferTimeframe([0, 2 * MIN, 4 * MIN, 6 * MIN])).toBeNull();
    expect(inferTimeframe([0])).toBeNull();
    expect(inferTimeframe([])).toBeNull();
    expect(inferTimeframe([5, 5, 5])).toBeNull();
  });

  it('falls back to the smallest interval when the most common one is not a timeframe', () => {
    // Mostly 2-minute steps (unsupported) but a 1-minute step shows the real resolution.
    expect(inferTimeframe([0, 2, 4, 6, 7].map((m) => m * MIN))).toBe('1m');
  });
});
