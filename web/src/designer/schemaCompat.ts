import { compatibility } from '../../../core/graph/schema-compat';
import type { JsonSchema } from '../api/graphTypes';

/**
 * Type labels for handles and form fields; whether a connection fits is decided by the validator's own rule.
 */

const ANY = 'any';

function typesOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The JSON types a schema admits; `any` when it does not constrain the type. */
export function schemaTypes(schema: JsonSchema | undefined): Set<string> {
  if (!schema) return new Set([ANY]);
  if (typeof schema.type === 'string') return new Set([schema.type]);
  if (Array.isArray(schema.type)) return new Set(schema.type);
  const union = schema.anyOf ?? schema.oneOf;
  if (union && union.length > 0) {
    const out = new Set<string>();
    for (const member of union) for (const t of schemaTypes(member)) out.add(t);
    return out;
  }
  if (schema.allOf && schema.allOf.length > 0) return schemaTypes(schema.allOf[0]);
  if ('const' in schema) return new Set([typesOfValue(schema.const)]);
  if (schema.enum && schema.enum.length > 0) return new Set(schema.enum.map(typesOfValue));
  return new Set([ANY]);
}

export function describeTypes(types: Set<string>): string {
  return types.has(ANY) ? 'any' : [...types].join(' | ');
}

/** null when a value of `source` may be fed to `target`, else why not. */
/** Why `source` cannot feed `target`, or null: the server validator's own rule (core/graph/schema-compat), so the
 * designer refuses exactly the connections a save would refuse. */
export function incompatibility(source: JsonSchema | undefined, target: JsonSchema | undefined): string | null {
  const r = compatibility(source as Record<string, unknown> | undefined, target as Record<string, unknown> | undefined);
  return r.ok ? null : r.reason;
}

/** A short type label for handles and form fields: `string`, `integer`, `enum`, `string[]`, `any`. */
export function typeLabel(schema: JsonSchema | undefined): string {
  if (!schema) return 'any';
  if (schema.enum) return 'enum';
  const types = schemaTypes(schema);
  if (types.size === 1 && types.has('array')) {
    const items = schema.items ? typeLabel(schema.items) : 'any';
    return items.includes('|') ? `(${items})[]` : `${items}[]`;
  }
  return describeTypes(types);
}
