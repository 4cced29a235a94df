import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../core/paths';
import { analyzeChan, type ChanResult } from '../engines/chanlun';
import { decodeKlineSource, parseKlineCsv, type KlineColumns } from '../engines/klines';
import { ensurePythonVenv, runPython } from '../scripts/lib/python-venv';

/**
 * `npm run bench:chanlun`: full ChanLun analysis (through buy/sell points) of the first 100,000 1-minute bars of
 * 000001.XSHG, against czsc's Rust core (PyPI czsc 1.0.2) on the same bars in the same run. Both sides use czsc's
 * stroke rule with min_bi_len = 6; fractals and strokes are matched by time of the extreme bar and kind/direction.
 * BENCH_BARS changes the bar count, BENCH_RUNS the number of timed engine runs.
 */
const N = Number(process.env.BENCH_BARS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const MIN_BI_LEN = 6;
const CZSC_REQUIREMENTS = ['czsc==1.0.2'];

function loadBars(): KlineColumns {
  const file = path.join(repoRoot, '..', 'shared', 'data', 'ashare', '000001.XSHG_1min.zip');
  const parsed = parseKlineCsv(decodeKlineSource(new Uint8Array(readFileSync(file)), path.basename(file)));
  if (!parsed.ok) throw new Error(`000001.XSHG_1min.zip: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  const b = parsed.bars;
  const n = Math.min(N, b.timeMs.length);
  return {
    symbol: b.symbol,
    timeframe: b.timeframe,
    timeMs: Array.from(b.timeMs).slice(0, n),
    open: b.open.slice(0, n),
    high: b.high.slice(0, n),
    low: b.low.slice(0, n),
    close: b.close.slice(0, n),
    volume: b.volume.slice(0, n),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Jaccard agreement in percent: items both sides found over items either side found. */
function agreement(ours: string[], theirs: string[]): { pct: number; both: number; onlyOurs: number; onlyTheirs: number } {
  const a = new Set(ours);
  const b = new Set(theirs);
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  const union = a.size + b.size - both;
  return { pct: union === 0 ? 100 : (100 * both) / union, both, onlyOurs: a.size - both, onlyTheirs: b.size - both };
}

interface PeerOut {
  czsc_version: string;
  ms: number[];
  fractals: [number, 'top' | 'bottom', number][];
  strokes: [number, number, 'up' | 'down'][];
}

const bars = loadBars();
const n = bars.timeMs.length;
// Like for like: czsc's stroke length rule and its handling of strokes whose start was passed.
const config = { stroke: { kind: 'czsc' as const, minBiLen: MIN_BI_LEN }, strokeExtremes: 'czsc' as const };
const strictConfig = { stroke: { kind: 'czsc' as const, minBiLen: MIN_BI_LEN } };

let result: ChanResult | null = null;
const t0 = performance.now();
result = analyzeChan(bars, config);
const coldMs = performance.now() - t0;
const warm: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const s = performance.now();
  result = analyzeChan(bars, config);
  warm.push(performance.now() - s);
}
const engineMs = median(warm);
const defaultWarm: number[] = [];
for (let i = 0; i < 3; i++) {
  const s = performance.now();
  analyzeChan(bars);
  defaultWarm.push(performance.now() - s);
}

const python = ensurePythonVenv('czsc', CZSC_REQUIREMENTS);
const input = Array.from({ length: n }, (_, i) =>
  JSON.stringify([bars.timeMs[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i]]),
).join('\n');
const peer = JSON.parse(runPython(python, path.join(repoRoot, 'bench', 'peers', 'czsc_chanlun.py'), [String(MIN_BI_LEN)], input)) as PeerOut;
const peerMs = median(peer.ms);

// czsc drops the bars before its first stroke, so fractals are compared from its first reported fractal on.
const from = peer.fractals.length > 0 ? peer.fractals[0]![0] : Infinity;
const ourFx = result.fractals.filter((f) => f.timeMs >= from).map((f) => `${f.timeMs}:${f.kind}`);
const theirFx = peer.fractals.map(([t, k]) => `${t}:${k}`);
const fx = agreement(ourFx, theirFx);
const ourBi = result.strokes.map((s) => `${s.start.timeMs}>${s.end.timeMs}:${s.direction}`);
const theirBi = peer.strokes.map(([a, b, d]) => `${a}>${b}:${d}`);
const bi = agreement(ourBi, theirBi);
const strict = analyzeChan(bars, strictConfig);
const biStrict = agreement(strict.strokes.map((s) => `${s.start.timeMs}>${s.end.timeMs}:${s.direction}`), theirBi);

const r = result;
const row = (k: string, v: string) => console.log(`  ${k.padEnd(42)}${v}`);
console.log(`ChanLun full analysis, ${n.toLocaleString('en')} 1-minute bars of ${bars.symbol} (first rows of the file)`);
row('engine cold (first run)', `${coldMs.toFixed(1)} ms`);
row(`engine warm (median of ${RUNS})`, `${engineMs.toFixed(1)} ms  (${Math.round(n / (engineMs / 1000)).toLocaleString('en')} bars/s; goal ≤ 100 ms)`);
row('engine warm, default "new" strokes', `${median(defaultWarm).toFixed(1)} ms`);
row(`czsc ${peer.czsc_version} CZSC(bars) (median of 3)`, `${peerMs.toFixed(1)} ms  (Rust core; fractals + strokes only)`);
row('engine / czsc time', `${(engineMs / peerMs).toFixed(2)}`);
row('merged bars / fractals / strokes', `${r.merged.count} / ${r.fractals.length} / ${r.strokes.length}`);
row('segments / stroke centers / seg centers', `${r.segments.length} / ${r.strokeCenters.length} / ${r.segmentCenters.length}`);
row('buy/sell points', `${r.points.length} (${['1', '2', '2s', '3a', '3b'].map((t) => `${t}: ${r.points.filter((p) => p.type === t).length}`).join(', ')})`);
row('fractals agree (czsc window)', `${fx.pct.toFixed(2)} %  (both ${fx.both}, only ours ${fx.onlyOurs}, only czsc ${fx.onlyTheirs})`);
row('strokes agree', `${bi.pct.toFixed(2)} %  (both ${bi.both}, only ours ${bi.onlyOurs}, only czsc ${bi.onlyTheirs})`);
row('strokes agree, our strict extremes', `${biStrict.pct.toFixed(2)} %  (default strokeExtremes: 'strict')`);
console.log('  conventions: czsc min_bi_len=6 and strokeExtremes=czsc; other differences in engines/chanlun/RULES.md');
console.log(
  JSON.stringify({
    bars: n,
    engine_ms: Number(engineMs.toFixed(2)),
    engine_cold_ms: Number(coldMs.toFixed(2)),
    bars_per_s: Math.round(n / (engineMs / 1000)),
    peer: `czsc ${peer.czsc_version}`,
    peer_ms: Number(peerMs.toFixed(2)),
    ratio: Number((engineMs / peerMs).toFixed(3)),
    fractals_agree_pct: Number(fx.pct.toFixed(2)),
    strokes_agree_pct: Number(bi.pct.toFixed(2)),
    strokes_agree_strict_pct: Number(biStrict.pct.toFixed(2)),
    strokes: r.strokes.length,
    peer_strokes: peer.strokes.length,
    points: r.points.length,
  }),
);
