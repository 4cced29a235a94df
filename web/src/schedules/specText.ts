import type { JsonSchema } from '../api/graphTypes';
import type { ScheduleSpec } from '../api/schedules';

const UNITS: [number, string][] = [
  [86_400, 'day'],
  [3_600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

/** `every 15 minutes`, `every 90 seconds`: the largest unit that divides the interval. */
export function intervalText(seconds: number): string {
  const [size, unit] = UNITS.find(([s]) => seconds % s === 0) ?? [1, 'second'];
  const n = seconds / size;
  return `every ${n === 1 ? '' : `${n} `}${unit}${n === 1 ? '' : 's'}`;
}

/** A schedule's spec as one line: its cron strings, its interval, its zone. */
export function specText(spec: ScheduleSpec | undefined): string {
  if (!spec) return '—';
  const parts: string[] = [];
  if (spec.cron?.length) parts.push(spec.cron.map((c) => `cron ${c}`).join('; '));
  if (spec.intervalSeconds) parts.push(intervalText(spec.intervalSeconds));
  if (spec.timezone) parts.push(`(${spec.timezone})`);
  return parts.join(' ') || '—';
}

/** A graph's run input prefilled from its input schema's defaults, as the form's starting JSON. */
export function defaultInput(schema: JsonSchema | Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries((schema as JsonSchema | undefined)?.properties ?? {})) {
    if (prop.default !== undefined) out[name] = prop.default;
  }
  return out;
}
