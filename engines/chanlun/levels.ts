import type { KlineColumns } from '../klines';
import { analyzeChan, type BuySellPoint, type ChanResult } from './analyzer';
import type { ChanConfigInput } from './config';

export interface LevelInput {
  /** Label such as '1d', '30m', '5m'. */
  level: string;
  bars: KlineColumns;
}

export interface NestedPoint {
  higherLevel: string;
  higher: BuySellPoint;
  lowerLevel: string;
  /** Lower-level points of the same side inside the higher point's stroke (区间套). */
  lower: BuySellPoint[];
}

export interface MultiLevelResult {
  levels: { level: string; result: ChanResult }[];
  nested: NestedPoint[];
}

/**
 * Each level analysed on its own bars (already resampled by the caller, e.g. engines/klines' resampler, from one
 * source), highest level first. For every higher-level point, the next lower level's points of the same side whose
 * time falls within the higher point's stroke are listed: the lower level pinning down where the higher one turns.
 */
export function analyzeLevels(levels: LevelInput[], config: ChanConfigInput = {}): MultiLevelResult {
  if (levels.length === 0) throw new Error('levels: at least one level is required');
  const seen = new Set<string>();
  for (const l of levels) {
    if (seen.has(l.level)) throw new Error(`levels: level ${JSON.stringify(l.level)} appears twice`);
    seen.add(l.level);
  }
  const results = levels.map((l) => ({ level: l.level, result: analyzeChan(l.bars, config) }));
  const nested: NestedPoint[] = [];
  for (let i = 0; i + 1 < results.length; i++) {
    const hi = results[i]!;
    const lo = results[i + 1]!;
    for (const p of hi.result.points) {
      const stroke = hi.result.strokes[p.stroke]!;
      const from = stroke.start.timeMs;
      const to = stroke.end.timeMs;
      const lower = lo.result.points.filter((q) => q.side === p.side && q.timeMs > from && q.timeMs <= to);
      nested.push({ higherLevel: hi.level, higher: p, lowerLevel: lo.level, lower });
    }
  }
  return { levels: results, nested };
}
