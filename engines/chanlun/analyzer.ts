import type { KlineColumns } from '../klines';
import { buildCenters, type CenterSpan } from './centers';
import { resolveChanConfig, strokeLimits, type ChanConfig, type ChanConfigInput } from './config';
import type { Lines } from './lines';
import { MacdTrack } from './macd';
import { findPoints, type BspType } from './points';
import { buildSegments } from './segments';
import { ChanStructure } from './structure';

/** A price at a raw bar, reported as the bar's original decimal string. */
export interface PricePoint {
  bar: number;
  timeMs: number;
  price: string;
}

export interface Fractal {
  kind: 'top' | 'bottom';
  /** Index of the middle merged bar. */
  merged: number;
  /** Raw bar holding the extreme (top: high, bottom: low), its time and price. */
  bar: number;
  timeMs: number;
  price: string;
}

export interface Stroke {
  index: number;
  direction: 'up' | 'down';
  /** Start and end fractal indices. */
  fractals: [number, number];
  start: PricePoint;
  end: PricePoint;
  high: string;
  low: string;
  /** False for the last stroke: it may still extend or be withdrawn. */
  confirmed: boolean;
  /** MACD histogram area / peak on the stroke's side over its bars (NaN in the MACD warm-up). */
  macdArea: number;
  macdPeak: number;
}

export interface Segment {
  index: number;
  direction: 'up' | 'down';
  /** Strokes [first, last]. */
  strokes: [number, number];
  start: PricePoint;
  end: PricePoint;
  high: string;
  low: string;
  gap: boolean;
  endedBy: 'fractal' | 'start-broken' | 'open';
  /** The end can no longer move: the next segment exists and has at least 3 strokes. */
  confirmed: boolean;
}

export interface Center {
  level: 'stroke' | 'segment';
  index: number;
  /** Member lines (strokes or segments) [first, last]. */
  members: [number, number];
  entering: number;
  exit: number | null;
  zg: string;
  zd: string;
  gg: string;
  dd: string;
  start: PricePoint;
  end: PricePoint;
  relation: 'up' | 'down' | 'overlap' | null;
  /** The exit line exists and is itself confirmed. */
  confirmed: boolean;
}

export interface BuySellPoint {
  type: BspType;
  side: 'buy' | 'sell';
  bar: number;
  timeMs: number;
  price: string;
  stroke: number;
  center: number;
  /** False while the stroke it stands on may still extend or be withdrawn. */
  confirmed: boolean;
  reason: string;
  divergence?: { entering: number; leaving: number; ratio: number; trend: boolean };
}

export interface MergedBars {
  count: number;
  /** Raw bar ranges and the raw bars holding each merged bar's high and low. */
  first: Int32Array;
  last: Int32Array;
  highBar: Int32Array;
  lowBar: Int32Array;
}

export interface ChanResult {
  symbol: string;
  bars: number;
  merged: MergedBars;
  fractals: Fractal[];
  strokes: Stroke[];
  segments: Segment[];
  strokeCenters: Center[];
  segmentCenters: Center[];
  points: BuySellPoint[];
}

export interface ChanBar {
  timeMs: number;
  high: string;
  low: string;
  close: string;
}

/**
 * Incremental ChanLun analysis. `push(bar)` costs amortised O(1) for inclusion, fractals and strokes; `result()`
 * derives segments, centers, divergence and buy/sell points from the current strokes (cached until strokes change).
 * The result after pushing bars 0..k equals `analyzeChan` on those k+1 bars.
 */
export class ChanAnalyzer {
  readonly config: ChanConfig;
  private readonly s: ChanStructure;
  private readonly macd: MacdTrack;
  private readonly timeMs: number[] = [];
  private readonly highStr: string[] = [];
  private readonly lowStr: string[] = [];
  private cache: { version: number; bars: number; result: ChanResult } | null = null;

  constructor(
    readonly symbol: string,
    config: ChanConfigInput = {},
  ) {
    this.config = resolveChanConfig(config);
    this.s = new ChanStructure(strokeLimits(this.config));
    const m = this.config.macd;
    this.macd = new MacdTrack(m.fast, m.slow, m.signal);
  }

  get barCount(): number {
    return this.s.barCount;
  }

