/**
 * Can a value described by JSON Schema `from` always be used where `to` is expected? Conservative where it can be
 * (a known type conflict is refused) and permissive where the schemas do not say (no type = anything goes), so a
 * graph is only refused for a mismatch the user can see. Shared by the validator and the designer.
 */
export type JsonSchema = Record<string, unknown>;

const TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'] as const;

function typesOf(s: JsonSchema): Set<string> | null {
  if (Array.isArray(s.enum)) return new Set(s.enum.map((v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v)));
  if ('const' in s) { const v = s.const; return new Set([v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v]); }
  if (typeof s.type === 'string') return new Set([s.type]);
  if (Array.isArray(s.type)) return new Set(s.type as string[]);
  return null;
}

function branches(s: JsonSchema): JsonSchema[] | null {
  const list = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  return Array.isArray(list) ? list : null;
}

export function compatibility(from: JsonSchema | undefined, to: JsonSchema | undefined): { ok: true } | { ok: false; reason: string } {
  if (!from || !to) return { ok: true };
  const toBranches = branches(to);
  if (toBranches) {
    const results = toBranches.map((b) => compatibility(from, b));
    return results.some((r) => r.ok) ? { ok: true } : results[0]!;
  }
  const fromBranches = branches(from);
  if (fromBranches) {
    for (const b of fromBranches) {
      const r = compatibility(b, to);
      if (!r.ok) return r;
    }
    return { ok: true };
  }
  const toTypes = typesOf(to);
  const fromTypes = typesOf(from);
  if (!toTypes || !fromTypes) return { ok: true };
  const accepts = (t: string) => toTypes.has(t) || (t === 'integer' && toTypes.has('number'));
  // A value that may be one of several types fits when at least one overlaps; the run validates the rest.
  const overlap = [...fromTypes].filter(accepts);
  if (overlap.length === 0) return { ok: false, reason: `${[...fromTypes].join('|')} cannot be used as ${[...toTypes].join('|')}` };
  if (Array.isArray(to.enum) && Array.isArray(from.enum) && !from.enum.every((v) => (to.enum as unknown[]).includes(v))) {
    return { ok: false, reason: `values ${JSON.stringify(from.enum)} are not all in ${JSON.stringify(to.enum)}` };
  }
  if (overlap.includes('object') && fromTypes.size === 1) {
    const required = (to.required as string[] | undefined) ?? [];
    const fromProps = (from.properties ?? {}) as Record<string, JsonSchema>;
    const toProps = (to.properties ?? {}) as Record<string, JsonSchema>;
    if (from.properties) {
      const missing = required.filter((k) => !(k in fromProps));
      if (missing.length) return { ok: false, reason: `missing field${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` };
    }
    for (const [k, s] of Object.entries(toProps)) {
      if (!(k in fromProps)) continue;
      const r = compatibility(fromProps[k], s);
      if (!r.ok) return { ok: false, reason: `field ${k}: ${r.reason}` };
    }
  }
  if (overlap.includes('array') && fromTypes.size === 1) {
    const r = compatibility(from.items as JsonSchema | undefined, to.items as JsonSchema | undefined);
    if (!r.ok) return { ok: false, reason: `items: ${r.reason}` };
  }
  return { ok: true };
}

/** The schema of a field path inside an object schema, or undefined when the schema does not say. */
export function schemaAt(schema: JsonSchema | undefined, path: (string | number)[]): JsonSchema | undefined | null {
  let s: JsonSchema | undefined = schema;
  for (const key of path) {
    if (!s) return undefined;
    const types = typesOf(s);
    if (types?.has('array') && typeof key === 'number') { s = s.items as JsonSchema | undefined; continue; }
    if (types?.has('object') || s.properties) {
      const props = s.properties as Record<string, JsonSchema> | undefined;
      if (props && key in props) { s = props[key]; continue; }
      // Closed object without that field: the reference is wrong. Open records: unknown.
      if (props && s.additionalProperties === false) return null;
      s = (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined) as JsonSchema | undefined;
      continue;
    }
    if (types && !types.has('object') && !types.has('array')) return key === 'length' && (types.has('string')) ? { type: 'integer' } : null;
    return undefined;
  }
  return s;
}

export const jsonTypes = TYPES;
