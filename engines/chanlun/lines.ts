/**
 * A "line" is a stroke or a segment reduced to what segment and center detection need: direction and the two end
 * prices. Lines alternate in direction and each starts where the previous one ended.
 */
export interface Lines {
  count: number;
  /** +1 up, -1 down. */
  dir: Int8Array;
  /** Start and end price; for an up line start = low, end = high. */
  start: Float64Array;
  end: Float64Array;
}

export function lineHigh(l: Lines, i: number): number {
  return l.dir[i] === 1 ? l.end[i]! : l.start[i]!;
}

export function lineLow(l: Lines, i: number): number {
  return l.dir[i] === 1 ? l.start[i]! : l.end[i]!;
}
