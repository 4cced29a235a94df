/**
 * Regenerates talib-fixture.json: reference series from the real TA-Lib (PyPI wheel, C library bundled) over slices of
 * the shared market data. `npx tsx engines/indicators/reference/generate-talib-fixture.ts`
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePythonVenv, runPython } from '../../../scripts/lib/python-venv';
import { loadSharedBars } from '../test-helpers/bars';

const here = path.dirname(fileURLToPath(import.meta.url));
const SLICES = {
  sse_daily: loadSharedBars('ashare/000001.SH_D.csv', { rows: 400 }),
  eth_daily: loadSharedBars('crypto/ETH-USDT_1d_jesse.csv', { symbol: 'ETH/USDT' }),
};

const python = ensurePythonVenv('talib', ['ta-lib==0.8.2', 'numpy<3']);
const input = Object.fromEntries(
  Object.entries(SLICES).map(([name, b]) => [
    name,
    { source: b.source, rows: b.close.length, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume },
  ]),
);
const out = runPython(python, path.join(here, 'talib_fixture.py'), [], JSON.stringify(input));
const fixture = JSON.parse(out) as { talib: string; talibC: string };
writeFileSync(path.join(here, 'talib-fixture.json'), JSON.stringify({ generatedBy: 'engines/indicators/reference/generate-talib-fixture.ts', ...fixture }) + '\n');
console.log(`talib-fixture.json written (ta-lib ${fixture.talib}, C ${fixture.talibC})`);
