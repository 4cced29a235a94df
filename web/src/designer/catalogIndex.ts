import type { CatalogEntry, GraphNode, JsonSchema } from '../api/graphTypes';
import { TRIGGER_HANDLE } from './graphModel';
import { typeLabel } from './schemaCompat';

export interface ParamField {
  name: string;
  schema: JsonSchema;
  required: boolean;
  /** Precomputed so handle labels never walk schemas while rendering. */
  typeLabel: string;
}

/** Everything the canvas needs to know about one node type, computed once per catalog load. */
export interface NodeTypeInfo {
  entry: CatalogEntry;
  fields: ParamField[];
  fieldByName: Map<string, ParamField>;
  /** Output handles before switch cases and the error branch are added. */
  baseOutputs: string[];
  isSwitch: boolean;
}

export interface CatalogIndex {
  entries: CatalogEntry[];
  get(type: string, version?: number): NodeTypeInfo | undefined;
}

const SWITCH_TYPE = 'flow.switch';
export const ERROR_HANDLE = 'error';

/** The value an `error` handle carries (core/catalog nodeErrorSchema). */
export const ERROR_OUTPUT_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { message: { type: 'string' }, type: { type: ['string', 'null'] } },
};

function describeType(entry: CatalogEntry): NodeTypeInfo {
  const required = new Set(entry.params.required ?? []);
  const fields = Object.entries(entry.params.properties ?? {}).map(([name, schema]) => ({
    name,
    schema,
    required: required.has(name),
    typeLabel: typeLabel(schema),
  }));
  return {
    entry,
    fields,
    fieldByName: new Map(fields.map((f) => [f.name, f])),
    baseOutputs: Object.keys(entry.outputs),
    isSwitch: entry.type === SWITCH_TYPE,
  };
}

export function buildCatalogIndex(entries: CatalogEntry[]): CatalogIndex {
  const byKey = new Map(entries.map((e) => [`${e.type}@${e.version}`, describeType(e)]));
  return {
    entries,
    get: (type, version = 1) => byKey.get(`${type}@${version}`),
  };
}

/** Output handles of a node: mirrors outputHandles() in core/catalog/index.ts. */
export function outputHandles(info: NodeTypeInfo, node: Pick<GraphNode, 'params' | 'onError'>): string[] {
  let handles = info.baseOutputs;
  if (info.isSwitch) {
    const cases = Array.isArray(node.params.cases) ? node.params.cases : [];
    handles = [...cases.map((_, i) => `case-${i}`), 'default'];
  }
  return node.onError === 'error-branch' ? [...handles, ERROR_HANDLE] : handles;
}

export function outputSchema(info: NodeTypeInfo, handle: string): JsonSchema | undefined {
  if (handle === ERROR_HANDLE) return ERROR_OUTPUT_SCHEMA;
  // Switch cases pass the compared value on, whatever it is.
  return info.entry.outputs[handle] ?? (info.isSwitch ? {} : undefined);
}

export function targetHandles(info: NodeTypeInfo): string[] {
  return [TRIGGER_HANDLE, ...info.fields.map((f) => f.name)];
}
