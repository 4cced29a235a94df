/**
 * The graph's expression language: small, deterministic, no `eval`. It runs inside Temporal workflows (same result
 * on every replay) and is parsed before save so a bad expression is reported with its node.
 *
 *   paths       input.symbol   nodes.fetch.out.body.items[0].price   item   index
 *   literals    42  1.5  'text'  "text"  true  false  null  [1, 2]
 *   operators   + - * / %   == != < <= > >=   && || !   a ? b : c   (…)
 *   functions   len(x) lower(s) upper(s) trim(s) round(x, digits) floor(x) ceil(x) abs(x) min(…) max(…) sum(list)
 *               contains(list|string, v) keys(obj) values(obj) join(list, sep) split(s, sep) string(x) number(x)
 *               default(x, fallback) slice(list|string, start, end?) map(list, 'path') filter(list, 'path', value)
 *
 * `map` and `filter` take a path as a string (evaluated against each element) instead of a lambda, which keeps the
 * language free of closures.
 */

export type Expr =
  | { kind: 'literal'; value: unknown }
  | { kind: 'path'; root: string; segments: (string | number | Expr)[] }
  | { kind: 'list'; items: Expr[] }
  | { kind: 'unary'; op: '!' | '-'; arg: Expr }
  | { kind: 'binary'; op: string; left: Expr; right: Expr }
  | { kind: 'ternary'; test: Expr; then: Expr; else: Expr }
  | { kind: 'call'; name: string; args: Expr[] };

export class ExpressionError extends Error {
  constructor(message: string, readonly position?: number) {
    super(position === undefined ? message : `${message} (at ${position + 1})`);
  }
}

type Token = { t: 'num' | 'str' | 'id' | 'op' | 'eof'; v: string; pos: number };

const OPS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '+', '-', '*', '/', '%', '!', '(', ')', '[', ']', '.', ',', '?', ':'];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(src.slice(i))!;
      out.push({ t: 'num', v: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) { s += src[j + 1]; j += 2; continue; }
        s += src[j++];
      }
      if (j >= src.length) throw new ExpressionError('unterminated string', i);
      out.push({ t: 'str', v: s, pos: i });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$-]*/.exec(src.slice(i))!;
      // A trailing '-' belongs to an operator (a-1), not the identifier; ids may contain '-' (node ids) only inside.
      let id = m[0];
      while (id.endsWith('-')) id = id.slice(0, -1);
      out.push({ t: 'id', v: id, pos: i });
      i += id.length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new ExpressionError(`unexpected character '${c}'`, i);
    out.push({ t: 'op', v: op, pos: i });
    i += op.length;
  }
  out.push({ t: 'eof', v: '', pos: src.length });
  return out;
}

const PRECEDENCE: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 };

export const FUNCTIONS = ['len', 'lower', 'upper', 'trim', 'round', 'floor', 'ceil', 'abs', 'min', 'max', 'sum', 'contains', 'keys',
  'values', 'join', 'split', 'string', 'number', 'default', 'slice', 'map', 'filter'] as const;

// Graphs evaluate the same few expressions on every run; ASTs are immutable, so parsed ones are shared. Pure
// function of the source text, so the cache is safe inside workflows (replays get the same trees).
const parsed = new Map<string, Expr>();
const PARSE_CACHE_LIMIT = 10_000;

export function parseExpression(src: string): Expr {
  let e = parsed.get(src);
  if (!e) {
    e = parseUncached(src);
    if (parsed.size >= PARSE_CACHE_LIMIT) parsed.clear();
    parsed.set(src, e);
  }
  return e;
}

