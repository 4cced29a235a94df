/**
 * Code strategies: a user's TypeScript or JavaScript `function onBar(ctx) { … }` run inside QuickJS (WebAssembly),
 * exposed to the backtest engine as an ordinary Strategy. esbuild erases the types first (it does not check them);
 * positions in errors are mapped back to the user's source. The code sees only what the ctx gives it — no Node, no
 * network, no modules, no clock, no Math.random — under a memory limit, a stack limit, and time limits (an interrupt
 * handler checks a per-call and a per-run deadline). The ctx API and the limits are documented in SANDBOX.md.
 *
 * The time limits are the one non-deterministic input: they decide only whether a run fails, never what a
 * successful run computes.
 */
import { SourceMap } from 'node:module';
import variant from '@jitl/quickjs-wasmfile-release-sync';
import { transformSync, type Message } from 'esbuild';
import {
  newQuickJSWASMModuleFromVariant,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSWASMModule,
} from 'quickjs-emscripten-core';
import type { OrderEvent, Strategy, StrategyContext, StrategyStartInfo, PriceField as EnginePriceField } from '../backtest/types';
import { createRunner, type BarValues, type IndicatorRunner } from './catalog';
import { History } from './series';
import { indicatorInstanceSchema, type IndicatorInstance } from './spec';
import { splitRef } from './rules';
import { checkIndicatorList, SpecValidationError } from './validate';
import { z } from 'zod';

export interface CodeStrategyOptions {
  /** Strategy name in results. Default 'code strategy'. */
  name?: string;
  /**
   * Indicators the code reads with `ctx.ind(ref, barsAgo)`, declared like a spec's indicators and computed by the
   * same incremental classes outside the sandbox, so code and spec strategies see identical values.
   */
  indicators?: z.input<typeof indicatorInstanceSchema>[];
  /** How many past values `ctx.ind` can reach (barsAgo < this). Default 64. */
  indicatorHistory?: number;
  /**
   * Memory the code may use, default 32 MiB: checked on the growth of the sandbox's WebAssembly memory while the
   * code runs (the first ~16 MiB of that memory are preallocated and not counted), and as QuickJS's limit on any
   * single allocation.
   */
  memoryLimitBytes?: number;
  /**
   * QuickJS stack limit. Default 192 KiB, at most 256 KiB: the WebAssembly stack underneath is not much larger, and
   * overflowing it would crash the host instead of raising a catchable stack overflow in the code.
   */
  maxStackBytes?: number;
  /**
   * Wall-clock time one call into the code (loading, onStart, onBar, onOrderEvent) may take. Default 1000 ms. The
   * code runs synchronously on this thread, so this is its CPU time plus whatever the OS gives to other work
   * meanwhile: on a loaded machine the limit comes sooner, never later.
   */
  callTimeLimitMs?: number;
  /** Wall-clock time the whole run may spend inside the code, summed over its calls. Default 60 s. */
  runTimeLimitMs?: number;
}

export type SandboxErrorKind = 'syntax' | 'runtime' | 'memory' | 'timeout' | 'definition';

/** What went wrong in user code, with the line where the sandbox reports one. */
export class SandboxError extends Error {
  override readonly name = 'SandboxError';
  constructor(
    readonly kind: SandboxErrorKind,
    message: string,
    readonly line?: number,
    readonly column?: number,
    /** The sandbox's own stack trace, for display. */
    readonly vmStack?: string,
  ) {
    super(message);
  }
}

export interface CodeStrategy extends Strategy {
  /** Lines the code wrote with ctx.log (at most 1000 are kept). */
  logs(): string[];
  /** Frees the QuickJS runtime. The strategy cannot run afterwards. */
  dispose(): void;
}

/** The name QuickJS gives the type-stripped code in stack traces; positions in it are mapped back before display. */
const FILE = 'strategy.js';
const MAX_STACK_BYTES = 256 * 1024;

// ---------------------------------------------------------------------------------------------------------------
// TypeScript → the JavaScript QuickJS runs

interface Position {
  line: number;
  column?: number;
}

/** The code QuickJS runs, and the way back from a 1-based position in it to the same place in the user's source. */
interface StrippedSource {
  code: string;
  original(line: number, column: number | undefined): Position | undefined;
}

function at(pos: Position | undefined): string {
  if (!pos) return '';
  return ` at line ${pos.line}${pos.column !== undefined ? `:${pos.column}` : ''}`;
}

