import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../core/paths';
import { prepareBars, runBacktest, simulateBacktest, toMetricsInput, type BacktestConfigInput, type Simulation, type Strategy } from '../engines/backtest';
import { computeMetrics } from '../engines/metrics';
import { Sma } from '../engines/indicators';
import { decodeKlineSource, parseKlineCsv, type KlineColumns } from '../engines/klines';
import { ensurePythonVenv, runPython } from '../scripts/lib/python-venv';

/**
 * `npm run bench:backtest`: our engine against backtrader 1.9.78.123 on the SSE Composite 1-minute file (239,550
 * bars) and daily file (3,332 bars), same strategy and rules on both sides:
 * - SMA(10) and SMA(30) of the close; a cross up is d = fast − slow > 0 on bar i while the last non-zero d before
 *   bar i was < 0 (backtrader's CrossOver definition), a cross down the mirror image, with |d| ≤ 1e-9 × close taken
 *   as zero: where the averages are equal in exact arithmetic, float noise (our running sum vs backtrader's fsum per
 *   window) would otherwise be read as a cross on one side only (see bench/peers/backtrader_sma.py);
 * - long only: flat and crossed up → buy all-in, i.e. floor(cash ÷ fill price) whole units; long and crossed down →
 *   sell the whole position; market orders fill at the next bar's open (backtrader: cheat_on_open off);
 * - zero fees, no slippage, no A-share T+1/price limits/lots (backtrader has none of them), 1,000,000 cash.
 * Engine time: simulateBacktest on already-parsed bars (the bar loop, fills, decimal ledger, orders/trades, curves;
 * CSV parse and the one-off float64 conversion reported apart); computeMetrics over the 239,550 returns is timed
 * apart too, and runBacktest (simulation + metrics) as "with metrics". Peer time: cerebro.run() (which includes
 * backtrader loading its CSV feed; backtrader computes no metrics here), and its strategy start→stop span without
 * the feed load.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const FAST = 10;
const SLOW = 30;
const CASH = '1000000';
const dataDir = path.join(repoRoot, '..', 'shared', 'data', 'ashare');

const config: BacktestConfigInput = {
  market: 'ashare',
  initialCash: CASH,
  lotSize: 1,
  tPlusOne: false,
  priceLimit: null,
  sizing: { kind: 'percentEquity', percent: 100 },
  // Whole cents only matter for A-share fees; there are none here.
  fees: { makerRate: '0', takerRate: '0', minFee: '0', stampDutyRate: '0' },
};

function smaCross(): Strategy {
  const fast = new Sma(FAST);
  const slow = new Sma(SLOW);
  let lastNonZero = NaN;
  return {
    name: `sma-cross-${FAST}-${SLOW}`,
    onBar(ctx) {
      let d = fast.update(ctx.close) - slow.update(ctx.close);
      if (Math.abs(d) <= 1e-9 * ctx.close) d = 0;
      if (d > 0 && lastNonZero < 0) {
        if (ctx.position === 'flat') ctx.buy();
      } else if (d < 0 && lastNonZero > 0) {
        if (ctx.position === 'long') ctx.closePosition();
      }
      if (d !== 0 && d === d) lastNonZero = d;
    },
  };
}

interface PeerTrade {
  entryIndex: number;
  entryTime: string;
  entryPrice: number;
  exitIndex: number;
  exitTime: string;
  exitPrice: number;
  quantity: number;
}
interface PeerResult {
  bars: number;
  run_ms: number;
  strategy_ms: number;
  rejected: number;
  open_position: boolean;
  final_value: number;
  trades: PeerTrade[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Shanghai wall time of a bar, as the CSV had it. */
