import { z } from 'zod';

type Json = Record<string, unknown>;

/** Keywords that describe a schema rather than constrain it: they stay on the outer schema when a type list is split. */
const ANNOTATIONS = new Set(['title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly', '$comment']);

/** Any JSON value, said explicitly: an empty schema (or `true`) means the same, but many clients cannot map it. */
const JSON_TYPES = ['object', 'array', 'string', 'number', 'boolean', 'null'];

/** Keywords whose value is a schema or a list of schemas, and those whose value maps names to schemas. */
const SUBSCHEMA = new Set(['additionalProperties', 'items', 'prefixItems', 'anyOf', 'oneOf', 'allOf', 'not', 'propertyNames', 'contains', 'if', 'then', 'else']);
const SUBSCHEMA_MAP = new Set(['properties', 'patternProperties', '$defs', 'definitions']);

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * zod writes `["string", "null"]` type lists and `{}` for "any value". Both are valid JSON Schema, but clients that map
 * tool schemas onto a one-type dialect (Gemini's function declarations, OpenAPI 3.0) reject or loosen them, and the MCP
 * Inspector flags them. The same contract, spelled portably: one `type` per `anyOf` branch; any value as the six JSON
 * types; `additionalProperties: true` for free-form objects.
 */
function portable(schema: unknown): unknown {
  if (!isJson(schema)) return schema;
  if (Object.keys(schema).length === 0) return { anyOf: JSON_TYPES.map((type) => ({ type })) };
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'additionalProperties' && isJson(value) && Object.keys(value).length === 0) out[key] = true;
    else if (SUBSCHEMA.has(key)) out[key] = Array.isArray(value) ? value.map(portable) : portable(value);
    else if (SUBSCHEMA_MAP.has(key) && isJson(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, portable(sub)]));
    } else out[key] = value; // enum, const, default, required, …: values, not schemas
  }
  if (!Array.isArray(out.type)) return out;
  const { type, ...rest } = out as Json & { type: string[] };
  const outer: Json = {};
  const constraints: Json = {};
  for (const [key, value] of Object.entries(rest)) (ANNOTATIONS.has(key) ? outer : constraints)[key] = value;
  // Constraints apply to the branch of the type they belong to; 'null' takes none.
  outer.anyOf = type.map((t) => (t === 'null' ? { type: 'null' } : { type: t, ...constraints }));
  return outer;
}

/** The JSON Schema a tool lists for its arguments (`input`) or its structured result (`output`). */
export function portableJsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  return portable(z.toJSONSchema(schema, { target: 'draft-7', io })) as Json;
}
