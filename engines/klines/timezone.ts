/**
 * Wall-clock ↔ UTC conversion on top of Intl, fast enough for hundreds of thousands of bars.
 *
 * Intl.DateTimeFormat is the only tz database available without a dependency, but formatToParts costs
 * microseconds, so offsets are cached per zone per hour. Hours that lie within a day of an offset change are
 * never cached: they are resolved exactly per call, which keeps DST (and half-hour shifts such as
 * Australia/Lord_Howe) correct.
 */

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
/** Keeps a pathological input (decades of hourly keys in many zones) from growing memory without bound. */
const MAX_CACHE_ENTRIES = 500_000;
/** Marks an hour near an offset change, where a single cached offset could be wrong for part of the hour. */
const UNSTABLE = Number.NaN;

export class InvalidTimeZoneError extends Error {
  override readonly name = 'InvalidTimeZoneError';
  constructor(readonly timeZone: string) {
    super(`unknown time zone '${timeZone}' (expected an IANA name such as 'Asia/Shanghai' or 'UTC')`);
  }
}

/**
 * Milliseconds since the epoch for a proleptic Gregorian wall-clock reading, without Date.UTC's
 * "years 0-99 mean 1900-1999" quirk. Fields are assumed in range.
 */
export function civilToMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  // Howard Hinnant's days_from_civil: exact integer arithmetic, no Date allocation.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146_097 + doe - 719_468;
  return days * MS_PER_DAY + hour * MS_PER_HOUR + minute * 60_000 + second * 1000 + ms;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

/** Converter bound to one zone; obtained from {@link zoneFor} and shared, so its caches are shared too. */
export interface Zone {
  readonly name: string;
  /** Offset (local − UTC) in ms at a UTC instant. */
  offsetAt(utcMs: number): number;
  /**
   * UTC instant for a wall-clock reading expressed as "ms since epoch as if the wall clock were UTC".
   * Ambiguous readings (DST fall-back) take the earlier instant; readings inside a DST gap are shifted
   * forward by the gap, matching Temporal's 'compatible' disambiguation.
   */
  localMsToUtcMs(localMs: number): number;
}

const zones = new Map<string, Zone>();

function makeFixedZone(name: string): Zone {
  return { name, offsetAt: () => 0, localMsToUtcMs: (localMs) => localMs };
}

function makeIntlZone(name: string, formatter: Intl.DateTimeFormat): Zone {
  const rawOffset = (utcMs: number): number => {
    // Offsets are whole seconds in tzdb; flooring avoids sub-second residue in the subtraction below.
    const at = Math.floor(utcMs / 1000) * 1000;
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let s = 0;
    let bce = false;
    for (const part of formatter.formatToParts(at)) {
      switch (part.type) {
        case 'year': y = Number(part.value); break;
        case 'month': mo = Number(part.value); break;
        case 'day': d = Number(part.value); break;
        case 'hour': h = Number(part.value); break;
        case 'minute': mi = Number(part.value); break;
        case 'second': s = Number(part.value); break;
        case 'era': bce = part.value.startsWith('B'); break;
        default: break;
      }
    }
    if (bce) y = 1 - y;
    return civilToMs(y, mo, d, h % 24, mi, s) - at;
  };

  const utcHourCache = new Map<number, number>();
  const localHourCache = new Map<number, number>();

  const exactLocalToUtc = (localMs: number): number => {
    const before = rawOffset(localMs - MS_PER_DAY);
    const after = rawOffset(localMs + MS_PER_DAY);
    const viaBefore = localMs - before;
    const viaAfter = localMs - after;
    const beforeValid = rawOffset(viaBefore) === before;
    const afterValid = before !== after && rawOffset(viaAfter) === after;
    if (beforeValid && afterValid) return Math.min(viaBefore, viaAfter);
    if (beforeValid) return viaBefore;
    if (afterValid) return viaAfter;
    // In a DST gap: reading the wall clock with the pre-transition offset moves it forward by the gap.
    return viaBefore;
  };

  return {
    name,
    offsetAt(utcMs) {
      const key = Math.floor(utcMs / MS_PER_HOUR);
      let offset = utcHourCache.get(key);
      if (offset === undefined) {
        const start = rawOffset(key * MS_PER_HOUR);
        offset = start === rawOffset(key * MS_PER_HOUR + MS_PER_HOUR - 1000) ? start : UNSTABLE;
        if (utcHourCache.size >= MAX_CACHE_ENTRIES) utcHourCache.clear();
        utcHourCache.set(key, offset);
      }
      return Number.isNaN(offset) ? rawOffset(utcMs) : offset;
    },
    localMsToUtcMs(localMs) {
      const key = Math.floor(localMs / MS_PER_HOUR);
      let offset = localHourCache.get(key);
      if (offset === undefined) {
        // A local hour maps into UTC within ±14 h, so equal offsets a day either side mean no change can
        // fall inside it (tzdb has no zone that changes twice and back within two days).
        const hourStart = key * MS_PER_HOUR;
        const before = rawOffset(hourStart - MS_PER_DAY);
        offset = before === rawOffset(hourStart + MS_PER_DAY) ? before : UNSTABLE;
        if (localHourCache.size >= MAX_CACHE_ENTRIES) localHourCache.clear();
        localHourCache.set(key, offset);
      }
      return Number.isNaN(offset) ? exactLocalToUtc(localMs) : localMs - offset;
    },
  };
}

/** Canonical zone for a name; throws {@link InvalidTimeZoneError} when Intl does not know it. */
export function zoneFor(timeZone: string): Zone {
  const cached = zones.get(timeZone);
  if (cached) return cached;
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new InvalidTimeZoneError(timeZone);
  }
  const resolved = formatter.resolvedOptions().timeZone;
  const zone =
    resolved === 'UTC' || resolved === 'Etc/UTC' || resolved === 'GMT' || resolved === 'Etc/GMT'
      ? makeFixedZone(resolved)
      : makeIntlZone(resolved, formatter);
  zones.set(timeZone, zone);
  return zone;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    zoneFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Canonical IANA name (e.g. 'Asia/Shanghai' for 'asia/shanghai'); throws {@link InvalidTimeZoneError}. */
export function assertTimeZone(timeZone: string): string {
  if (timeZone.trim() === '') throw new InvalidTimeZoneError(timeZone);
  return zoneFor(timeZone).name;
}

/**
 * UTC epoch ms for a wall-clock time in `timeZone` (month 1-12). Ambiguous times resolve to the earlier
 * instant, nonexistent ones (spring-forward gap) are moved forward by the gap length.
 */
export function localToUtcMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  timeZone: string,
): number {
  const ints = [year, month, day, hour, minute, second];
  if (
    ints.some((v) => !Number.isInteger(v)) ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  ) {
    throw new RangeError(`invalid local date-time ${ints.join(',')}`);
  }
  return zoneFor(timeZone).localMsToUtcMs(civilToMs(year, month, day, hour, minute, second));
}

/** Offset (local − UTC) in ms of `timeZone` at the instant `utcMs`. */
export function utcOffsetMs(utcMs: number, timeZone: string): number {
  return zoneFor(timeZone).offsetAt(utcMs);
}

/** Wall-clock fields of `utcMs` in `timeZone`. */
export function utcToLocalParts(utcMs: number, timeZone: string): LocalParts {
  const local = utcMs + zoneFor(timeZone).offsetAt(utcMs);
  const d = new Date(local);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}
