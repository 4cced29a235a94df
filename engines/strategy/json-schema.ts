/**
 * JSON Schemas of the strategy spec, for documentation, APIs and LLM structured output.
 *
 * OpenAI's strict structured output accepts a subset of JSON Schema: every object lists all its properties as
 * required and sets additionalProperties: false, no free-form maps (records), no oneOf, and a limited keyword set.
 * The spec as people write it has optional fields and a `params` map, so the LLM gets a variant with the same
 * meaning and a strict-friendly shape:
 *
 * | strategySpecSchema                    | llmStrategySpecSchema                                |
 * |---------------------------------------|------------------------------------------------------|
 * | optional field left out               | field present with value null                        |
 * | indicator `params: { period: 5 }`     | `params: [{ "name": "period", "value": 5 }]`         |
 * | indicator `source` optional           | `source` required, null for the default              |
 * | `sizing` defaults to 100 % of equity  | `sizing` required                                    |
 * | `long.entry` / `long.exit` optional   | both required, null when absent                      |
 *
 * Conditions, operands, sizing and stop rules are the same schemas in both. `fromLlmSpec` maps an LLM answer back
 * to a spec input; run it through validateSpec like any other spec.
 */
import { z } from 'zod';
import { timeframeSchema } from '../klines/timeframe';
import {
  conditionSchema,
  marketSchema,
  priceFieldSchema,
  sizingSchema,
  stopRuleSchema,
  strategySpecSchema,
  type StrategySpecInput,
} from './spec';

const llmSideSchema = z.strictObject({ entry: conditionSchema.nullable(), exit: conditionSchema.nullable() });

export const llmStrategySpecSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().nullable(),
  timeframe: timeframeSchema,
  symbols: z.array(z.string()).nullable(),
  indicators: z.array(
    z.strictObject({
      id: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
      indicator: z.string(),
      params: z.array(z.strictObject({ name: z.string(), value: z.union([z.number(), z.string()]) })),
      source: priceFieldSchema.nullable(),
    }),
  ),
  long: llmSideSchema.nullable(),
  short: llmSideSchema.nullable(),
  sizing: sizingSchema,
  stopLoss: stopRuleSchema.nullable(),
  takeProfit: stopRuleSchema.nullable(),
  trailingStop: stopRuleSchema.nullable(),
  market: marketSchema.nullable(),
  fees: z
    .strictObject({
      makerRate: z.number().nullable(),
      takerRate: z.number().nullable(),
      minFee: z.number().nullable(),
      stampDutyRate: z.number().nullable(),
    })
    .nullable(),
});
export type LlmStrategySpec = z.infer<typeof llmStrategySpecSchema>;

/** An LLM answer (already parsed by llmStrategySpecSchema) as a spec input: nulls dropped, params as a map. */
export function fromLlmSpec(llm: LlmStrategySpec): StrategySpecInput {
  const side = (s: LlmStrategySpec['long']) =>
    s === null ? undefined : { ...(s.entry !== null ? { entry: s.entry } : {}), ...(s.exit !== null ? { exit: s.exit } : {}) };
  const out: StrategySpecInput = {
    name: llm.name,
    timeframe: llm.timeframe,
    indicators: llm.indicators.map((i) => ({
      id: i.id,
      indicator: i.indicator,
      params: Object.fromEntries(i.params.map((p) => [p.name, p.value])),
      ...(i.source !== null ? { source: i.source } : {}),
    })),
    sizing: llm.sizing,
  };
  if (llm.description !== null) out.description = llm.description;
  if (llm.symbols !== null) out.symbols = llm.symbols;
  const long = side(llm.long);
  const short = side(llm.short);
  if (long) out.long = long;
  if (short) out.short = short;
  if (llm.stopLoss !== null) out.stopLoss = llm.stopLoss;
  if (llm.takeProfit !== null) out.takeProfit = llm.takeProfit;
  if (llm.trailingStop !== null) out.trailingStop = llm.trailingStop;
  if (llm.market !== null) out.market = llm.market;
  if (llm.fees !== null) {
    out.fees = Object.fromEntries(Object.entries(llm.fees).filter(([, v]) => v !== null)) as StrategySpecInput['fees'];
  }
  return out;
}

