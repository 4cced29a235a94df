/** Walking conditions and operands: shared by the validator (with JSON paths) and the compiler. */
import { PRICE_FIELDS, type Condition, type Operand, type PriceField, type StrategySpec } from './spec';

export interface RefUse {
  ref: string;
  /** Bars back from the bar being evaluated (0 = current). */
  offset: number;
  /** JSON path of the operand, e.g. `$.long.entry.left`. */
  path: string;
}

/** Every reference an operand reads, with the offset it is read at. `shift` is added (used for crosses). */
export function operandRefs(operand: Operand, path: string, shift = 0, out: RefUse[] = []): RefUse[] {
  if (typeof operand === 'number') return out;
  if (typeof operand === 'string') {
    out.push({ ref: operand, offset: shift, path });
  } else if ('ref' in operand) {
    out.push({ ref: operand.ref, offset: operand.offset + shift, path });
  } else {
    operandRefs(operand.left, `${path}.left`, shift, out);
    operandRefs(operand.right, `${path}.right`, shift, out);
  }
  return out;
}

/** Every reference a condition reads; a cross also reads its operands one bar earlier. */
export function conditionRefs(cond: Condition, path: string, out: RefUse[] = []): RefUse[] {
  switch (cond.op) {
    case 'crossAbove':
    case 'crossBelow':
      for (const shift of [0, 1]) {
        operandRefs(cond.left, `${path}.left`, shift, out);
        operandRefs(cond.right, `${path}.right`, shift, out);
      }
      break;
    case 'gt':
    case 'lt':
    case 'gte':
    case 'lte':
      operandRefs(cond.left, `${path}.left`, 0, out);
      operandRefs(cond.right, `${path}.right`, 0, out);
      break;
    case 'between':
      operandRefs(cond.value, `${path}.value`, 0, out);
      operandRefs(cond.lower, `${path}.lower`, 0, out);
      operandRefs(cond.upper, `${path}.upper`, 0, out);
      break;
    case 'and':
    case 'or':
      cond.conditions.forEach((c, i) => conditionRefs(c, `${path}.conditions[${i}]`, out));
      break;
    case 'not':
      conditionRefs(cond.condition, `${path}.condition`, out);
      break;
  }
  return out;
}

/** Calls `visit` on every condition node, parents first. */
export function walkConditions(cond: Condition, path: string, visit: (c: Condition, path: string) => void): void {
  visit(cond, path);
  if (cond.op === 'and' || cond.op === 'or') {
    cond.conditions.forEach((c, i) => walkConditions(c, `${path}.conditions[${i}]`, visit));
  } else if (cond.op === 'not') {
    walkConditions(cond.condition, `${path}.condition`, visit);
  }
}

export type RuleSlot = 'long.entry' | 'long.exit' | 'short.entry' | 'short.exit';

/** The spec's rules with their JSON paths, in a fixed order. */
export function specRules(spec: Pick<StrategySpec, 'long' | 'short'>): { slot: RuleSlot; path: string; cond: Condition }[] {
  const out: { slot: RuleSlot; path: string; cond: Condition }[] = [];
  for (const side of ['long', 'short'] as const) {
    for (const kind of ['entry', 'exit'] as const) {
      const cond = spec[side]?.[kind];
      if (cond) out.push({ slot: `${side}.${kind}`, path: `$.${side}.${kind}`, cond });
    }
  }
  return out;
}

export function isPriceField(name: string): name is PriceField {
  return (PRICE_FIELDS as readonly string[]).includes(name);
}

/** `fast` → { id: 'fast' }, `macd.signal` → { id: 'macd', output: 'signal' }. */
export function splitRef(ref: string): { id: string; output?: string } {
  const dot = ref.indexOf('.');
  return dot < 0 ? { id: ref } : { id: ref.slice(0, dot), output: ref.slice(dot + 1) };
}

/** JSON path from a zod issue path: ['long', 'entry', 'conditions', 0] → `$.long.entry.conditions[0]`. */
export function jsonPath(parts: readonly PropertyKey[]): string {
  let out = '$';
  for (const p of parts) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return out;
}

/** Closest candidates by edit distance (a swap of neighbours counts as one edit), for "did you mean". */
export function suggest(word: string, candidates: readonly string[]): string[] {
  const w = word.toLowerCase();
  return candidates
    .map((c) => ({ c, d: editDistance(w, c.toLowerCase()) }))
    .filter(({ c, d }) => d <= Math.min(2, Math.ceil(c.length / 3)) || (w.length >= 2 && c.toLowerCase().startsWith(w)))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, 3)
    .map(({ c }) => c);
}

/** Optimal string alignment distance. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

export function didYouMean(word: string, candidates: readonly string[]): string {
  const s = suggest(word, candidates);
  return s.length > 0 ? `; did you mean ${s.map((x) => `'${x}'`).join(' or ')}?` : '';
}