  push(bar: ChanBar): void {
    const i = this.timeMs.length;
    if (!Number.isFinite(bar.timeMs)) throw new Error(`bar ${i}: timeMs must be a finite number`);
    if (i > 0 && bar.timeMs <= this.timeMs[i - 1]!) throw new Error(`bar ${i}: timeMs ${bar.timeMs} is not after the previous bar`);
    const h = toNumber(bar.high, 'high', i);
    const l = toNumber(bar.low, 'low', i);
    const c = toNumber(bar.close, 'close', i);
    if (l > h) throw new Error(`bar ${i}: low ${bar.low} is above high ${bar.high}`);
    this.pushParsed(bar.timeMs, bar.high, bar.low, h, l, c);
  }

  /** @internal Batch path: values already parsed and checked. */
  pushParsed(timeMs: number, high: string, low: string, h: number, l: number, c: number): void {
    this.timeMs.push(timeMs);
    this.highStr.push(high);
    this.lowStr.push(low);
    this.s.push(h, l);
    this.macd.push(c);
  }

  result(): ChanResult {
    const bars = this.s.barCount;
    if (this.cache && this.cache.version === this.s.version && this.cache.bars === bars) return this.cache.result;
    const result = this.build();
    this.cache = { version: this.s.version, bars, result };
    return result;
  }

  private point(bar: number, high: boolean): PricePoint {
    return { bar, timeMs: this.timeMs[bar]!, price: high ? this.highStr[bar]! : this.lowStr[bar]! };
  }

  private build(): ChanResult {
    const s = this.s;
    const cfg = this.config;
    const mCount = s.mergedCount;
    const merged: MergedBars = {
      count: mCount,
      first: s.mFirst.a.slice(0, mCount),
      last: s.mLast.a.slice(0, mCount),
      highBar: s.mHighBar.a.slice(0, mCount),
      lowBar: s.mLowBar.a.slice(0, mCount),
    };
    const fractals: Fractal[] = new Array(s.fractalCount);
    for (let f = 0; f < s.fractalCount; f++) {
      const top = s.fxKind.a[f] === 1;
      const bar = s.fxBar(f);
      fractals[f] = { kind: top ? 'top' : 'bottom', merged: s.fxMerged.a[f]!, bar, timeMs: this.timeMs[bar]!, price: top ? this.highStr[bar]! : this.lowStr[bar]! };
    }

    const n = s.strokeStart.length;
    const lines: Lines = { count: n, dir: new Int8Array(n), start: new Float64Array(n), end: new Float64Array(n) };
    const startBar = new Int32Array(n);
    const endBar = new Int32Array(n);
    const strokes: Stroke[] = new Array(n);
    const measure = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const a = s.strokeStart[i]!;
      const b = s.strokeEnd[i]!;
      const up = s.fxKind.a[b] === 1;
      lines.dir[i] = up ? 1 : -1;
      lines.start[i] = s.fxPrice(a);
      lines.end[i] = s.fxPrice(b);
      startBar[i] = s.fxBar(a);
      endBar[i] = s.fxBar(b);
      const start = this.point(startBar[i]!, !up);
      const end = this.point(endBar[i]!, up);
      const area = this.macd.area(startBar[i]!, endBar[i]!, up ? 1 : -1);
      const peak = this.macd.peak(startBar[i]!, endBar[i]!, up ? 1 : -1);
      measure[i] = cfg.divergence.metric === 'area' ? area : peak;
      strokes[i] = {
        index: i,
        direction: up ? 'up' : 'down',
        fractals: [a, b],
        start,
        end,
        high: up ? end.price : start.price,
        low: up ? start.price : end.price,
        confirmed: i < n - 1,
        macdArea: area,
        macdPeak: peak,
      };
    }

    const spans = buildSegments(lines);
    const segments: Segment[] = spans.map((g, i) => {
      const up = g.dir === 1;
      const start = strokes[g.first]!.start;
      const end = strokes[g.last]!.end;
      const next = spans[i + 1];
      return {
        index: i,
        direction: up ? 'up' : 'down',
        strokes: [g.first, g.last],
        start,
        end,
        high: up ? end.price : start.price,
        low: up ? start.price : end.price,
        gap: g.gap,
        endedBy: g.endedBy,
        confirmed: next !== undefined && next.last - next.first >= 2,
      };
    });

    const strokeCenterSpans = buildCenters(lines);
    const strokeCenters = strokeCenterSpans.map((z, i) =>
      this.center('stroke', i, z, (j) => [startBar[j]!, endBar[j]!, lines.dir[j]!], (j) => j < n - 1),
    );