/**
 * Erases TypeScript syntax with esbuild. JavaScript goes the same way (it is TypeScript without types), so both
 * languages get one parser, one set of syntax errors and one position mapping. Types are erased, not checked.
 */
function stripTypes(source: string): StrippedSource {
  let out;
  try {
    out = transformSync(source, {
      loader: 'ts',
      sourcefile: 'strategy.ts',
      sourcemap: 'external',
      // Non-ASCII text stays as written, so columns in strings and comments still line up.
      charset: 'utf8',
      // Keeps every import, so one is refused instead of silently dropped when its names go unused.
      tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
    });
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    const first = errors?.[0];
    if (!first) throw e;
    const pos = first.location ? { line: first.location.line, column: first.location.column + 1 } : undefined;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw new SandboxError('syntax', `syntax error in strategy code${at(pos)}: ${first.text}${more}`, pos?.line, pos?.column);
  }
  const map = new SourceMap(JSON.parse(out.map) as ConstructorParameters<typeof SourceMap>[0]);
  return {
    code: out.code,
    original(line, column) {
      const entry = map.findEntry(line - 1, (column ?? 1) - 1);
      if (!('originalLine' in entry)) return undefined;
      if (column === undefined || entry.generatedLine !== line - 1) return { line: entry.originalLine + 1 };
      // Within one mapping segment esbuild copies the text as written, so the offset into it carries over.
      return { line: entry.originalLine + 1, column: entry.originalColumn + (column - 1 - entry.generatedColumn) + 1 };
    },
  };
}

/** The source line a position points at, for telling an import apart from other syntax errors. */
function sourceLine(source: string, line: number | undefined): string {
  return line === undefined ? '' : (source.split('\n')[line - 1] ?? '');
}
/**
 * The WebAssembly memory of a QuickJS module instance, in bytes. This build cannot measure its own allocations
 * (malloc_usable_size is unavailable, so setMemoryLimit only stops single allocations larger than the limit); the
 * growth of the instance's memory is the measure that does not lie. Each code strategy gets its own instance
 * (about 7 ms to create) so that growth is its own.
 */
function wasmMemoryBytes(mod: QuickJSWASMModule): number {
  return (mod as unknown as { module: { HEAPU8: Uint8Array } }).module.HEAPU8.byteLength;
}

/**
 * Compiles `source` (TypeScript or JavaScript) in a fresh QuickJS runtime and returns it as a Strategy. Throws
 * SandboxError for a syntax error (with its line and column), an import or export, a missing onBar, or a failure
 * while the top level of the code runs.
 */
export async function createCodeStrategy(source: string, options: CodeStrategyOptions = {}): Promise<CodeStrategy> {
  const declared = options.indicators === undefined ? null : parseIndicators(options.indicators);
  const stripped = stripTypes(source);
  const mod = await newQuickJSWASMModuleFromVariant(variant);
  const runtime = mod.newRuntime();
  const memoryLimit = options.memoryLimitBytes ?? 32 * 1024 * 1024;
  runtime.setMemoryLimit(memoryLimit);
  runtime.setMaxStackSize(Math.min(options.maxStackBytes ?? 192 * 1024, MAX_STACK_BYTES));
  const sandbox = new Sandbox(runtime, options, () => wasmMemoryBytes(mod), memoryLimit, source, stripped);
  try {
    sandbox.load(declared);
  } catch (e) {
    sandbox.dispose();
    throw e;
  }
  return {
    name: options.name ?? 'code strategy',
    onStart: (info) => sandbox.start(info),
    onBar: (ctx) => sandbox.onBar(ctx),
    onOrderEvent: (event, ctx) => sandbox.orderEvent(event, ctx),
    logs: () => [...sandbox.logs],
    dispose: () => sandbox.dispose(),
  };
}

function parseIndicators(list: unknown): IndicatorInstance[] {
  const parsed = z.array(indicatorInstanceSchema).safeParse(list);
  if (!parsed.success) {
    throw new SpecValidationError(parsed.error.issues.map((i) => ({ path: `$.indicators${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`, message: i.message })));
  }
  const issues = checkIndicatorList(parsed.data);
  if (issues.length > 0) throw new SpecValidationError(issues);
  return parsed.data;
}

