/**
 * Regenerates talib-fixture.json: reference series from the real TA-Lib (PyPI wheel, C library bundled) over slices of
 * the shared market data. `npx tsx engines/indicators/reference/generate-talib-fixture.ts`
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePythonVenv, runPython } from '../../../scripts/lib/python-venv';
import { loadSharedBars, type FloatBars } from '../test-helpers/bars';

const here = path.dirname(fileURLToPath(import.meta.url));
const sse = loadSharedBars('ashare/000001.SH_D.csv', { rows: 400 });
const SLICES: Record<string, Omit<FloatBars, 'timeMs'> & { cases?: string[] }> = {
  sse_daily: sse,
  eth_daily: loadSharedBars('crypto/ETH-USDT_1d_jesse.csv', { symbol: 'ETH/USDT' }),
  // Degenerate input: 100 real bars, then 40 identical bars at a high price level (a suspended stock, a dead market).
  // Pins what TA-Lib reports on a flat window, where rounding residue decides between 0 and noise. Left out: series
  // that are differences of running sums (MACD, MOM, stochastic smoothing), where both sides are ~1e-14 noise.
  flat_after_drift: (() => {
    const k = 100;
    const flat = new Array<number>(40).fill(30000.1);
    const cat = (col: number[]) => [...col.slice(0, k), ...flat];
    return {
      source: `${sse.source} (first ${k} bars) + 40 flat bars at 30000.1`,
      open: cat(sse.open),
      high: cat(sse.high),
      low: cat(sse.low),
      close: cat(sse.close),
      volume: [...sse.volume.slice(0, k), ...new Array<number>(40).fill(1000)],
      cases: [
        ...['rsi_14', 'atr_14', 'bbands_20_2', 'bbands_10_1.5', 'adx_14', 'plus_di_14', 'minus_di_14'],
        ...['cci_14', 'cci_20', 'willr_14', 'max_high_20', 'min_low_20', 'sma_10', 'obv'],
      ],
    };
  })(),
};

const python = ensurePythonVenv('talib', ['ta-lib==0.8.2', 'numpy<3']);
const input = Object.fromEntries(
  Object.entries(SLICES).map(([name, b]) => [
    name,
    {
      source: b.source,
      rows: b.close.length,
      open: b.open,
      high: b.high,
      low: b.low,
      close: b.close,
      volume: b.volume,
      ...(b.cases ? { cases: b.cases } : {}),
    },
  ]),
);
const out = runPython(python, path.join(here, 'talib_fixture.py'), [], JSON.stringify(input));
const fixture = JSON.parse(out) as { talib: string; talibC: string };
const generatedBy = 'engines/indicators/reference/generate-talib-fixture.ts';
writeFileSync(path.join(here, 'talib-fixture.json'), JSON.stringify({ generatedBy, ...fixture }) + '\n');
console.log(`talib-fixture.json written (ta-lib ${fixture.talib}, C ${fixture.talibC})`);
