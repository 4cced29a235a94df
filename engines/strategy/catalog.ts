/**
 * The strategy DSL's view of the indicator catalog (engines/indicators): lookups for validation and the mapping from
 * a spec's indicator instance to a live incremental indicator. No indicator math lives here.
 */
import {
  createIndicator,
  getIndicatorDef,
  indicatorCatalog,
  type IndicatorDef,
  type IndicatorInstance as IndicatorRunner,
} from '../indicators/catalog';
import type { IndicatorInstance } from './spec';

export type { IndicatorDef, IndicatorRunner };
export type { BarValues } from '../indicators/catalog';

export function findIndicator(id: string): IndicatorDef | undefined {
  return getIndicatorDef(id);
}

export function indicatorIds(): string[] {
  return indicatorCatalog.map((d) => d.id);
}

/** Single-series indicators read the bar value named by their `source` param; the others read fixed fields. */
export function takesSource(def: IndicatorDef): boolean {
  return 'source' in def.params;
}

export function outputNames(def: IndicatorDef): string[] {
  return def.outputs.map((o) => o.name);
}

/** The catalog params of an instance: the spec's `source` field is the catalog's `source` param. */
export function catalogParams(inst: IndicatorInstance): Record<string, number | string> {
  return inst.source === undefined ? { ...inst.params } : { ...inst.params, source: inst.source };
}

/** A live indicator for one spec instance. `timeZone` places VWAP's day sessions. */
export function createRunner(inst: IndicatorInstance, timeZone: string): IndicatorRunner {
  return createIndicator(inst.indicator, catalogParams(inst), { timeZone });
}
