import type { JsonSchema } from './schema-compat';

/**
 * Checks a value against the JSON Schema a node type's zod params schema exports, and fills defaults — the check the
 * interpreter workflow runs on params resolved at run time. Zod itself stays out of the workflow bundle: Temporal
 * evaluates every bundled module afresh for each workflow execution, and zod plus the catalog's schemas cost several
 * milliseconds of CPU per run (measured: 8.7 ms vs 1.0 ms for a bundle without them).
 *
 * Covers the keywords `z.toJSONSchema` emits for our catalog: type, enum, const, pattern, length/size/range bounds,
 * properties/required/additionalProperties, items, anyOf/oneOf, format uri, default. Refinements are not in JSON
 * Schema; the activities that need them validate their input with the zod schema again.
 */

export type SchemaCheck = { ok: true; value: unknown } | { ok: false; problems: string[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function hasType(v: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'object':
      return isObject(v);
    default:
      return typeOf(v) === type;
  }
}

const clone = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isUrl(s: string): boolean {
  try {
    return Boolean(new URL(s).protocol);
  } catch {
    return false;
  }
}

function check(schema: JsonSchema, value: unknown, path: string, problems: string[]): unknown {
  const at = (msg: string) => problems.push(`${path || '(params)'}: ${msg}`);

  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(branches)) {
    for (const branch of branches) {
      const own: string[] = [];
      const result = check(branch, value, path, own);
      if (own.length === 0) return result;
    }
    at(`matches none of the ${branches.length} allowed shapes`);
    return value;
  }

  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => hasType(value, t))) {
      at(`expected ${types.join(' or ')}, received ${typeOf(value)}`);
      return value;
    }
  }
  if ('const' in schema && !sameJson(schema.const, value)) at(`expected ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => sameJson(e, value))) {
    at(`expected one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  }

  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) at(`must be at least ${schema.minLength} characters`);
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) at(`must be at most ${schema.maxLength} characters`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value)) at(`does not match ${schema.pattern}`);
    if (schema.format === 'uri' && !isUrl(value)) at('invalid URL');
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) at(`must be ≥ ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) at(`must be ≤ ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) at(`must be > ${schema.exclusiveMinimum}`);
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) at(`must be < ${schema.exclusiveMaximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) at(`must have at least ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) at(`must have at most ${schema.maxItems} items`);
    if (isObject(schema.items)) return value.map((item, i) => check(schema.items as JsonSchema, item, `${path}${path ? '.' : ''}${i}`, problems));
  }
  if (isObject(value)) return checkObject(schema, value, path, problems);
  return value;
}

function checkObject(schema: JsonSchema, value: Record<string, unknown>, path: string, problems: string[]): Record<string, unknown> {
  // A schema that says nothing about keys (z.unknown(), z.any()) takes the object as it is.
  if (!('properties' in schema) && !('additionalProperties' in schema)) return value;
  const properties = (isObject(schema.properties) ? schema.properties : {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const out: Record<string, unknown> = {};
  const child = (key: string) => `${path}${path ? '.' : ''}${key}`;
  for (const [key, sub] of Object.entries(properties)) {
    if (value[key] === undefined) {
      if ('default' in sub) out[key] = clone(sub.default);
      else if (required.has(key)) problems.push(`${child(key)}: required`);
      continue;
    }
    out[key] = check(sub, value[key], child(key), problems);
  }
  for (const [key, v] of Object.entries(value)) {
    if (key in properties || v === undefined) continue;
    // Like zod's default object parse: keys the schema does not mention are dropped unless it allows extras.
    const extra = schema.additionalProperties;
    if (extra === false) problems.push(`${child(key)}: not an allowed key`);
    else if (isObject(extra)) out[key] = check(extra, v, child(key), problems);
    else if (extra === true) out[key] = v;
  }
  return out;
}

export function checkJsonSchema(schema: JsonSchema, value: unknown): SchemaCheck {
  const problems: string[] = [];
  const checked = check(schema, value, '', problems);
  return problems.length ? { ok: false, problems } : { ok: true, value: checked };
}
