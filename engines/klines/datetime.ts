import { civilToMs, daysInMonth, type Zone } from './timezone';

/**
 * Bar-time parsing tuned for files with hundreds of thousands of rows: a hand-written scanner instead of
 * regular expressions or Date parsing (whose accepted formats are implementation-defined). Every function
 * returns NaN for anything it does not accept, so the caller can report the row.
 */

const MIN_MS = civilToMs(1000, 1, 1);
const MAX_MS = civilToMs(10000, 1, 1);

// Scanner cursor; module state is safe because parsing is synchronous and not re-entrant.
let pos = 0;

function readDigits(s: string, min: number, max: number): number {
  let value = 0;
  let count = 0;
  while (count < max && pos < s.length) {
    const c = s.charCodeAt(pos);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
    pos++;
    count++;
  }
  return count >= min ? value : -1;
}

function validDate(y: number, mo: number, d: number): boolean {
  return y >= 1000 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function validTime(h: number, mi: number, s: number): boolean {
  return h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 59;
}

function inRange(ms: number): number {
  return ms >= MIN_MS && ms < MAX_MS ? ms : Number.NaN;
}

/** 0 = not numeric, 1 = digits only, 2 = digits with a fractional part. */
function numericShape(s: string): 0 | 1 | 2 {
  let dot = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if (c === 46 && !dot && i > 0 && i < s.length - 1) {
      dot = true;
      continue;
    }
    return 0;
  }
  return s.length === 0 ? 0 : dot ? 2 : 1;
}

/**
 * Epoch number whose unit is told by its magnitude: seconds below 1e11 (year 5138), milliseconds below 1e14,
 * microseconds below 1e17, nanoseconds above. Millisecond stamps before March 1973 would be misread as seconds,
 * which no market-data file needs.
 */
export function epochToMs(s: string): number {
  const v = Number(s);
  if (!Number.isFinite(v)) return Number.NaN;
  let ms: number;
  if (v < 1e11) ms = v * 1000;
  else if (v < 1e14) ms = v;
  else if (v < 1e17) ms = v / 1e3;
  else ms = v / 1e6;
  return inRange(Math.round(ms));
}

function compactToMs(s: string, zone: Zone): number {
  pos = 0;
  const y = readDigits(s, 4, 4);
  const mo = readDigits(s, 2, 2);
  const d = readDigits(s, 2, 2);
  const h = s.length >= 12 ? readDigits(s, 2, 2) : 0;
  const mi = s.length >= 12 ? readDigits(s, 2, 2) : 0;
  const sec = s.length === 14 ? readDigits(s, 2, 2) : 0;
  if (!validDate(y, mo, d) || !validTime(h, mi, sec)) return Number.NaN;
  return inRange(zone.localMsToUtcMs(civilToMs(y, mo, d, h, mi, sec)));
}

/**
 * Accepts `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYYMMDD`, optionally followed by ` ` or `T` and `HH:MM[:SS[.fff]]`,
 * optionally followed by `Z` or a `±HH[:MM]` offset. Without an offset the wall clock is read in `zone`.
 */
function formattedToMs(s: string, zone: Zone): number {
  const n = s.length;
  pos = 0;
  const y = readDigits(s, 4, 4);
  if (y < 0 || pos >= n) return Number.NaN;
  let mo: number;
  let d: number;
  const sep = s.charCodeAt(pos);
  if (sep === 45 /* - */ || sep === 47 /* / */) {
    pos++;
    mo = readDigits(s, 1, 2);
    if (pos >= n || s.charCodeAt(pos) !== sep) return Number.NaN;
    pos++;
    d = readDigits(s, 1, 2);
  } else {
    mo = readDigits(s, 2, 2);
    d = readDigits(s, 2, 2);
  }
  return dateThenTimeToMs(s, zone, y, mo, d);
}

/**
 * `DD/MM/YYYY` (dayFirst) or `MM/DD/YYYY`, with `/`, `-` or `.` between the parts, then the optional time and
 * offset of {@link formattedToMs}. Day-first and month-first dates cannot be told apart by looking, so the caller
 * says which.
 */
function dayMonthYearToMs(s: string, zone: Zone, dayFirst: boolean): number {
  const n = s.length;
  pos = 0;
  const a = readDigits(s, 1, 2);
  if (a < 0 || pos >= n) return Number.NaN;
  const sep = s.charCodeAt(pos);
  if (sep !== 45 /* - */ && sep !== 47 /* / */ && sep !== 46 /* . */) return Number.NaN;
  pos++;
  const b = readDigits(s, 1, 2);
  if (b < 0 || pos >= n || s.charCodeAt(pos) !== sep) return Number.NaN;
  pos++;
  const y = readDigits(s, 4, 4);
  return dateThenTimeToMs(s, zone, y, dayFirst ? b : a, dayFirst ? a : b);
}

