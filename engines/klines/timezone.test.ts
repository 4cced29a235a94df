import { describe, expect, it } from 'vitest';
import {
  assertTimeZone,
  civilToMs,
  InvalidTimeZoneError,
  isValidTimeZone,
  localToUtcMs,
  utcOffsetMs,
  utcToLocalParts,
} from './timezone';

const iso = (ms: number): string => new Date(ms).toISOString();
const HOUR = 3_600_000;

describe('localToUtcMs', () => {
  it('reads Shanghai wall-clock time at UTC+8', () => {
    expect(iso(localToUtcMs(2006, 11, 6, 15, 0, 0, 'Asia/Shanghai'))).toBe('2006-11-06T07:00:00.000Z');
  });

  it("applies China's 1986-1991 daylight saving time", () => {
    expect(iso(localToUtcMs(1988, 7, 1, 12, 0, 0, 'Asia/Shanghai'))).toBe('1988-07-01T03:00:00.000Z');
    expect(iso(localToUtcMs(1988, 12, 1, 12, 0, 0, 'Asia/Shanghai'))).toBe('1988-12-01T04:00:00.000Z');
  });

  it('uses EST in winter and EDT in summer for America/New_York', () => {
    expect(iso(localToUtcMs(2021, 1, 15, 9, 30, 0, 'America/New_York'))).toBe('2021-01-15T14:30:00.000Z');
    expect(iso(localToUtcMs(2021, 7, 15, 9, 30, 0, 'America/New_York'))).toBe('2021-07-15T13:30:00.000Z');
  });

  it('switches offset exactly at the spring-forward transition', () => {
    expect(iso(localToUtcMs(2021, 3, 14, 1, 59, 59, 'America/New_York'))).toBe('2021-03-14T06:59:59.000Z');
    expect(iso(localToUtcMs(2021, 3, 14, 3, 0, 0, 'America/New_York'))).toBe('2021-03-14T07:00:00.000Z');
  });

  it('moves a wall-clock time inside the spring-forward gap forward by the gap', () => {
    // 02:30 does not exist on that night; it is read as 03:30 EDT.
    expect(iso(localToUtcMs(2021, 3, 14, 2, 30, 0, 'America/New_York'))).toBe('2021-03-14T07:30:00.000Z');
  });

  it('resolves the repeated hour at fall-back to its first (daylight) occurrence', () => {
    expect(iso(localToUtcMs(2021, 11, 7, 0, 59, 0, 'America/New_York'))).toBe('2021-11-07T04:59:00.000Z');
    expect(iso(localToUtcMs(2021, 11, 7, 1, 30, 0, 'America/New_York'))).toBe('2021-11-07T05:30:00.000Z');
    expect(iso(localToUtcMs(2021, 11, 7, 2, 0, 0, 'America/New_York'))).toBe('2021-11-07T07:00:00.000Z');
  });

  it('handles a half-hour DST shift that does not start on the hour in UTC', () => {
    // Lord Howe Island moves from +10:30 to +11:00 at 02:00 local (15:30 UTC).
    expect(iso(localToUtcMs(2021, 10, 3, 1, 59, 0, 'Australia/Lord_Howe'))).toBe('2021-10-02T15:29:00.000Z');
    expect(iso(localToUtcMs(2021, 10, 3, 2, 45, 0, 'Australia/Lord_Howe'))).toBe('2021-10-02T15:45:00.000Z');
  });

  it('round-trips every 10 minutes of a DST year, except the repeated fall-back hour which maps to its first pass', () => {
    const zone = 'America/New_York';
    const start = Date.UTC(2021, 0, 1);
    const end = Date.UTC(2022, 0, 1);
    const fallBackSecondPass = [Date.UTC(2021, 10, 7, 6), Date.UTC(2021, 10, 7, 7)];
    let mismatches = 0;
    for (let t = start; t < end; t += 10 * 60_000) {
      const p = utcToLocalParts(t, zone);
      const back = localToUtcMs(p.year, p.month, p.day, p.hour, p.minute, p.second, zone);
      const repeated = t >= (fallBackSecondPass[0] ?? 0) && t < (fallBackSecondPass[1] ?? 0);
      if (back !== (repeated ? t - HOUR : t)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('agrees with a zone that has no DST for 240,000 consecutive minutes', () => {
    const base = Date.UTC(2015, 0, 5, 1, 31);
    for (let i = 0; i < 240_000; i += 997) {
      const t = base + i * 60_000;
      const p = utcToLocalParts(t, 'Asia/Shanghai');
      expect(localToUtcMs(p.year, p.month, p.day, p.hour, p.minute, p.second, 'Asia/Shanghai')).toBe(t);
    }
  });

  it('rejects impossible wall-clock fields', () => {
    expect(() => localToUtcMs(2021, 2, 29, 0, 0, 0, 'UTC')).toThrow(RangeError);
    expect(() => localToUtcMs(2020, 13, 1, 0, 0, 0, 'UTC')).toThrow(RangeError);
    expect(() => localToUtcMs(2020, 1, 1, 24, 0, 0, 'UTC')).toThrow(RangeError);
    expect(() => localToUtcMs(2020, 1, 1, 0, 0.5, 0, 'UTC')).toThrow(RangeError);
    expect(iso(localToUtcMs(2020, 2, 29, 23, 59, 59, 'UTC'))).toBe('2020-02-29T23:59:59.000Z');
  });

  it('throws InvalidTimeZoneError for unknown zone names', () => {
    expect(() => localToUtcMs(2020, 1, 1, 0, 0, 0, 'Mars/Olympus_Mons')).toThrow(InvalidTimeZoneError);
    expect(() => localToUtcMs(2020, 1, 1, 0, 0, 0, 'Mars/Olympus_Mons')).toThrow(/unknown time zone 'Mars\/Olympus_Mons'/);
  });
});

describe('time zone names', () => {
  it('accepts IANA names and UTC, rejects others', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Asia/Beijing')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone('+08:00x')).toBe(false);
  });

  it('canonicalises the spelling of a zone name', () => {
    expect(assertTimeZone('asia/shanghai')).toBe('Asia/Shanghai');
    expect(() => assertTimeZone('Nowhere/City')).toThrow(InvalidTimeZoneError);
  });
});

describe('utcOffsetMs and utcToLocalParts', () => {
  it('reports the offset in force at an instant', () => {
    expect(utcOffsetMs(Date.UTC(2021, 0, 15), 'America/New_York')).toBe(-5 * HOUR);
    expect(utcOffsetMs(Date.UTC(2021, 6, 15), 'America/New_York')).toBe(-4 * HOUR);
    expect(utcOffsetMs(Date.UTC(2021, 6, 15), 'Asia/Shanghai')).toBe(8 * HOUR);
    expect(utcOffsetMs(Date.UTC(2021, 6, 15), 'UTC')).toBe(0);
  });

  it('switches the offset mid-hour where a zone does', () => {
    // Lord Howe changes at 15:30 UTC.
    expect(utcOffsetMs(Date.UTC(2021, 9, 2, 15, 29), 'Australia/Lord_Howe')).toBe(10.5 * HOUR);
    expect(utcOffsetMs(Date.UTC(2021, 9, 2, 15, 31), 'Australia/Lord_Howe')).toBe(11 * HOUR);
  });

  it('gives local fields and weekday', () => {
    expect(utcToLocalParts(Date.UTC(2020, 0, 3, 7), 'Asia/Shanghai')).toEqual({
      year: 2020,
      month: 1,
      day: 3,
      hour: 15,
      minute: 0,
      second: 0,
      weekday: 5,
    });
  });
});

describe('civilToMs', () => {
  it('matches Date.UTC, including years before 100', () => {
    expect(civilToMs(2020, 2, 29, 13, 14, 15, 16)).toBe(Date.UTC(2020, 1, 29, 13, 14, 15, 16));
    expect(civilToMs(1969, 12, 31)).toBe(-86_400_000);
    const d = new Date(0);
    d.setUTCFullYear(50, 5, 1);
    expect(civilToMs(50, 6, 1)).toBe(d.getTime());
  });
});
