import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../core/paths';
import { parseKlineCsv, type KlineColumns } from '../../klines';

const cache = new Map<string, KlineColumns>();

/** Bars of a shared data file (`../shared/data/<rel>`), parsed once per test process. */
export function sharedBars(rel: string): KlineColumns {
  let bars = cache.get(rel);
  if (!bars) {
    const text = readFileSync(path.join(repoRoot, '..', 'shared', 'data', rel), 'utf8');
    const parsed = parseKlineCsv(text);
    if (!parsed.ok) throw new Error(`cannot parse ${rel}: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
    bars = parsed.bars;
    cache.set(rel, bars);
  }
  return bars;
}

/** SSE Composite daily bars, 2006-11 → 2020-07 (3,332 rows). */
export const dailyBars = (): KlineColumns => sharedBars('ashare/000001.SH_D.csv');
