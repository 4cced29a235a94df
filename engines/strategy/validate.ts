/**
 * validateSpec: structure (zod) plus the meaning zod cannot check — indicator names and parameters against the
 * indicator catalog, references to declared ids and outputs, and specs that cannot trade as intended.
 * Every problem is reported with a JSON path, not just the first.
 */
import { z } from 'zod';
import { checkIndicator } from '../indicators/catalog';
import { catalogParams, findIndicator, indicatorIds, outputNames, takesSource, type IndicatorDef } from './catalog';
import {
  conditionSchema,
  indicatorInstanceSchema,
  PRICE_FIELDS,
  strategySpecSchema,
  type Condition,
  type IndicatorInstance,
  type Operand,
  type StrategySpec,
} from './spec';
import { conditionRefs, didYouMean, isPriceField, jsonPath, specRules, splitRef, walkConditions } from './rules';

export interface SpecIssue {
  /** JSON path into the submitted document, e.g. `$.indicators[1].params.period`. */
  path: string;
  message: string;
}

export type SpecValidation =
  | { ok: true; spec: StrategySpec; warnings: SpecIssue[] }
  | { ok: false; errors: SpecIssue[]; warnings: SpecIssue[] };

export function validateSpec(input: unknown): SpecValidation {
  const errors: SpecIssue[] = [];
  const warnings: SpecIssue[] = [];
  const parsed = strategySpecSchema.safeParse(input);
  if (parsed.success) {
    checkSemantics(parsed.data, errors, warnings, false);
  } else {
    for (const issue of parsed.error.issues) errors.push(...explainIssue(issue, [], input));
    // Check what did parse, so one pass reports an unknown indicator next to a malformed rule.
    const partial = partialSpec(input);
    if (partial) checkSemantics(partial, errors, warnings, true);
  }
  if (errors.length > 0) return { ok: false, errors: dedupe(errors), warnings: dedupe(warnings) };
  return { ok: true, spec: (parsed as { data: StrategySpec }).data, warnings };
}

/** Parse, or throw an error listing every problem. For specs written in code (the builtin library, tests). */
export function parseSpec(input: unknown): StrategySpec {
  const v = validateSpec(input);
  if (!v.ok) throw new SpecValidationError(v.errors);
  return v.spec;
}