    const sn = segments.length;
    const segLines: Lines = { count: sn, dir: new Int8Array(sn), start: new Float64Array(sn), end: new Float64Array(sn) };
    for (let i = 0; i < sn; i++) {
      const g = spans[i]!;
      segLines.dir[i] = g.dir;
      segLines.start[i] = lines.start[g.first]!;
      segLines.end[i] = lines.end[g.last]!;
    }
    const segmentCenters = buildCenters(segLines).map((z, i) =>
      this.center('segment', i, z, (j) => [startBar[spans[j]!.first]!, endBar[spans[j]!.last]!, segLines.dir[j]!], (j) => segments[j]!.confirmed),
    );

    const raw = findPoints({ strokes: lines, centers: strokeCenterSpans, measure, rate: cfg.divergence.rate, max2sLevels: cfg.max2sLevels });
    const points: BuySellPoint[] = raw.map((p) => {
      const end = strokes[p.stroke]!.end;
      const out: BuySellPoint = {
        type: p.type,
        side: p.side,
        bar: end.bar,
        timeMs: end.timeMs,
        price: end.price,
        stroke: p.stroke,
        center: p.center,
        confirmed: strokes[p.stroke]!.confirmed,
        reason: p.reason,
      };
      if (p.divergence) out.divergence = p.divergence;
      return out;
    });

    return { symbol: this.symbol, bars: s.barCount, merged, fractals, strokes, segments, strokeCenters, segmentCenters, points };
  }

  /** Center prices come from line ends, so each maps back to a raw bar's decimal string. */
  private center(
    level: 'stroke' | 'segment',
    index: number,
    z: CenterSpan,
    barsOf: (line: number) => [number, number, number],
    lineConfirmed: (line: number) => boolean,
  ): Center {
    let zgBar = -1;
    let zdBar = -1;
    let ggBar = -1;
    let ddBar = -1;
    for (let j = z.first; j <= z.last; j++) {
      const [sb, eb, dir] = barsOf(j);
      const hb = dir === 1 ? eb : sb;
      const lb = dir === 1 ? sb : eb;
      const h = Number(this.highStr[hb]);
      const l = Number(this.lowStr[lb]);
      if (j <= z.first + 2 && h === z.zg) zgBar = hb;
      if (j <= z.first + 2 && l === z.zd) zdBar = lb;
      if (h === z.gg && ggBar < 0) ggBar = hb;
      if (l === z.dd && ddBar < 0) ddBar = lb;
    }
    const first = barsOf(z.first);
    const last = barsOf(z.last);
    return {
      level,
      index,
      members: [z.first, z.last],
      entering: z.entering,
      exit: z.exit >= 0 ? z.exit : null,
      zg: this.highStr[zgBar]!,
      zd: this.lowStr[zdBar]!,
      gg: this.highStr[ggBar]!,
      dd: this.lowStr[ddBar]!,
      start: this.point(first[0], first[2] !== 1),
      end: this.point(last[1], last[2] === 1),
      relation: z.relation,
      confirmed: z.exit >= 0 && lineConfirmed(z.exit),
    };
  }
}

function toNumber(v: string, field: string, i: number): number {
  const x = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(x)) throw new Error(`bar ${i}: ${field} must be a decimal string, got ${JSON.stringify(v)}`);
  return x;
}

/** Full analysis of column bars (engines/klines output). Prices are read as floats once; reported back as strings. */
export function analyzeChan(bars: KlineColumns, config: ChanConfigInput = {}): ChanResult {
  const a = new ChanAnalyzer(bars.symbol, config);
  const n = bars.timeMs.length;
  for (const [name, col] of [['open', bars.open], ['high', bars.high], ['low', bars.low], ['close', bars.close]] as const) {
    if (col.length !== n) throw new Error(`bars.${name} has ${col.length} values, timeMs has ${n}`);
  }
  let prevT = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = bars.timeMs[i]!;
    if (!(t > prevT)) throw new Error(`bars.timeMs[${i}] is not after the previous bar`);
    prevT = t;
    const h = toNumber(bars.high[i]!, 'high', i);
    const l = toNumber(bars.low[i]!, 'low', i);
    if (l > h) throw new Error(`bar ${i}: low ${bars.low[i]} is above high ${bars.high[i]}`);
    a.pushParsed(t, bars.high[i]!, bars.low[i]!, h, l, toNumber(bars.close[i]!, 'close', i));
  }
  return a.result();
}