type JsonSchema = Record<string, unknown>;

/** JSON Schema (draft 2020-12) of what authors write: optional fields and defaults as they are. */
export function strategySpecJsonSchema(): JsonSchema {
  return z.toJSONSchema(strategySpecSchema, { target: 'draft-2020-12', io: 'input' }) as JsonSchema;
}

/** JSON Schema of llmStrategySpecSchema rewritten for OpenAI strict mode (`response_format.json_schema.schema`). */
export function llmStrategySpecJsonSchema(): JsonSchema {
  const raw = z.toJSONSchema(llmStrategySpecSchema, { target: 'draft-2020-12', io: 'input' }) as JsonSchema;
  return toStrict(raw) as JsonSchema;
}

/** Keywords strict mode accepts; everything else is dropped (the spec is validated in full afterwards anyway). */
const STRICT_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'enum',
  '$ref',
  '$defs',
  'description',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
]);

function toStrict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toStrict);
  if (node === null || typeof node !== 'object') return node;
  const src = node as JsonSchema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(src)) {
    if (key === 'properties' || key === '$defs') {
      out[key] = Object.fromEntries(Object.entries(value as JsonSchema).map(([k, v]) => [k, toStrict(v)]));
    } else if (key === 'oneOf') {
      // Discriminated unions come out as oneOf; their branches exclude each other anyway, so anyOf means the same.
      out.anyOf = toStrict(value);
    } else if (key === 'const') {
      out.enum = [value];
    } else if ((key === 'maximum' || key === 'minimum') && Math.abs(value as number) >= Number.MAX_SAFE_INTEGER) {
      // zod states the safe-integer range on every int; it constrains nothing.
    } else if (STRICT_KEYWORDS.has(key)) {
      out[key] = toStrict(value);
    }
  }
  return out;
}

/**
 * Problems that would make OpenAI refuse a schema in strict mode, as `path: problem` lines (empty when none).
 * Checks the rules the API enforces: root object, closed objects with every property required, only supported
 * keywords, no oneOf/allOf/not, resolvable $refs, nesting depth ≤ 10 and ≤ 5000 properties.
 */
export function strictSchemaProblems(schema: JsonSchema): string[] {
  const problems: string[] = [];
  if (schema.type !== 'object') problems.push('$: the root must be an object schema');
  if ('anyOf' in schema) problems.push('$: the root must not be anyOf');
  const defs = (schema.$defs ?? {}) as Record<string, unknown>;
  let properties = 0;
  const visit = (node: unknown, path: string, depth: number): void => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      problems.push(`${path}: not a schema object`);
      return;
    }
    const n = node as JsonSchema;
    for (const key of Object.keys(n)) if (!STRICT_KEYWORDS.has(key)) problems.push(`${path}: unsupported keyword '${key}'`);
    if (typeof n.$ref === 'string') {
      const name = /^#\/\$defs\/(.+)$/.exec(n.$ref)?.[1];
      if (n.$ref !== '#' && (name === undefined || !(name in defs))) problems.push(`${path}: unresolved $ref ${n.$ref}`);
      return;
    }
    if (n.type === 'object' || 'properties' in n) {
      if (depth > 10) problems.push(`${path}: nested deeper than 10 objects`);
      const props = (n.properties ?? {}) as JsonSchema;
      const keys = Object.keys(props);
      properties += keys.length;
      if (n.additionalProperties !== false) problems.push(`${path}: additionalProperties must be false`);
      const required = (n.required ?? []) as string[];
      for (const k of keys) if (!required.includes(k)) problems.push(`${path}.${k}: every property must be required (use null for absent)`);
      for (const k of keys) visit(props[k], `${path}.${k}`, depth + 1);
    }
    if (n.items !== undefined) visit(n.items, `${path}[]`, depth);
    if (Array.isArray(n.anyOf)) n.anyOf.forEach((b, i) => visit(b, `${path}.anyOf[${i}]`, depth));
  };
  visit({ ...schema, $defs: undefined }, '$', 0);
  for (const [name, def] of Object.entries(defs)) visit(def, `$defs.${name}`, 1);
  if (properties > 5000) problems.push(`$: ${properties} properties, above the limit of 5000`);
  return problems;
}