export class SpecValidationError extends Error {
  constructor(readonly issues: SpecIssue[]) {
    super(`invalid strategy spec:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'SpecValidationError';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Structural issues in plain words

function explainIssue(issue: z.core.$ZodIssue, prefix: PropertyKey[], root: unknown): SpecIssue[] {
  const at = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // A union (operand, condition) fails in every branch; the branches that got past the type check are the ones the
    // author meant. Report the closest of them instead of zod's bare "Invalid input".
    const meant = issue.errors.filter((branch) => !(branch.length === 1 && branch[0]!.code === 'invalid_type' && branch[0]!.path.length === 0));
    if (meant.length > 0) {
      const best = meant.reduce((a, b) => (b.length < a.length ? b : a));
      return best.flatMap((sub) => explainIssue(sub, at, root));
    }
    return [{ path: jsonPath(at), message: unionMessage(at) }];
  }
  let message = issue.message;
  if (issue.code === 'invalid_type' && valueAt(root, at) === undefined) message = `required (${issue.expected})`;
  if (issue.code === 'unrecognized_keys') message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  return [{ path: jsonPath(at), message }];
}

function unionMessage(at: PropertyKey[]): string {
  const last = at[at.length - 1];
  if (last === 'left' || last === 'right' || last === 'value' || last === 'lower' || last === 'upper') {
    return 'an operand is a number, a reference ("close", "fast", "macd.signal"), { "ref", "offset" } or { "math", "left", "right" }';
  }
  return 'does not match any allowed form';
}

function valueAt(root: unknown, at: PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const k of at) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

/** The pieces of a structurally invalid document that do parse on their own. */
function partialSpec(input: unknown): StrategySpec | null {
  if (input === null || typeof input !== 'object') return null;
  const raw = input as Record<string, unknown>;
  const indicators: IndicatorInstance[] = [];
  if (Array.isArray(raw.indicators)) {
    for (const item of raw.indicators) {
      const r = indicatorInstanceSchema.safeParse(item);
      // Keep positions aligned with the document so paths stay right. An unparsable item keeps its id (rules that
      // name it are fine) but no indicator, so it is not judged twice.
      const id = (item as { id?: unknown } | null)?.id;
      indicators.push(r.success ? r.data : { id: typeof id === 'string' ? id : '', indicator: '', params: {} });
    }
  }
  const side = (name: 'long' | 'short') => {
    const s = raw[name];
    if (s === null || typeof s !== 'object') return undefined;
    const pick = (k: 'entry' | 'exit'): Condition | undefined => {
      const r = conditionSchema.safeParse((s as Record<string, unknown>)[k]);
      return r.success ? r.data : undefined;
    };
    return { entry: pick('entry'), exit: pick('exit') };
  };
  return {
    name: '',
    timeframe: '1d',
    indicators,
    long: side('long'),
    short: side('short'),
    sizing: { kind: 'percentEquity', percent: 100 },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Semantics

/** `partial`: the spec is what parsed of an invalid document, so whole-spec checks (entry rules…) would mislead. */
function checkSemantics(spec: StrategySpec, errors: SpecIssue[], warnings: SpecIssue[], partial: boolean): void {
  const declared = checkIndicators(spec.indicators, errors);
  const used = new Set<string>();
  const rules = specRules(spec);

  for (const { path, cond } of rules) {
    for (const use of conditionRefs(cond, path)) {
      const { id } = splitRef(use.ref);
      used.add(id);
      const problem = refProblem(use.ref, declared);
      if (problem) errors.push({ path: use.path, message: problem });
    }
    walkConditions(cond, path, (c, p) => checkCondition(c, p, declared, errors, warnings));
  }

  if (partial) return;

  const hasLongEntry = !!spec.long?.entry;
  const hasShortEntry = !!spec.short?.entry;
  if (!hasLongEntry && !hasShortEntry) {
    const exitOnly = !!spec.long?.exit || !!spec.short?.exit;
    errors.push({
      path: '$',
      message: exitOnly
        ? 'exit-only spec: it has exit rules but no entry rule, so it never opens a position; add long.entry or short.entry'
        : 'no entry rule: add long.entry or short.entry',
    });
  }
  if (spec.market === 'ashare' && spec.short) {
    errors.push({ path: '$.short', message: 'A-share market rules forbid short selling; remove the short side or use market "crypto"' });
  }
  if (spec.sizing.kind === 'risk' && !spec.stopLoss) {
    errors.push({ path: '$.sizing', message: 'risk-based sizing needs a stopLoss to measure the risk per unit' });
  }
  for (const side of ['long', 'short'] as const) {
    const s = spec[side];
    if (s?.entry && !s.exit && !spec.stopLoss && !spec.takeProfit && !spec.trailingStop) {
      warnings.push({
        path: `$.${side}`,
        message: `${side} positions have no exit rule and no stop: they stay open until the end of the data`,
      });
    }
    if (s?.exit && !s.entry) {
      warnings.push({ path: `$.${side}.exit`, message: `${side}.exit has no ${side}.entry, so it never applies` });
    }
  }
  spec.indicators.forEach((ind, i) => {
    if (ind.id !== '' && !used.has(ind.id)) {
      warnings.push({ path: `$.indicators[${i}]`, message: `indicator '${ind.id}' is declared but no rule uses it` });
    }
  });
}

interface Declared {
  instance: IndicatorInstance;
  info: IndicatorDef | undefined;
}

/** Catalog checks of a list of indicator instances on their own (code strategies declare indicators this way). */
export function checkIndicatorList(list: IndicatorInstance[]): SpecIssue[] {
  const errors: SpecIssue[] = [];
  checkIndicators(list, errors);
  return errors;
}

function checkIndicators(list: IndicatorInstance[], errors: SpecIssue[]): Map<string, Declared> {
  const declared = new Map<string, Declared>();
  list.forEach((ind, i) => {
    if (ind.id === '') return;
    if (ind.indicator === '') {
      declared.set(ind.id, { instance: ind, info: undefined });
      return;
    }
    const at = `$.indicators[${i}]`;
    if (isPriceField(ind.id)) {
      errors.push({ path: `${at}.id`, message: `'${ind.id}' is a price field; give the indicator another id` });
    } else if (declared.has(ind.id)) {
      errors.push({ path: `${at}.id`, message: `duplicate indicator id '${ind.id}'` });
    }
    const info = findIndicator(ind.indicator);
    declared.set(ind.id, { instance: ind, info });
    if (!info) {
      errors.push({
        path: `${at}.indicator`,
        message: `unknown indicator '${ind.indicator}'${didYouMean(ind.indicator, indicatorIds())} (known: ${indicatorIds().join(', ')})`,
      });
      return;
    }
    const names = Object.keys(info.params).filter((n) => n !== 'source');
    let paramsOk = true;
    for (const [name, value] of Object.entries(ind.params)) {
      const p = info.params[name];
      const where = `${at}.params.${name}`;
      if (name === 'source' && p) {
        errors.push({ path: where, message: `write the input as the indicator's "source" field, not as a parameter` });
        paramsOk = false;
      } else if (!p) {
        errors.push({
          path: where,
          message: `${info.id} has no parameter '${name}'${didYouMean(name, names)} (parameters: ${names.join(', ') || 'none'})`,
        });
        paramsOk = false;
      } else if (p.type === 'enum') {
        if (typeof value !== 'string' || !p.options.includes(value)) {
          errors.push({ path: where, message: `${info.id}.${name} must be one of ${p.options.map((o) => `'${o}'`).join(', ')}, got ${JSON.stringify(value)}` });
          paramsOk = false;
        }
      } else if (typeof value !== 'number' || (p.type === 'int' && !Number.isInteger(value)) || value < p.min || value > p.max) {
        errors.push({
          path: where,
          message: `${info.id}.${name} must be ${p.type === 'int' ? 'an integer' : 'a number'} in [${p.min}, ${p.max}], got ${JSON.stringify(value)}`,
        });
        paramsOk = false;
      }
    }
    if (ind.source !== undefined && !takesSource(info)) {
      errors.push({
        path: `${at}.source`,
        message: `${info.id} reads ${info.inputs.join(', ')} itself; source applies only to single-series indicators`,
      });
      paramsOk = false;
    }
    if (paramsOk) {
      // Rules across parameters (macd: fast < slow) live in the catalog.
      const check = checkIndicator(info.id, catalogParams(ind));
      if (!check.ok) errors.push({ path: `${at}.${check.path.join('.')}`, message: check.message });
    }
  });
  return declared;
}