function localTime(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

function writePeerCsv(bars: KlineColumns, file: string): void {
  const lines = ['datetime,open,high,low,close,volume'];
  for (let i = 0; i < bars.timeMs.length; i++) {
    lines.push(`${localTime(bars.timeMs[i]!)},${bars.open[i]},${bars.high[i]},${bars.low[i]},${bars.close[i]},${bars.volume[i]}`);
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

/** Trade lists agree when every round trip has the same entry/exit bar and price (backtrader prices are floats). */
function compareTrades(ours: Simulation['result'], theirs: PeerTrade[]): { agree: boolean; mismatches: string[] } {
  const mismatches: string[] = [];
  const n = Math.max(ours.trades.length, theirs.length);
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  for (let k = 0; k < n && mismatches.length < 5; k++) {
    const a = ours.trades[k];
    const b = theirs[k];
    if (!a || !b) {
      mismatches.push(`#${k + 1}: ${a ? 'only ours' : 'only backtrader'}`);
      continue;
    }
    if (a.entryIndex !== b.entryIndex || a.exitIndex !== b.exitIndex || !close(Number(a.entryPrice), b.entryPrice) || !close(Number(a.exitPrice), b.exitPrice)) {
      mismatches.push(
        `#${k + 1}: ours ${localTime(a.entryTimeMs)} @${a.entryPrice} → ${localTime(a.exitTimeMs)} @${a.exitPrice}; ` +
          `backtrader bar ${b.entryIndex} @${b.entryPrice} → bar ${b.exitIndex} @${b.exitPrice}`,
      );
    }
  }
  return { agree: ours.trades.length === theirs.length && mismatches.length === 0, mismatches };
}

function benchFile(label: string, file: string, frame: 'minutes' | 'days', python: string, tmp: string) {
  const t0 = performance.now();
  const text = decodeKlineSource(readFileSync(path.join(dataDir, file)), file);
  const parsed = parseKlineCsv(text);
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  const parseMs = performance.now() - t0;
  const bars = parsed.bars;
  const t1 = performance.now();
  prepareBars(bars); // float64 columns, cached on the bars object for every run below
  const floatMs = performance.now() - t1;

  // Simulation: the bar loop, fills, ledger, curves (simulateBacktest); total: plus computeMetrics (runBacktest).
  const times: number[] = [];
  let sim: Simulation | null = null;
  for (let k = 0; k < RUNS; k++) {
    const s = performance.now();
    sim = simulateBacktest(bars, smaCross(), config);
    times.push(performance.now() - s);
  }
  const totals: number[] = [];
  for (let k = 0; k < Math.max(3, Math.ceil(RUNS / 2)); k++) {
    const s = performance.now();
    runBacktest(bars, smaCross(), config);
    totals.push(performance.now() - s);
  }
  const ours = sim!.result;
  const best = Math.min(...times);
  const med = median(times);
  const totalBest = Math.min(...totals);
  const metricsInput = toMetricsInput(ours, sim!.series, ours.periodsPerYear, 0);
  const metricsTimes: number[] = [];
  for (let k = 0; k < 3; k++) {
    const s = performance.now();
    computeMetrics(metricsInput);
    metricsTimes.push(performance.now() - s);
  }
  const metricsBest = Math.min(...metricsTimes);

  const csv = path.join(tmp, `${path.basename(file, path.extname(file))}.csv`);
  writePeerCsv(bars, csv);
  const peer = JSON.parse(runPython(python, path.join(repoRoot, 'bench', 'peers', 'backtrader_sma.py'), [csv, frame, String(FAST), String(SLOW), CASH])) as PeerResult;
  if (peer.bars !== ours.bars) throw new Error(`backtrader saw ${peer.bars} bars, we saw ${ours.bars}`);
  const cmp = compareTrades(ours, peer.trades);
  return {
    label,
    bars: ours.bars,
    parseMs,
    floatMs,
    best,
    med,
    metricsBest,
    totalBest,
    peer,
    ours,
    cmp,
  };
}

const python = ensurePythonVenv('backtrader', ['backtrader==1.9.78.123']);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-backtest-'));
try {
  const minute = benchFile('1-minute', '000001.XSHG_1min.zip', 'minutes', python, tmp);
  const daily = benchFile('daily', '000001.SH_D.csv', 'days', python, tmp);

  console.log(`SMA(${FAST}/${SLOW}) cross, long only, all-in, market at next open, zero fees — ${RUNS} runs of our engine`);
  console.log('');
  const rows = [minute, daily].map((r) => ({
    file: r.label,
    bars: r.bars.toLocaleString('en-US'),
    'csv parse ms': r.parseMs.toFixed(0),
    'to float64 ms': r.floatMs.toFixed(1),
    'engine best ms': r.best.toFixed(1),
    'engine median ms': r.med.toFixed(1),
    'metrics ms': r.metricsBest.toFixed(1),
    'with metrics ms': r.totalBest.toFixed(1),
    'bars/s (best)': Math.round(r.bars / (r.best / 1000)).toLocaleString('en-US'),
    'backtrader run() ms': r.peer.run_ms.toFixed(0),
    'bt strategy ms': r.peer.strategy_ms.toFixed(0),
    'ratio (run/best)': `${(r.peer.run_ms / r.best).toFixed(0)}×`,
    'trades ours/bt': `${r.ours.trades.length}/${r.peer.trades.length}`,
    agree: r.cmp.agree ? 'yes' : 'NO',
  }));
  console.table(rows);
  for (const r of [minute, daily]) {
    console.log(
      `${r.label}: final equity ours ${r.ours.final.equity} (${r.ours.openPosition ? 'position open' : 'flat'}), backtrader ${r.peer.final_value.toFixed(2)}` +
        ` (${r.peer.open_position ? 'position open' : 'flat'}); backtrader margin/rejected orders: ${r.peer.rejected}`,
    );
    for (const m of r.cmp.mismatches) console.log(`  mismatch ${m}`);
  }
  const figures = (r: typeof minute) => ({
    bars: r.bars,
    parse_ms: Number(r.parseMs.toFixed(1)),
    float_convert_ms: Number(r.floatMs.toFixed(2)),
    engine_ms: Number(r.best.toFixed(2)),
    engine_median_ms: Number(r.med.toFixed(2)),
    metrics_ms: Number(r.metricsBest.toFixed(2)),
    engine_with_metrics_ms: Number(r.totalBest.toFixed(2)),
    ratio_with_metrics: Number((r.peer.run_ms / r.totalBest).toFixed(1)),
    bars_per_s: Math.round(r.bars / (r.best / 1000)),
    peer_ms: Number(r.peer.run_ms.toFixed(1)),
    peer_strategy_ms: Number(r.peer.strategy_ms.toFixed(1)),
    ratio: Number((r.peer.run_ms / r.best).toFixed(1)),
    ratio_vs_peer_strategy: Number((r.peer.strategy_ms / r.best).toFixed(1)),
    trades_agree: r.cmp.agree,
    trades_ours: r.ours.trades.length,
    trades_peer: r.peer.trades.length,
  });
  const load = os.loadavg()[0]!;
  console.log(`load average (1 min) at the end: ${load.toFixed(2)} on ${os.cpus().length} cores — timings are inflated when it is above the core count`);
  console.log(JSON.stringify({ ...figures(minute), runs: RUNS, load_avg: Number(load.toFixed(2)), daily: figures(daily) }));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
