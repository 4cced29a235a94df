import * as ind from '../engines/indicators';
import type { BarValues } from '../engines/indicators';
import { loadSharedBars } from '../engines/indicators/test-helpers/bars';

/**
 * `npm run bench:indicators`: incremental indicator cost over the whole SSE Composite 1-minute file (239,550 bars,
 * ../shared/data). Headline: an SMA(10)/SMA(30) cross evaluated bar by bar, the work the MA-cross backtest does per
 * bar. Each row is the best of ROUNDS passes (parse time excluded); ns/bar = time / bars.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

const t0 = performance.now();
const bars = loadSharedBars('ashare/000001.XSHG_1min.zip');
const parseMs = performance.now() - t0;
const N = bars.close.length;
const open = Float64Array.from(bars.open);
const high = Float64Array.from(bars.high);
const low = Float64Array.from(bars.low);
const close = Float64Array.from(bars.close);
const volume = Float64Array.from(bars.volume);
const timeMs = Float64Array.from(bars.timeMs);

/** Best wall time of ROUNDS runs; `sink` keeps the JIT from discarding the work. */
let sink = 0;
function best(run: () => number): number {
  let min = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const s = performance.now();
    sink += run();
    min = Math.min(min, performance.now() - s);
  }
  return min;
}

function smaCross(): number {
  const fast = new ind.Sma(10);
  const slow = new ind.Sma(30);
  let prevDiff = NaN;
  let crosses = 0;
  for (let i = 0; i < N; i++) {
    const diff = fast.update(close[i]!) - slow.update(close[i]!);
    if (diff > 0 && prevDiff <= 0) crosses++;
    else if (diff < 0 && prevDiff >= 0) crosses++;
    prevDiff = diff;
  }
  return crosses;
}

const crossCount = smaCross();

type Row = { name: string; ms: number };
const rows: Row[] = [];
const add = (name: string, run: () => number) => rows.push({ name, ms: best(run) });

add('SMA(10)/SMA(30) cross', smaCross);
const one = (make: () => { update(x: number): number }) => () => {
  const x = make();
  let s = 0;
  for (let i = 0; i < N; i++) s += x.update(close[i]!) || 0;
  return s;
};
const hlc = (make: () => { update(h: number, l: number, c: number): number }) => () => {
  const x = make();
  let s = 0;
  for (let i = 0; i < N; i++) s += x.update(high[i]!, low[i]!, close[i]!) || 0;
  return s;
};
add('Sma(20)', one(() => new ind.Sma(20)));
add('Ema(20)', one(() => new ind.Ema(20)));
add('Wma(20)', one(() => new ind.Wma(20)));
add('Macd(12,26,9)', one(() => new ind.Macd(12, 26, 9)));
add('Rsi(14)', one(() => new ind.Rsi(14)));
add('Bollinger(20,2)', one(() => new ind.Bollinger(20, 2)));
add('Trix(15)', one(() => new ind.Trix(15)));
add('Roc(10)', one(() => new ind.Roc(10)));
add('Atr(14)', hlc(() => new ind.Atr(14)));
add('Stochastic(5,3,3)', hlc(() => new ind.Stochastic(5, 3, 3)));
add('Adx(14)', hlc(() => new ind.Adx(14)));
add('Cci(20) [O(period)]', hlc(() => new ind.Cci(20)));
add('WillR(14)', hlc(() => new ind.WillR(14)));
add('Donchian(20)', () => {
  const d = new ind.Donchian(20);
  let s = 0;
  for (let i = 0; i < N; i++) s += d.update(high[i]!, low[i]!) || 0;
  return s;
});
add('Obv', () => {
  const o = new ind.Obv();
  let s = 0;
  for (let i = 0; i < N; i++) s += o.update(close[i]!, volume[i]!);
  return s;
});
add('createIndicator(vwap, day sessions)', () => {
  const v = ind.createIndicator('vwap', {}, { timeZone: 'Asia/Shanghai' });
  const bar: BarValues = { timeMs: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  let s = 0;
  for (let i = 0; i < N; i++) {
    bar.timeMs = timeMs[i]!;
    bar.open = open[i]!;
    bar.high = high[i]!;
    bar.low = low[i]!;
    bar.close = close[i]!;
    bar.volume = volume[i]!;
    s += v.update(bar) || 0;
  }
  return s;
});
add('createIndicator(sma) x2 cross', () => {
  const f = ind.createIndicator('sma', { period: 10 });
  const sl = ind.createIndicator('sma', { period: 30 });
  const bar: BarValues = { timeMs: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  let crosses = 0;
  let prev = NaN;
  for (let i = 0; i < N; i++) {
    bar.close = close[i]!;
    const d = f.update(bar) - sl.update(bar);
    if ((d > 0 && prev <= 0) || (d < 0 && prev >= 0)) crosses++;
    prev = d;
  }
  return crosses;
});
add('batch sma(close, 10)', () => ind.sma(close, 10).length);

const nameW = Math.max(...rows.map((r) => r.name.length));
console.log(`indicators over ${N.toLocaleString('en')} bars of 000001.XSHG 1-min (parse ${parseMs.toFixed(0)} ms, excluded), best of ${ROUNDS}`);
console.log(`${'indicator'.padEnd(nameW)}  ${'ms'.padStart(8)}  ${'ns/bar'.padStart(7)}`);
for (const r of rows) console.log(`${r.name.padEnd(nameW)}  ${r.ms.toFixed(2).padStart(8)}  ${((r.ms * 1e6) / N).toFixed(1).padStart(7)}`);
console.log(`SMA(10)/SMA(30) crosses found: ${crossCount} (checksum ${sink.toExponential(3)})`);
console.log(
  JSON.stringify({
    bench: 'indicators',
    bars: N,
    rounds: ROUNDS,
    smaCrossMs: Number(rows[0]!.ms.toFixed(3)),
    smaCrossCount: crossCount,
    perIndicatorMs: Object.fromEntries(rows.slice(1).map((r) => [r.name, Number(r.ms.toFixed(3))])),
  }),
);