function refProblem(ref: string, declared: Map<string, Declared>): string | null {
  const { id, output } = splitRef(ref);
  if (isPriceField(id)) {
    return output === undefined ? null : `'${id}' is a price field and has no output '${output}'`;
  }
  const d = declared.get(id);
  if (!d) {
    const candidates = [...declared.keys(), ...PRICE_FIELDS];
    return `'${id}' is not a declared indicator id or price field${didYouMean(id, candidates)}`;
  }
  if (!d.info) return null; // already reported as an unknown indicator
  const outputs = outputNames(d.info);
  if (output === undefined) {
    if (outputs.length > 1) {
      return `${d.info.id} has several outputs; write one of ${outputs.map((o) => `'${id}.${o}'`).join(', ')}`;
    }
    return null;
  }
  if (!outputs.includes(output)) {
    return `${d.info.id} '${id}' has no output '${output}'${didYouMean(output, outputs)} (outputs: ${outputs.join(', ')})`;
  }
  return null;
}

function checkCondition(
  c: Condition,
  path: string,
  declared: Map<string, Declared>,
  errors: SpecIssue[],
  warnings: SpecIssue[],
): void {
  const operands = operandsOf(c);
  for (const [name, o] of operands) checkDivision(o, `${path}.${name}`, errors);

  if (c.op === 'between' && typeof c.lower === 'number' && typeof c.upper === 'number' && c.lower > c.upper) {
    errors.push({ path: `${path}.lower`, message: `between: lower ${c.lower} is above upper ${c.upper}, so it never holds` });
  }
  if (operands.length > 0 && operands.every(([, o]) => typeof o === 'number')) {
    warnings.push({ path, message: 'compares constants only, so it is always true or always false' });
  }
  if ((c.op === 'crossAbove' || c.op === 'crossBelow') && typeof c.left === 'string' && typeof c.right === 'string') {
    const a = declared.get(c.left);
    const b = declared.get(c.right);
    if (c.left === c.right) {
      errors.push({ path, message: `'${c.left}' cannot cross itself` });
    } else if (a?.info && b?.info && a.info.id === b.info.id && (a.instance.source ?? 'close') === (b.instance.source ?? 'close')) {
      const pa = periodOf(a);
      const pb = periodOf(b);
      if (pa !== undefined && pb !== undefined && pa >= pb) {
        warnings.push({
          path,
          message:
            pa === pb
              ? `'${c.left}' and '${c.right}' are the same ${a.info.id}(${pa}), so they never cross`
              : `'${c.left}' (period ${pa}) is slower than '${c.right}' (period ${pb}): a fast/slow cross usually puts the shorter period on the left`,
        });
      }
    }
  }
}

function operandsOf(c: Condition): [string, Operand][] {
  switch (c.op) {
    case 'between':
      return [['value', c.value], ['lower', c.lower], ['upper', c.upper]];
    case 'and':
    case 'or':
    case 'not':
      return [];
    default:
      return [['left', c.left], ['right', c.right]];
  }
}

function periodOf(d: Declared): number | undefined {
  const p = d.info?.params.period;
  if (!p || p.type === 'enum') return undefined;
  const v = d.instance.params.period ?? p.default;
  return typeof v === 'number' ? v : undefined;
}

function checkDivision(o: Operand, path: string, errors: SpecIssue[]): void {
  if (typeof o !== 'object' || !('math' in o)) return;
  if (o.math === 'div' && o.right === 0) errors.push({ path: `${path}.right`, message: 'division by zero' });
  checkDivision(o.left, `${path}.left`, errors);
  checkDivision(o.right, `${path}.right`, errors);
}

function dedupe(list: SpecIssue[]): SpecIssue[] {
  const seen = new Set<string>();
  return list.filter((i) => {
    const k = `${i.path}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
