import { describe, expect, it } from 'vitest';
import { decodeKlineSource, parseKlineCsv, type KlineColumns } from '../klines';
import { readSharedData } from '../klines/test-helpers/shared-data';
import { ChanAnalyzer, analyzeChan, type ChanConfigInput, type ChanResult } from './index';
import { sliceColumns } from './test-helpers/bars';

function load(file: string, symbol?: string, limit?: number): KlineColumns {
  const text = decodeKlineSource(readSharedData(file), file);
  const parsed = parseKlineCsv(text, symbol ? { symbol } : {});
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  return limit ? sliceColumns(parsed.bars, limit) : parsed.bars;
}

// Prefixes compared with a full recompute: dense on the smaller series, a few on the whole 1-minute file (each full
// recompute of it takes about half a second).
const files: { name: string; bars: () => KlineColumns; checkpoints?: number }[] = [
  { name: 'A-share daily 000001.SH', bars: () => load('ashare/000001.SH_D.csv') },
  { name: 'A-share 1-minute, first 20k bars', bars: () => load('ashare/000001.XSHG_1min.zip', undefined, 20_000) },
  { name: 'A-share 1-minute, whole file (239,550 bars)', bars: () => load('ashare/000001.XSHG_1min.zip'), checkpoints: 6 },
  { name: 'BTC-USDT 1m', bars: () => load('crypto/BTC-USDT_1m_jesse.csv', 'BTC/USDT') },
  { name: 'BTC-USDT 4h', bars: () => load('crypto/BTC-USDT_4h_jesse.csv', 'BTC/USDT') },
  { name: 'ETH-USDT 1d', bars: () => load('crypto/ETH-USDT_1d_jesse.csv', 'ETH/USDT') },
];

const configs: ChanConfigInput[] = [{}, { stroke: { kind: 'old' } }, { stroke: { kind: 'czsc', minBiLen: 6 } }];

function checkInvariants(bars: KlineColumns, r: ChanResult): void {
  const hi = bars.high.map(Number);
  const lo = bars.low.map(Number);
  // Merged bars' highs and lows are raw bars' highs and lows (inclusion picks, never invents, prices).
  const mHigh = (m: number) => hi[r.merged.highBar[m]!]!;
  const mLow = (m: number) => lo[r.merged.lowBar[m]!]!;
  for (let m = 1; m < r.merged.count; m++) {
    expect(r.merged.first[m]).toBe(r.merged.last[m - 1]! + 1);
    // No inclusion is left between neighbours.
    const inc = (mHigh(m) >= mHigh(m - 1) && mLow(m) <= mLow(m - 1)) || (mHigh(m) <= mHigh(m - 1) && mLow(m) >= mLow(m - 1));
    if (inc) throw new Error(`merged bars ${m - 1} and ${m} still include one another`);
  }
  // Fractals alternate and sit on their raw bar's extreme, strictly beyond both merged neighbours.
  for (let f = 0; f < r.fractals.length; f++) {
    const x = r.fractals[f]!;
    if (f > 0) expect(r.fractals[f - 1]!.kind).not.toBe(x.kind);
    expect(x.price).toBe(x.kind === 'top' ? bars.high[x.bar] : bars.low[x.bar]);
    expect(x.bar).toBe(x.kind === 'top' ? r.merged.highBar[x.merged] : r.merged.lowBar[x.merged]);
    const m = x.merged;
    if (x.kind === 'top') expect(mHigh(m) > mHigh(m - 1) && mHigh(m) > mHigh(m + 1) && mLow(m) > mLow(m - 1) && mLow(m) > mLow(m + 1)).toBe(true);
    else expect(mLow(m) < mLow(m - 1) && mLow(m) < mLow(m + 1) && mHigh(m) < mHigh(m - 1) && mHigh(m) < mHigh(m + 1)).toBe(true);
  }
  // Strokes alternate, join end to start, and their high/low are the extremes of the merged bars they span.
  for (let s = 0; s < r.strokes.length; s++) {
    const k = r.strokes[s]!;
    if (s > 0) {
      expect(r.strokes[s - 1]!.direction).not.toBe(k.direction);
      expect(r.strokes[s - 1]!.end).toEqual(k.start);
    }
    let maxH = -Infinity;
    let minL = Infinity;
    for (let m = r.fractals[k.fractals[0]]!.merged; m <= r.fractals[k.fractals[1]]!.merged; m++) {
      maxH = Math.max(maxH, mHigh(m));
      minL = Math.min(minL, mLow(m));
    }
    expect(maxH).toBe(Number(k.high));
    expect(minL).toBe(Number(k.low));
    expect(Number(k.high)).toBeGreaterThan(Number(k.low));
  }
  // Segments tile the strokes they cover, alternate, and the ones ended by a fractal hold an odd number ≥ 3.
  for (let g = 0; g < r.segments.length; g++) {
    const seg = r.segments[g]!;
    if (g > 0) {
      expect(r.segments[g - 1]!.strokes[1] + 1).toBe(seg.strokes[0]);
      expect(r.segments[g - 1]!.direction).not.toBe(seg.direction);
    }
    expect(r.strokes[seg.strokes[0]]!.direction).toBe(seg.direction);
    if (seg.endedBy === 'fractal') expect((seg.strokes[1] - seg.strokes[0]) % 2 === 0 && seg.strokes[1] - seg.strokes[0] >= 2).toBe(true);
  }
  for (const z of r.strokeCenters) {
    expect(Number(z.zg)).toBeGreaterThan(Number(z.zd));
    expect(Number(z.gg)).toBeGreaterThanOrEqual(Number(z.zg));
    expect(Number(z.dd)).toBeLessThanOrEqual(Number(z.zd));
    expect(z.members[1] - z.members[0]).toBeGreaterThanOrEqual(2);
  }
  for (const p of r.points) {
    expect(p.price).toBe(r.strokes[p.stroke]!.end.price);
    expect(p.side === 'buy').toBe(r.strokes[p.stroke]!.direction === 'down');
  }
}

describe.each(files)('$name', ({ bars: loadBars, checkpoints = 150 }) => {
  const bars = loadBars();

  it.each(configs)('structure invariants hold (config %j)', (config) => {
    const r = analyzeChan(bars, config);
    expect(r.strokes.length).toBeGreaterThan(2);
    checkInvariants(bars, r);
  });

  it('pushing bar by bar gives the full recompute of every checked prefix', () => {
    const a = new ChanAnalyzer(bars.symbol);
    const n = bars.timeMs.length;
    const step = Math.max(1, Math.floor(n / checkpoints));
    let checked = 0;
    for (let i = 0; i < n; i++) {
      a.push({ timeMs: bars.timeMs[i]!, high: bars.high[i]!, low: bars.low[i]!, close: bars.close[i]! });
      // Reading results along the way exercises the cache; the prefix result must not change under later pushes.
      if (i % step === step - 1 || i === n - 1) {
        const got = JSON.stringify(a.result());
        if (got !== JSON.stringify(analyzeChan(sliceColumns(bars, i + 1)))) throw new Error(`push result differs from full recompute after bar ${i}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(Math.min(checkpoints, 10));
  });

  it('is deterministic: the same bars give byte-identical output', () => {
    expect(JSON.stringify(analyzeChan(bars))).toBe(JSON.stringify(analyzeChan(bars)));
  });
});