/** Reads the optional time of day and offset from `pos` on, after a date the caller has read. */
function dateThenTimeToMs(s: string, zone: Zone, y: number, mo: number, d: number): number {
  const n = s.length;
  if (!validDate(y, mo, d)) return Number.NaN;

  let h = 0;
  let mi = 0;
  let sec = 0;
  let ms = 0;
  if (pos < n) {
    const c = s.charCodeAt(pos);
    if (c === 32 /* space */ || c === 84 /* T */ || c === 116 /* t */) {
      pos++;
      h = readDigits(s, 1, 2);
      if (h < 0 || pos >= n || s.charCodeAt(pos) !== 58 /* : */) return Number.NaN;
      pos++;
      mi = readDigits(s, 2, 2);
      if (pos < n && s.charCodeAt(pos) === 58) {
        pos++;
        sec = readDigits(s, 2, 2);
        if (pos < n && (s.charCodeAt(pos) === 46 || s.charCodeAt(pos) === 44) /* . or , */) {
          pos++;
          const start = pos;
          const frac = readDigits(s, 1, 9);
          if (frac < 0) return Number.NaN;
          // Keep milliseconds only: scale the fraction to exactly three digits.
          const digits = pos - start;
          ms = digits <= 3 ? frac * 10 ** (3 - digits) : Math.floor(frac / 10 ** (digits - 3));
        }
      }
      if (!validTime(h, mi, sec)) return Number.NaN;
    }
  }

  let offset = Number.NaN;
  if (pos < n) {
    if (s.charCodeAt(pos) === 32) pos++;
    const c = s.charCodeAt(pos);
    if (c === 90 /* Z */ || c === 122 /* z */) {
      offset = 0;
      pos++;
    } else if (c === 43 /* + */ || c === 45 /* - */) {
      pos++;
      const oh = readDigits(s, 2, 2);
      if (pos < n && s.charCodeAt(pos) === 58) pos++;
      const om = pos < n ? readDigits(s, 2, 2) : 0;
      if (oh < 0 || oh > 23 || om < 0 || om > 59) return Number.NaN;
      offset = (c === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
    } else {
      return Number.NaN;
    }
  }
  if (pos !== n) return Number.NaN;

  const local = civilToMs(y, mo, d, h, mi, sec, ms);
  return inRange(Number.isNaN(offset) ? zone.localMsToUtcMs(local) : local - offset);
}

/**
 * UTC epoch ms of a bar time, or NaN. `epochColumn` marks a column named for epoch stamps ('timestamp'), where
 * an all-digit value is always an epoch; elsewhere 8, 12 and 14 digit values are compact local dates
 * (YYYYMMDD, YYYYMMDDHHMM, YYYYMMDDHHMMSS), as tushare's trade_date writes them.
 */
export function parseBarTime(s: string, zone: Zone, epochColumn: boolean): number {
  const shape = numericShape(s);
  if (shape === 0) return formattedToMs(s, zone);
  if (shape === 1 && !epochColumn && (s.length === 8 || s.length === 12 || s.length === 14)) return compactToMs(s, zone);
  return epochToMs(s);
}

/** True for a bare time of day (`9:31`, `09:31:00`), used to pair separate date and time columns. */
export function isTimeOfDay(s: string): boolean {
  return /^\d{1,2}:\d{2}(:\d{2}([.,]\d{1,9})?)?$/.test(s);
}

/**
 * How a time column is read. `auto`: year-first dates (`YYYY-MM-DD`, `YYYY/MM/DD`, `YYYYMMDD`) with optional time
 * and offset, or epoch numbers; `epoch`: numbers only, unit told by magnitude; `dmy` / `mdy`: day-first or
 * month-first dates, which no file can be told apart by looking at.
 */
export const TIME_FORMATS = ['auto', 'epoch', 'dmy', 'mdy'] as const;
export type TimeFormat = (typeof TIME_FORMATS)[number];

/** What a format accepts, for the message about a time it could not read. */
export const TIME_FORMAT_SHAPES: Record<Exclude<TimeFormat, 'auto'>, string> = {
  epoch: 'an epoch number in s, ms, µs or ns',
  dmy: 'DD/MM/YYYY (or with - or .), then optionally HH:MM[:SS] and an offset',
  mdy: 'MM/DD/YYYY (or with - or .), then optionally HH:MM[:SS] and an offset',
};

/** The parser for one time format; `epochColumn` keeps `auto`'s reading of a column named for epoch stamps. */
export function barTimeParser(format: TimeFormat, epochColumn: boolean): (s: string, zone: Zone) => number {
  switch (format) {
    case 'auto':
      return (s, zone) => parseBarTime(s, zone, epochColumn);
    case 'epoch':
      return (s) => (numericShape(s) === 0 ? Number.NaN : epochToMs(s));
    case 'dmy':
      return (s, zone) => dayMonthYearToMs(s, zone, true);
    case 'mdy':
      return (s, zone) => dayMonthYearToMs(s, zone, false);
  }
}