function parseUncached(src: string): Expr {
  const tokens = tokenize(src);
  let p = 0;
  const peek = () => tokens[p]!;
  const next = () => tokens[p++]!;
  const expectOp = (v: string) => {
    const tok = next();
    if (tok.t !== 'op' || tok.v !== v) throw new ExpressionError(`expected '${v}'`, tok.pos);
  };

  function primary(): Expr {
    const tok = next();
    if (tok.t === 'num') return { kind: 'literal', value: Number(tok.v) };
    if (tok.t === 'str') return { kind: 'literal', value: tok.v };
    if (tok.t === 'op' && tok.v === '(') { const e = expr(); expectOp(')'); return e; }
    if (tok.t === 'op' && tok.v === '[') {
      const items: Expr[] = [];
      if (!(peek().t === 'op' && peek().v === ']')) {
        do items.push(expr()); while (peek().v === ',' && next());
      }
      expectOp(']');
      return { kind: 'list', items };
    }
    if (tok.t === 'op' && (tok.v === '!' || tok.v === '-')) return { kind: 'unary', op: tok.v, arg: unaryOperand() };
    if (tok.t === 'id') {
      if (tok.v === 'true' || tok.v === 'false') return { kind: 'literal', value: tok.v === 'true' };
      if (tok.v === 'null') return { kind: 'literal', value: null };
      if (peek().t === 'op' && peek().v === '(') {
        if (!(FUNCTIONS as readonly string[]).includes(tok.v)) throw new ExpressionError(`unknown function '${tok.v}'`, tok.pos);
        next();
        const args: Expr[] = [];
        if (!(peek().t === 'op' && peek().v === ')')) {
          do args.push(expr()); while (peek().v === ',' && next());
        }
        expectOp(')');
        return { kind: 'call', name: tok.v, args };
      }
      const segments: (string | number | Expr)[] = [];
      for (;;) {
        if (peek().t === 'op' && peek().v === '.') {
          next();
          const name = next();
          if (name.t !== 'id' && name.t !== 'num') throw new ExpressionError('expected a field name after .', name.pos);
          segments.push(name.v);
        } else if (peek().t === 'op' && peek().v === '[') {
          next();
          const index = expr();
          expectOp(']');
          segments.push(index.kind === 'literal' && (typeof index.value === 'number' || typeof index.value === 'string') ? index.value : index);
        } else break;
      }
      return { kind: 'path', root: tok.v, segments };
    }
    throw new ExpressionError(tok.t === 'eof' ? 'unexpected end of expression' : `unexpected '${tok.v}'`, tok.pos);
  }
  function unaryOperand(): Expr {
    return primary();
  }
  function binary(minPrec: number): Expr {
    let left = primary();
    for (;;) {
      const tok = peek();
      const prec = tok.t === 'op' ? PRECEDENCE[tok.v] : undefined;
      if (prec === undefined || prec < minPrec) return left;
      next();
      left = { kind: 'binary', op: tok.v, left, right: binary(prec + 1) };
    }
  }
  function expr(): Expr {
    const test = binary(1);
    if (peek().t === 'op' && peek().v === '?') {
      next();
      const then = expr();
      expectOp(':');
      return { kind: 'ternary', test, then, else: expr() };
    }
    return test;
  }
  const result = expr();
  if (peek().t !== 'eof') throw new ExpressionError(`unexpected '${peek().v}'`, peek().pos);
  return result;
}

export type Scope = Record<string, unknown>;

function get(value: unknown, key: string | number): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value) && typeof key === 'number') return value[key < 0 ? value.length + key : key];
  if (typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key)) return (value as Record<string, unknown>)[String(key)];
  if (typeof value === 'string' && key === 'length') return value.length;
  if (Array.isArray(value) && key === 'length') return value.length;
  return undefined;
}

function resolvePath(value: unknown, path: string): unknown {
  return path.split('.').filter(Boolean).reduce<unknown>((v, k) => get(v, /^\d+$/.test(k) ? Number(k) : k), value);
}

const num = (v: unknown, fn: string): number => {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new ExpressionError(`${fn}: expected a number, got ${JSON.stringify(v)}`);
  return v;
};

