import type { Metric, MetricGroup } from '../api/backtests';
import { formatCount, formatDuration } from '../common/format';

export const GROUP_LABELS: Record<MetricGroup, string> = {
  returns: 'Returns',
  risk: 'Risk',
  drawdown: 'Drawdown',
  benchmark: 'Benchmark',
  trades: 'Trades',
};

const GROUP_ORDER: MetricGroup[] = ['returns', 'risk', 'drawdown', 'benchmark', 'trades'];

/** A metric's value as a reader wants it: percent for fractions, money exactly as the engine computed it. */
export function formatMetricValue(metric: Pick<Metric, 'value' | 'unit'>): string {
  const { value, unit } = metric;
  if (value === null) return '—';
  // Money arrives as an exact decimal string and is shown as such; never round it through a float.
  if (typeof value === 'string') return value;
  switch (unit) {
    case 'pct':
      return `${(value * 100).toFixed(2)}%`;
    case 'ratio':
      return Math.abs(value) >= 100 ? value.toFixed(2) : value.toFixed(3);
    case 'count':
      return formatCount(value);
    case 'periods':
      return `${Number.isInteger(value) ? formatCount(value) : value.toFixed(1)} bars`;
    case 'ms':
      return formatDuration(value);
    case 'money':
      return String(value);
  }
}

/** A headline figure from a summary (always a number or null there). */
export function formatHeadline(value: number | null | undefined, unit: 'pct' | 'ratio'): string {
  return value === null || value === undefined ? '—' : formatMetricValue({ value, unit });
}

export function groupMetrics(list: Metric[]): { group: MetricGroup; metrics: Metric[] }[] {
  const groups = new Map<MetricGroup, Metric[]>();
  for (const m of list) {
    const bucket = groups.get(m.group);
    if (bucket) bucket.push(m);
    else groups.set(m.group, [m]);
  }
  const known = GROUP_ORDER.filter((g) => groups.has(g));
  const other = [...groups.keys()].filter((g) => !GROUP_ORDER.includes(g));
  return [...known, ...other].map((group) => ({ group, metrics: groups.get(group)! }));
}
