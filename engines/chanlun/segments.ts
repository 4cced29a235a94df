import { lineHigh, lineLow, type Lines } from './lines';

/** A segment as a run of strokes [first, last]; it starts at first's start and ends at last's end. */
export interface SegmentSpan {
  first: number;
  last: number;
  dir: 1 | -1;
  /** The end was found with a gap between the first and second feature elements (second sequence confirmed it). */
  gap: boolean;
  /** How the end was found: feature fractal, the start being broken, or not yet (the open last segment). */
  endedBy: 'fractal' | 'start-broken' | 'open';
}

interface Element {
  hi: number;
  lo: number;
  /** Stroke whose far end is the element's extreme in the segment's direction (hi for up segments). */
  peak: number;
}

type Scan =
  | { kind: 'end'; last: number; gap: boolean }
  | { kind: 'broken'; at: number }
  | { kind: 'open' };

/**
 * Segments (线段) by the feature-sequence (特征序列) method. For an up segment the feature elements are its down
 * strokes, merged on inclusion the "up" way (higher high, higher low); the segment ends at a top fractal of that
 * sequence whose peak is the segment's highest point. Without a gap between the first and second elements the
 * fractal ends the segment; with a gap, the up strokes after the peak (the new down segment's feature sequence, merged
 * the "down" way) must show a bottom fractal before price goes above the peak. Mirror for down segments.
 * When a stroke goes beyond the segment's start before an end is found: a segment of ≥ 3 strokes ends at its extreme
 * so far; a shorter one is folded into the previous segment, which is extended (or, for the very first segment,
 * the start moves on).
 */
export function buildSegments(l: Lines): SegmentSpan[] {
  const segs: SegmentSpan[] = [];
  let s = 0;
  while (s < l.count) {
    const d = l.dir[s]! as 1 | -1;
    const scan = scanSegment(l, s, d);
    if (scan.kind === 'end') {
      segs.push({ first: s, last: scan.last, dir: d, gap: scan.gap, endedBy: 'fractal' });
      s = scan.last + 1;
    } else if (scan.kind === 'broken') {
      const ext = extremeStroke(l, s, scan.at, d);
      if (ext - s >= 2) {
        segs.push({ first: s, last: ext, dir: d, gap: false, endedBy: 'start-broken' });
        s = ext + 1;
      } else if (segs.length > 0) {
        // Too short to stand on its own: the previous segment (same direction as the breaking stroke) goes on.
        segs[segs.length - 1]!.last = scan.at;
        s = scan.at + 1;
      } else {
        s = ext + 1;
      }
    } else {
      const ext = extremeStroke(l, s, l.count, d);
      segs.push({ first: s, last: ext, dir: d, gap: false, endedBy: 'open' });
      break;
    }
  }
  return segs;
}

/** The stroke in direction d in [s, until) with the most extreme end (first of equals). */
function extremeStroke(l: Lines, s: number, until: number, d: number): number {
  let best = s;
  for (let i = s + 2; i < until; i += 2) {
    if (d === 1 ? l.end[i]! > l.end[best]! : l.end[i]! < l.end[best]!) best = i;
  }
  return best;
}

function scanSegment(l: Lines, s: number, d: 1 | -1): Scan {
  const startPrice = l.start[s]!;
  const els: Element[] = [];
  for (let j = s + 1; j < l.count; j += 2) {
    // Feature stroke j runs against the segment.
    if (d === 1 ? lineLow(l, j) < startPrice : lineHigh(l, j) > startPrice) return { kind: 'broken', at: j };
    pushElement(els, { hi: lineHigh(l, j), lo: lineLow(l, j), peak: j }, d);
    const k = els.length - 2;
    if (k < 1) continue;
    const a = els[k - 1]!;
    const b = els[k]!;
    const c = els[k + 1]!;
    const isFractal = d === 1 ? b.hi > a.hi && b.hi > c.hi && b.lo > a.lo && b.lo > c.lo : b.lo < a.lo && b.lo < c.lo && b.hi < a.hi && b.hi < c.hi;
    if (!isFractal) continue;
    const peakPrice = d === 1 ? b.hi : b.lo;
    // Only a fractal at the segment's own extreme can end it.
    if (peakPrice !== segmentExtremeBefore(l, s, b.peak, d)) continue;
    const gap = d === 1 ? a.hi < b.lo : a.lo > b.hi;
    if (!gap) return { kind: 'end', last: b.peak - 1, gap: false };
    const second = confirmBySecondSequence(l, b.peak, d, peakPrice);
    if (second === 'confirmed') return { kind: 'end', last: b.peak - 1, gap: true };
    if (second === 'open') return { kind: 'open' };
  }
  return { kind: 'open' };
}

/** The most extreme end of the segment-direction strokes from s up to (not including) the feature stroke `upTo`. */
function segmentExtremeBefore(l: Lines, s: number, upTo: number, d: number): number {
  let e = l.end[s]!;
  for (let i = s + 2; i < upTo; i += 2) e = d === 1 ? Math.max(e, l.end[i]!) : Math.min(e, l.end[i]!);
  return e;
}

/**
 * Standard inclusion on feature elements: an element included in (or including) the previous one is merged with it,
 * toward the segment's direction. The peak stroke follows the element's extreme (the earlier one on ties).
 */
function pushElement(els: Element[], e: Element, d: number): void {
  const p = els[els.length - 1];
  if (p && ((p.hi >= e.hi && p.lo <= e.lo) || (p.hi <= e.hi && p.lo >= e.lo))) {
    if (d === 1) {
      if (e.hi > p.hi) p.peak = e.peak;
      p.hi = Math.max(p.hi, e.hi);
      p.lo = Math.max(p.lo, e.lo);
    } else {
      if (e.lo < p.lo) p.peak = e.peak;
      p.hi = Math.min(p.hi, e.hi);
      p.lo = Math.min(p.lo, e.lo);
    }
    return;
  }
  els.push(e);
}

/**
 * Gap case: after a top at stroke `peak` (a down stroke starting at the top), the up strokes peak+1, peak+3, … are the
 * feature sequence of the would-be down segment; a bottom fractal in it (merged the "down" way) confirms the top,
 * price above the top first refutes it.
 */
function confirmBySecondSequence(l: Lines, peak: number, d: number, peakPrice: number): 'confirmed' | 'refuted' | 'open' {
  const els: Element[] = [];
  for (let j = peak + 1; j < l.count; j += 2) {
    if (d === 1 ? lineHigh(l, j) > peakPrice : lineLow(l, j) < peakPrice) return 'refuted';
    pushElement(els, { hi: lineHigh(l, j), lo: lineLow(l, j), peak: j }, -d);
    const k = els.length - 2;
    if (k < 1) continue;
    const a = els[k - 1]!;
    const b = els[k]!;
    const c = els[k + 1]!;
    const isFractal = d === 1 ? b.lo < a.lo && b.lo < c.lo && b.hi < a.hi && b.hi < c.hi : b.hi > a.hi && b.hi > c.hi && b.lo > a.lo && b.lo > c.lo;
    if (isFractal) return 'confirmed';
  }
  return 'open';
}