/** Runs before the user's code: the clock and randomness would make backtests unrepeatable. */
const LOCKDOWN = `
(function () {
  const RealDate = Date;
  function SafeDate(...args) {
    if (args.length === 0) throw new Error('Date() without arguments reads the clock, which strategies cannot use; use ctx.timeMs');
    return new RealDate(...args);
  }
  SafeDate.prototype = RealDate.prototype;
  SafeDate.UTC = RealDate.UTC;
  SafeDate.parse = RealDate.parse;
  SafeDate.now = function () { throw new Error('Date.now() reads the clock, which strategies cannot use; use ctx.timeMs'); };
  globalThis.Date = SafeDate;
  Math.random = function () { throw new Error('Math.random() is not available: a backtest must give the same result every run'); };
})();
`;

/**
 * Runs inside the sandbox after the user's code: wraps the host bridge into the ctx object user code sees. Values
 * that change per bar are plain fields set by __step; everything else calls out to the host.
 */
const PRELUDE = `
(function () {
  const host = globalThis.__host;
  delete globalThis.__host;
  const user = { onBar: globalThis.onBar, onStart: globalThis.onStart, onOrderEvent: globalThis.onOrderEvent };
  const ctx = {
    index: -1, timeMs: NaN, open: NaN, high: NaN, low: NaN, close: NaN, volume: NaN, position: 'flat', positionQty: 0,
    value(field, index) { return host.value(String(field), index); },
    ago(field, barsAgo) { return host.ago(String(field), barsAgo === undefined ? 0 : barsAgo); },
    time(index) { return host.time(index); },
    price(field, index) { return host.price(String(field), index); },
    ind(ref, barsAgo) { return host.ind(String(ref), barsAgo === undefined ? 0 : barsAgo); },
    positionSnapshot() { return JSON.parse(host.snapshot()); },
    cash() { return host.cash(); },
    equity() { return host.equity(); },
    openOrders() { return JSON.parse(host.openOrders()); },
    order(request) { return host.order(JSON.stringify(request)); },
    buy(options) { return host.order(JSON.stringify(Object.assign({}, options, { side: 'buy' }))); },
    sell(options) { return host.order(JSON.stringify(Object.assign({}, options, { side: 'sell' }))); },
    closePosition(options) { return host.closePosition(JSON.stringify(options === undefined ? {} : options)); },
    cancel(orderId) { return host.cancel(orderId); },
    cancelAll() { return host.cancelAll(); },
    log(...args) { host.log(args.map((a) => typeof a === 'string' ? a : JSON.stringify(a)).join(' ')); },
  };
  globalThis.__step = function (index, timeMs, open, high, low, close, volume, position, positionQty) {
    ctx.index = index; ctx.timeMs = timeMs; ctx.open = open; ctx.high = high; ctx.low = low; ctx.close = close;
    ctx.volume = volume; ctx.position = position; ctx.positionQty = positionQty;
    user.onBar(ctx);
  };
  globalThis.__start = function (infoJson) { if (typeof user.onStart === 'function') user.onStart(JSON.parse(infoJson)); };
  globalThis.__event = function (eventJson) {
    if (typeof user.onOrderEvent === 'function') user.onOrderEvent(JSON.parse(eventJson), ctx);
  };
})();
`;