function call(name: string, a: unknown[]): unknown {
  switch (name) {
    case 'len': return typeof a[0] === 'string' || Array.isArray(a[0]) ? a[0].length : a[0] && typeof a[0] === 'object' ? Object.keys(a[0]).length : 0;
    case 'lower': return String(a[0] ?? '').toLowerCase();
    case 'upper': return String(a[0] ?? '').toUpperCase();
    case 'trim': return String(a[0] ?? '').trim();
    case 'round': { const f = 10 ** (a[1] === undefined ? 0 : num(a[1], name)); return Math.round(num(a[0], name) * f) / f; }
    case 'floor': return Math.floor(num(a[0], name));
    case 'ceil': return Math.ceil(num(a[0], name));
    case 'abs': return Math.abs(num(a[0], name));
    case 'min': return Math.min(...(Array.isArray(a[0]) ? a[0] : a).map((x) => num(x, name)));
    case 'max': return Math.max(...(Array.isArray(a[0]) ? a[0] : a).map((x) => num(x, name)));
    case 'sum': return (Array.isArray(a[0]) ? a[0] : []).reduce((s: number, x) => s + num(x, name), 0);
    case 'contains': return typeof a[0] === 'string' ? a[0].includes(String(a[1])) : Array.isArray(a[0]) ? a[0].some((x) => deepEqual(x, a[1])) : false;
    case 'keys': return a[0] && typeof a[0] === 'object' ? Object.keys(a[0]) : [];
    case 'values': return a[0] && typeof a[0] === 'object' ? Object.values(a[0]) : [];
    case 'join': return (Array.isArray(a[0]) ? a[0] : []).map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(a[1] === undefined ? ',' : String(a[1]));
    case 'split': return String(a[0] ?? '').split(a[1] === undefined ? ',' : String(a[1]));
    case 'string': return typeof a[0] === 'string' ? a[0] : JSON.stringify(a[0]);
    case 'number': { const n = Number(a[0]); if (Number.isNaN(n)) throw new ExpressionError(`number: cannot convert ${JSON.stringify(a[0])}`); return n; }
    case 'default': return a[0] === undefined || a[0] === null ? a[1] : a[0];
    case 'slice': return (typeof a[0] === 'string' || Array.isArray(a[0])) ? a[0].slice(a[1] === undefined ? 0 : num(a[1], name), a[2] === undefined ? undefined : num(a[2], name)) : [];
    case 'map': return (Array.isArray(a[0]) ? a[0] : []).map((x) => resolvePath(x, String(a[1])));
    case 'filter': return (Array.isArray(a[0]) ? a[0] : []).filter((x) => deepEqual(resolvePath(x, String(a[1])), a[2] === undefined ? true : a[2]));
    default: throw new ExpressionError(`unknown function '${name}'`);
  }
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export function evaluate(e: Expr, scope: Scope): unknown {
  switch (e.kind) {
    case 'literal': return e.value;
    case 'list': return e.items.map((i) => evaluate(i, scope));
    case 'path': {
      let v: unknown = Object.prototype.hasOwnProperty.call(scope, e.root) ? scope[e.root] : undefined;
      for (const s of e.segments) {
        const key = typeof s === 'object' ? evaluate(s, scope) : s;
        if (typeof key !== 'string' && typeof key !== 'number') return undefined;
        v = get(v, key);
      }
      return v;
    }
    case 'unary': {
      const v = evaluate(e.arg, scope);
      return e.op === '!' ? !truthy(v) : -num(v, 'unary -');
    }
    case 'ternary': return truthy(evaluate(e.test, scope)) ? evaluate(e.then, scope) : evaluate(e.else, scope);
    case 'call': return call(e.name, e.args.map((a) => evaluate(a, scope)));
    case 'binary': {
      if (e.op === '&&') { const l = evaluate(e.left, scope); return truthy(l) ? evaluate(e.right, scope) : l; }
      if (e.op === '||') { const l = evaluate(e.left, scope); return truthy(l) ? l : evaluate(e.right, scope); }
      const l = evaluate(e.left, scope);
      const r = evaluate(e.right, scope);
      switch (e.op) {
        case '==': return deepEqual(l, r);
        case '!=': return !deepEqual(l, r);
        case '<': return (l as number) < (r as number);
        case '<=': return (l as number) <= (r as number);
        case '>': return (l as number) > (r as number);
        case '>=': return (l as number) >= (r as number);
        case '+': return typeof l === 'string' || typeof r === 'string' ? `${l ?? ''}${r ?? ''}` : Array.isArray(l) && Array.isArray(r) ? [...l, ...r] : num(l, '+') + num(r, '+');
        case '-': return num(l, '-') - num(r, '-');
        case '*': return num(l, '*') * num(r, '*');
        case '/': { const d = num(r, '/'); if (d === 0) throw new ExpressionError('division by zero'); return num(l, '/') / d; }
        case '%': return num(l, '%') % num(r, '%');
      }
      throw new ExpressionError(`unknown operator ${e.op}`);
    }
  }
}

export function truthy(v: unknown): boolean {
  return !(v === false || v === null || v === undefined || v === 0 || v === '' || Number.isNaN(v));
}

/** Every path the expression reads (root plus leading literal segments), for validation and the editor. */
export function referencedPaths(e: Expr): { root: string; segments: (string | number)[] }[] {
  const out: { root: string; segments: (string | number)[] }[] = [];
  const walk = (x: Expr) => {
    switch (x.kind) {
      case 'path': {
        const segments: (string | number)[] = [];
        for (const s of x.segments) {
          if (typeof s === 'object') { walk(s); break; }
          segments.push(s);
        }
        out.push({ root: x.root, segments });
        for (const s of x.segments) if (typeof s === 'object') walk(s);
        break;
      }
      case 'list': x.items.forEach(walk); break;
      case 'unary': walk(x.arg); break;
      case 'binary': walk(x.left); walk(x.right); break;
      case 'ternary': walk(x.test); walk(x.then); walk(x.else); break;
      case 'call': x.args.forEach(walk); break;
      case 'literal': break;
    }
  };
  walk(e);
  return out;
}

/** `Hello {{ input.name }}`: the placeholders of a template string, parsed. */
export function parseTemplate(src: string): (string | Expr)[] {
  const parts: (string | Expr)[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open === -1) { parts.push(src.slice(i)); break; }
    if (open > i) parts.push(src.slice(i, open));
    const close = src.indexOf('}}', open + 2);
    if (close === -1) throw new ExpressionError("unclosed '{{'", open);
    parts.push(parseExpression(src.slice(open + 2, close)));
    i = close + 2;
  }
  return parts;
}

export function renderTemplate(parts: (string | Expr)[], scope: Scope): string {
  return parts.map((p) => {
    if (typeof p === 'string') return p;
    const v = evaluate(p, scope);
    return typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v);
  }).join('');
}