function mib(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

const ENGINE_FIELDS = new Set(['open', 'high', 'low', 'close', 'volume']);
const MAX_LOG_LINES = 1000;

class Sandbox {
  private readonly vm: QuickJSContext;
  private ctx: StrategyContext | null = null;
  private step: QuickJSHandle | null = null;
  private startFn: QuickJSHandle | null = null;
  private eventFn: QuickJSHandle | null = null;
  private disposed = false;
  private callDeadline = Infinity;
  private timeUsedMs = 0;
  private readonly callLimit: number;
  private readonly runLimit: number;
  private stopped: 'call' | 'run' | 'memory' | null = null;
  private readonly memoryBase: number;
  private runDeadline = Infinity;
  /** VWAP day sessions: Shanghai days for A-share, UTC days otherwise (set from onStart). */
  private timeZone = 'UTC';
  private readonly historyDepth: number;
  private readonly barValues: BarValues = { timeMs: NaN, open: NaN, high: NaN, low: NaN, close: NaN, volume: NaN };
  private runners: IndicatorRunner[] = [];
  /** Reference ('fast', 'macd.signal') → its history; 'id' and 'id.<primary output>' share one. */
  private histories = new Map<string, { history: History; read: () => number }>();
  private feeds: { history: History; read: () => number }[] = [];
  private instances: IndicatorInstance[] = [];
  readonly logs: string[] = [];

  constructor(
    private readonly runtime: QuickJSRuntime,
    options: CodeStrategyOptions,
    private readonly memoryBytes: () => number,
    private readonly memoryLimit: number,
    private readonly source: string,
    private readonly stripped: StrippedSource,
  ) {
    this.memoryBase = memoryBytes();
    this.callLimit = options.callTimeLimitMs ?? 1000;
    this.runLimit = options.runTimeLimitMs ?? 60_000;
    this.vm = runtime.newContext();
    this.historyDepth = options.indicatorHistory ?? 64;
    runtime.setInterruptHandler(() => this.shouldInterrupt());
    this.installHost();
  }

  private shouldInterrupt(): boolean {
    if (this.memoryBytes() - this.memoryBase > this.memoryLimit) {
      this.stopped = 'memory';
      return true;
    }
    if (performance.now() > this.callDeadline) {
      this.stopped = this.callDeadline === this.runDeadline ? 'run' : 'call';
      return true;
    }
    return false;
  }

  /** Evaluates as a script: left to itself QuickJS would treat code with an `import` as a module and try to load it. */
  private evalScript(code: string, file: string) {
    return this.vm.evalCode(code, file, { type: 'global' });
  }

  load(declared: IndicatorInstance[] | null): void {
    this.guard(() => this.evalScript(LOCKDOWN, 'lockdown.js'), 'while preparing the sandbox');
    this.guard(() => this.evalScript(this.stripped.code, FILE), 'while loading the code');
    const hasOnBar = this.guard(() => this.evalScript('typeof onBar', 'check.js'), 'while loading the code');
    if (hasOnBar !== 'function') {
      throw new SandboxError('definition', 'the code must define function onBar(ctx) at the top level');
    }
    // Indicators come from the options or from a top-level `const indicators = [...]` in the code, so a saved code
    // strategy is complete in its source.
    const inCode = this.guard(
      () => this.evalScript('typeof indicators === "undefined" ? null : JSON.stringify(indicators)', 'check.js'),
      'while reading the indicators the code declares',
    );
    if (inCode !== null && declared !== null) {
      throw new SandboxError('definition', 'indicators are declared both in the code and in the options; keep one');
    }
    this.instances = declared ?? (inCode === null ? [] : parseIndicators(JSON.parse(inCode as string)));
    this.resetIndicators();
    this.guard(() => this.evalScript(PRELUDE, 'prelude.js'), 'while preparing the sandbox');
    this.step = this.vm.getProp(this.vm.global, '__step');
    this.startFn = this.vm.getProp(this.vm.global, '__start');
    this.eventFn = this.vm.getProp(this.vm.global, '__event');
  }

  start(info: StrategyStartInfo): void {
    this.timeZone = info.market === 'ashare' ? 'Asia/Shanghai' : 'UTC';
    this.resetIndicators();
    this.timeUsedMs = 0;
    const arg = this.vm.newString(JSON.stringify(info));
    try {
      this.guard(() => this.vm.callFunction(this.startFn!, this.vm.undefined, arg), 'in onStart');
    } finally {
      arg.dispose();
    }
  }

  onBar(ctx: StrategyContext): void {
    if (this.disposed) throw new SandboxError('definition', 'the code strategy was disposed');
    const b = this.barValues;
    b.timeMs = ctx.timeMs;
    b.open = ctx.open;
    b.high = ctx.high;
    b.low = ctx.low;
    b.close = ctx.close;
    b.volume = ctx.volume;
    for (const r of this.runners) r.update(b);
    for (const h of this.feeds) h.history.push(h.read());

    const vm = this.vm;
    const args = [
      vm.newNumber(ctx.index),
      vm.newNumber(ctx.timeMs),
      vm.newNumber(ctx.open),
      vm.newNumber(ctx.high),
      vm.newNumber(ctx.low),
      vm.newNumber(ctx.close),
      vm.newNumber(ctx.volume),
      vm.newString(ctx.position),
      vm.newNumber(ctx.positionQty),
    ];
    this.ctx = ctx;
    try {
      this.guard(() => vm.callFunction(this.step!, vm.undefined, ...args), `in onBar at bar ${ctx.index}`);
    } finally {
      for (const a of args) a.dispose();
      this.ctx = null;
    }
  }

  orderEvent(event: OrderEvent, ctx: StrategyContext): void {
    const arg = this.vm.newString(JSON.stringify(event));
    this.ctx = ctx;
    try {
      this.guard(() => this.vm.callFunction(this.eventFn!, this.vm.undefined, arg), `in onOrderEvent at bar ${ctx.index}`);
    } finally {
      arg.dispose();
      this.ctx = null;
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.step?.dispose();
    this.startFn?.dispose();
    this.eventFn?.dispose();
    this.vm.dispose();
    this.runtime.dispose();
  }

  /** Runs one call into the VM under the time limits; turns a VM exception into a SandboxError. */
  private guard(call: () => ReturnType<QuickJSContext['evalCode']>, where: string): unknown {
    const started = performance.now();
    this.runDeadline = started + (this.runLimit - this.timeUsedMs);
    this.callDeadline = Math.min(started + this.callLimit, this.runDeadline);
    this.stopped = null;
    let result;
    try {
      result = call();
    } finally {
      this.timeUsedMs += performance.now() - started;
      this.callDeadline = Infinity;
    }
    if (!result.error && this.memoryBytes() - this.memoryBase > this.memoryLimit) {
      // Grew past the limit between two interrupt checks.
      result.value.dispose();
      throw new SandboxError('memory', `strategy code used more than ${mib(this.memoryLimit)} of memory ${where}`);
    }
    if (result.error) {
      const dumped = this.vm.dump(result.error) as unknown;
      result.error.dispose();
      throw this.toError(dumped, where);
    }
    const value = this.vm.dump(result.value) as unknown;
    result.value.dispose();
    return value;
  }

  private toError(dumped: unknown, where: string): SandboxError {
    const e = (dumped !== null && typeof dumped === 'object' ? dumped : { message: String(dumped) }) as {
      name?: string;
      message?: string;
      stack?: string;
      lineNumber?: number;
    };
    const message = e.message ?? String(dumped);
    // The innermost frame in the user's code: host and prelude frames carry other file names.
    const hit = /strategy\.js:(\d+):(\d+)/.exec(e.stack ?? '');
    const generated = hit ? { line: Number(hit[1]), column: Number(hit[2]) } : e.lineNumber !== undefined ? { line: e.lineNumber } : undefined;
    const pos = generated && this.stripped.original(generated.line, generated.column);
    const stack = e.stack?.replace(/strategy\.js:(\d+):(\d+)/g, (text, l: string, c: string) => {
      const o = this.stripped.original(Number(l), Number(c));
      return o ? `${FILE}:${o.line}${o.column !== undefined ? `:${o.column}` : ''}` : text;
    });
    const fail = (kind: SandboxErrorKind, text: string, p = pos) => new SandboxError(kind, text, p?.line, p?.column, stack);
    const memory = () => `strategy code used more than ${mib(this.memoryLimit)} of memory ${where}`;

    if (e.name === 'InternalError' && message === 'interrupted') {
      // QuickJS places an interrupted frame at the first line of its function, not at the statement that ran, so
      // the message names the function rather than pointing at a misleading line.
      const name = /at (\S+) \(strategy\.js:/.exec(e.stack ?? '')?.[1];
      const fn = pos ? `, in ${name === undefined || name === '<eval>' ? 'the top-level code' : `function ${name}`} (starting at line ${pos.line})` : '';
      const p = pos && { line: pos.line };
      if (this.stopped === 'memory') return fail('memory', `${memory()}${fn}`, p);
      const limit =
        this.stopped === 'run'
          ? `the run's time limit of ${this.runLimit} ms (wall-clock time inside the code, summed over the run)`
          : `the per-call time limit of ${this.callLimit} ms (wall-clock time inside the code)`;
      return fail('timeout', `strategy code exceeded ${limit} ${where}${fn}`, p);
    }
    if (e.name === 'InternalError' && /out of memory/.test(message)) return fail('memory', `${memory()}${at(pos)}`);
    if (e.name === 'InternalError' && /stack overflow/.test(message)) {
      return fail('memory', `strategy code overflowed the stack ${where}${at(pos)} (runaway recursion?)`);
    }
    if (e.name === 'SyntaxError' && /^\s*(import|export)\b/.test(sourceLine(this.source, pos?.line))) {
      return fail(
        'syntax',
        `strategy code cannot import or export${at(pos)}: a strategy is one script that defines function onBar(ctx) at the top level; there are no modules to import`,
      );
    }
    if (e.name === 'SyntaxError') return fail('syntax', `syntax error in strategy code${at(pos)}: ${message}`);
    return fail('runtime', `strategy code threw ${e.name ?? 'an error'} ${where}${at(pos)}: ${message}`);
  }

  private resetIndicators(): void {
    const byId = new Map<string, IndicatorRunner>();
    this.runners = this.instances.map((inst) => {
      const runner = createRunner(inst, this.timeZone);
      byId.set(inst.id, runner);
      return runner;
    });
    this.histories = new Map();
    this.feeds = [];
    for (const inst of this.instances) {
      const runner = byId.get(inst.id)!;
      for (const output of runner.outputs) {
        const read = runner.reader(output);
        const entry = { history: new History(this.historyDepth), read };
        this.feeds.push(entry);
        this.histories.set(`${inst.id}.${output}`, entry);
        if (output === runner.outputs[0]) this.histories.set(inst.id, entry);
      }
    }
  }

  private live(): StrategyContext {
    if (!this.ctx) throw new Error('ctx is only usable during onBar and onOrderEvent');
    return this.ctx;
  }

  private installHost(): void {
    const vm = this.vm;
    const host = vm.newObject();
    const fn = (name: string, impl: (...args: QuickJSHandle[]) => QuickJSHandle | void) => {
      const f = vm.newFunction(name, impl);
      vm.setProp(host, name, f);
      f.dispose();
    };
    const field = (h: QuickJSHandle): EnginePriceField => {
      const f = vm.getString(h);
      if (!ENGINE_FIELDS.has(f)) throw new TypeError(`unknown field '${f}'; use open, high, low, close or volume`);
      return f as EnginePriceField;
    };
    const int = (h: QuickJSHandle, what: string): number => {
      const n = vm.getNumber(h);
      if (!Number.isInteger(n)) throw new TypeError(`${what} must be an integer`);
      return n;
    };
    fn('value', (f, i) => vm.newNumber(this.live().value(field(f!), int(i!, 'index'))));
    fn('ago', (f, n) => vm.newNumber(this.live().ago(field(f!), int(n!, 'barsAgo'))));
    fn('time', (i) => vm.newNumber(this.live().time(int(i!, 'index'))));
    fn('price', (f, i) => vm.newString(this.live().price(field(f!), int(i!, 'index'))));
    fn('ind', (r, n) => {
      const ref = vm.getString(r!);
      const back = int(n!, 'barsAgo');
      const entry = this.histories.get(ref);
      if (!entry) {
        const { id } = splitRef(ref);
        const known = [...this.histories.keys()].filter((k) => k.startsWith(`${id}.`));
        throw new ReferenceError(
          known.length > 0 ? `no indicator output '${ref}'; this one has ${known.join(', ')}` : `no indicator '${ref}' was declared in the strategy's indicators`,
        );
      }
      if (back < 0 || back >= this.historyDepth) throw new RangeError(`barsAgo must be in [0, ${this.historyDepth - 1}]`);
      return vm.newNumber(entry.history.at(back));
    });
    fn('snapshot', () => vm.newString(JSON.stringify(this.live().positionSnapshot())));
    fn('cash', () => vm.newString(this.live().cash()));
    fn('equity', () => vm.newNumber(this.live().equity()));
    fn('openOrders', () => vm.newString(JSON.stringify(this.live().openOrders())));
    fn('order', (j) => vm.newNumber(this.live().order(JSON.parse(vm.getString(j!)))));
    fn('closePosition', (j) => {
      const id = this.live().closePosition(JSON.parse(vm.getString(j!)));
      return id === null ? vm.null : vm.newNumber(id);
    });
    fn('cancel', (i) => (this.live().cancel(vm.getNumber(i!)) ? vm.true : vm.false));
    fn('cancelAll', () => vm.newNumber(this.live().cancelAll()));
    fn('log', (s) => {
      if (this.logs.length < MAX_LOG_LINES) this.logs.push(vm.getString(s!));
    });
    vm.setProp(vm.global, '__host', host);
    host.dispose();
  }
}
