import { afterEach, describe, expect, it } from 'vitest';
import { runBacktest } from '../backtest';
import { compileSpec } from './compile';
import { createCodeStrategy, SandboxError, type CodeStrategy, type CodeStrategyOptions } from './sandbox';
import { SpecValidationError } from './validate';
import { dailyBars, firstBars } from './test-helpers/data';

const made: CodeStrategy[] = [];
afterEach(() => {
  for (const s of made.splice(0)) s.dispose();
});

async function code(source: string, options?: CodeStrategyOptions): Promise<CodeStrategy> {
  const s = await createCodeStrategy(source, options);
  made.push(s);
  return s;
}

/** Runs `source` over the first `n` daily bars and returns the SandboxError it raised. */
async function failure(source: string, options?: CodeStrategyOptions, n = 50): Promise<SandboxError> {
  try {
    const s = await code(source, options);
    runBacktest(firstBars(dailyBars(), n), s, { market: 'ashare' });
  } catch (e) {
    if (e instanceof SandboxError) return e;
    throw e;
  }
  throw new Error('the code did not fail');
}

const MA_CROSS_CODE = `
// The same MA cross as the spec, written by hand.
const indicators = [
  { id: 'fast', indicator: 'sma', params: { period: 5 } },
  { id: 'slow', indicator: 'sma', params: { period: 20 } },
];

function onBar(ctx) {
  const f0 = ctx.ind('fast'), s0 = ctx.ind('slow');
  const f1 = ctx.ind('fast', 1), s1 = ctx.ind('slow', 1);
  if ([f0, s0, f1, s1].some(Number.isNaN)) return;
  if (ctx.openOrders().length > 0) return;
  if (ctx.position === 'flat' && f0 > s0 && f1 <= s1) {
    ctx.buy({ sizing: { kind: 'percentEquity', percent: 100 }, tag: 'long.entry' });
  } else if (ctx.position === 'long' && f0 < s0 && f1 >= s1) {
    ctx.closePosition({ tag: 'long.exit' });
  }
}
`;

describe('code strategies in QuickJS', () => {
  it('an MA cross written as code trades exactly like the same MA cross as a spec', async () => {
    const spec = compileSpec({
      name: 'SMA 5/20',
      timeframe: '1d',
      indicators: [
        { id: 'fast', indicator: 'sma', params: { period: 5 } },
        { id: 'slow', indicator: 'sma', params: { period: 20 } },
      ],
      long: { entry: { op: 'crossAbove', left: 'fast', right: 'slow' }, exit: { op: 'crossBelow', left: 'fast', right: 'slow' } },
    });
    const fromSpec = runBacktest(dailyBars(), spec, { market: 'ashare' });
    const fromCode = runBacktest(dailyBars(), await code(MA_CROSS_CODE), { market: 'ashare' });
    expect(fromSpec.trades.length).toBeGreaterThan(90);
    expect(fromCode.trades).toEqual(fromSpec.trades);
    expect(fromCode.orders).toEqual(fromSpec.orders);
    expect(fromCode.final).toEqual(fromSpec.final);
  });

  it('gives the code the bar, its history, the account and order events', async () => {
    const s = await code(`
      let events = [];
      function onStart(info) { ctx_info = info; }
      var ctx_info = null;
      function onBar(ctx) {
        if (ctx.index === 0) ctx.log(ctx_info.market, ctx_info.symbol, ctx.cash(), ctx.equity(), ctx.position);
        if (ctx.index === 2) {
          ctx.log(ctx.close, ctx.ago('close', 2), ctx.value('open', 0), ctx.price('close', 1), ctx.time(0) < ctx.timeMs);
          ctx.buy({ quantity: '100', tag: 'probe' });
        }
        if (ctx.index === 3) ctx.log(ctx.position, ctx.positionQty, JSON.stringify(ctx.positionSnapshot()), events.join(','));
      }
      function onOrderEvent(event) { events.push(event.status + ':' + event.tag + ':' + event.quantity); }
    `);
    const bars = firstBars(dailyBars(), 5);
    runBacktest(bars, s, { market: 'ashare' });
    const logs = s.logs();
    expect(logs[0]).toBe('ashare 000001.SH 1000000 1000000 flat');
    expect(logs[1]).toBe(`${Number(bars.close[2])} ${Number(bars.close[0])} ${Number(bars.open[0])} ${bars.close[1]} true`);
    expect(logs[2]).toMatch(/^long 100 \{"side":"long","quantity":"100",.*\} filled:probe:100$/);
  });

  it('cannot see the future: reading a later bar throws inside the code', async () => {
    const e = await failure('function onBar(ctx) { if (ctx.index === 3) ctx.value("close", ctx.index + 1); }');
    expect(e.kind).toBe('runtime');
    expect(e.message).toMatch(/in onBar at bar 3 at line 1/);
  });

  it('has no clock and no randomness', async () => {
    expect((await failure('function onBar(ctx) { Date.now(); }')).message).toMatch(/Date\.now\(\) reads the clock/);
    expect((await failure('function onBar(ctx) { new Date(); }')).message).toMatch(/Date\(\) without arguments/);
    expect((await failure('function onBar(ctx) { Math.random(); }')).message).toMatch(/Math\.random\(\) is not available/);
    // Dates from bar times are fine.
    const s = await code('function onBar(ctx) { if (ctx.index === 0) ctx.log(new Date(ctx.timeMs).toISOString()); }');
    runBacktest(firstBars(dailyBars(), 1), s, { market: 'ashare' });
    expect(s.logs()).toEqual(['2006-11-06T07:00:00.000Z']);
  });
});

describe('code strategies: errors', () => {
  it('a syntax error names its line', async () => {
    const e = await createCodeStrategy('function onBar(ctx) {\n  const x = 1 +;\n}').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(SandboxError);
    expect((e as SandboxError).kind).toBe('syntax');
    expect((e as SandboxError).line).toBe(2);
    expect((e as SandboxError).message).toMatch(/^syntax error in strategy code at line 2/);
  });

  it('code without onBar is refused', async () => {
    const e = await createCodeStrategy('function onbar(ctx) {}').catch((err: unknown) => err);
    expect((e as SandboxError).kind).toBe('definition');
    expect((e as SandboxError).message).toMatch(/must define function onBar\(ctx\)/);
  });

  it('a throw in onBar names the bar and the line', async () => {
    const e = await failure('function onBar(ctx) {\n  if (ctx.index === 7) {\n    throw new RangeError("bad bar");\n  }\n}');
    expect(e.kind).toBe('runtime');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/^strategy code threw RangeError in onBar at bar 7 at line 3:\d+: bad bar$/);
  });

  it('an invalid order comes back as an error naming the field', async () => {
    const e = await failure('function onBar(ctx) { ctx.order({ side: "buy", type: "limit" }); }');
    expect(e.message).toMatch(/order limitPrice: a limit order needs limitPrice/);
  });

  it.each([
    ['many small arrays', 'const a = []; for (let j = 0; j < 1000; j++) a.push(j); hoard.push(a);'],
    ['typed arrays', 'hoard.push(new Float64Array(10000));'],
    ['one huge allocation', 'hoard.push(new Array(1e8).fill(0));'],
  ])('running out of memory is reported as such: %s', async (_what, grow) => {
    const e = await failure(`const hoard = [];\nfunction onBar(ctx) { for (;;) { ${grow} } }`, { memoryLimitBytes: 8 * 1024 * 1024 });
    expect(e.kind).toBe('memory');
    expect(e.message).toMatch(/used more than 8 MiB of memory in onBar at bar 0/);
  });

  it('runaway recursion is reported as a stack overflow', async () => {
    const e = await failure('function f(n) { return f(n + 1) + 1; }\nfunction onBar(ctx) { f(0); }');
    expect(e.kind).toBe('memory');
    expect(e.message).toMatch(/overflowed the stack/);
  });

  it('an endless loop hits the per-call time limit, naming the function it was stopped in', async () => {
    const e = await failure('function onBar(ctx) {\n  if (ctx.index === 2) spin();\n}\n\nfunction spin() {\n  while (true) {}\n}', { callTimeLimitMs: 100 });
    expect(e.kind).toBe('timeout');
    expect(e.message).toBe(
      'strategy code exceeded the per-call time limit of 100 ms (wall-clock time inside the code) in onBar at bar 2, in function spin (starting at line 5)',
    );
    expect(e.line).toBe(5);
  });

  it('an endless loop is stopped by the default limit of one second per call', async () => {
    const started = performance.now();
    const e = await failure('function onBar(ctx) { for (;;) {} }');
    expect(e.kind).toBe('timeout');
    expect(e.message).toMatch(/exceeded the per-call time limit of 1000 ms .* in onBar at bar 0/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('slow code hits the per-run time limit', async () => {
    const e = await failure(
      'function onBar(ctx) { let x = 0; for (let i = 0; i < 300000; i++) x += i; }',
      { callTimeLimitMs: 10_000, runTimeLimitMs: 150 },
      3332,
    );
    expect(e.kind).toBe('timeout');
    expect(e.message).toMatch(/the run's time limit of 150 ms \(wall-clock time inside the code, summed over the run\) in onBar at bar \d+/);
  });

  it('a top-level endless loop is stopped while loading', async () => {
    const e = await createCodeStrategy('while (true) {}\nfunction onBar(ctx) {}', { callTimeLimitMs: 100 }).catch((err: unknown) => err);
    expect((e as SandboxError).kind).toBe('timeout');
    expect((e as SandboxError).message).toMatch(/while loading the code, in the top-level code \(starting at line 1\)$/);
  });

  it('declared indicators are checked against the catalog', async () => {
    const e = await createCodeStrategy('const indicators = [{ id: "f", indicator: "smaa" }];\nfunction onBar(ctx) {}').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(SpecValidationError);
    expect((e as Error).message).toMatch(/\$\.indicators\[0\]\.indicator: unknown indicator 'smaa'; did you mean 'sma'/);
  });

  it('reading an undeclared indicator says what exists', async () => {
    const e = await failure('function onBar(ctx) { ctx.ind("macd.sig"); }', { indicators: [{ id: 'macd', indicator: 'macd' }] });
    expect(e.message).toMatch(/no indicator output 'macd\.sig'; this one has macd\.macd, macd\.signal, macd\.hist/);
  });
});

const MA_CROSS_TS = `
// The same MA cross, in TypeScript: types, an interface, an enum and a typed helper.
interface IndicatorDecl {
  id: string;
  indicator: 'sma' | 'ema';
  params: { period: number };
}

type Side = 'flat' | 'long' | 'short';

interface Ctx {
  position: Side;
  ind(ref: string, barsAgo?: number): number;
  openOrders(): unknown[];
  buy(options: object): number;
  closePosition(options?: object): number | null;
}

const indicators: IndicatorDecl[] = [
  { id: 'fast', indicator: 'sma', params: { period: 5 } },
  { id: 'slow', indicator: 'sma', params: { period: 20 } },
];

enum Tag {
  Entry = 'long.entry',
  Exit = 'long.exit',
}

function crossed(a0: number, b0: number, a1: number, b1: number, up: boolean): boolean {
  return up ? a0 > b0 && a1 <= b1 : a0 < b0 && a1 >= b1;
}

function onBar(ctx: Ctx): void {
  const values = [ctx.ind('fast'), ctx.ind('slow'), ctx.ind('fast', 1), ctx.ind('slow', 1)] as const;
  if (values.some(Number.isNaN)) return;
  if (ctx.openOrders().length > 0) return;
  const [f0, s0, f1, s1] = values;
  if (ctx.position === 'flat' && crossed(f0, s0, f1, s1, true)) {
    ctx.buy({ sizing: { kind: 'percentEquity', percent: 100 }, tag: Tag.Entry });
  } else if (ctx.position === 'long' && crossed(f0, s0, f1, s1, false)) {
    ctx.closePosition({ tag: Tag.Exit });
  }
}
`;

describe('code strategies in TypeScript', () => {
  it('a TypeScript MA cross trades exactly like the JavaScript one', async () => {
    const fromJs = runBacktest(dailyBars(), await code(MA_CROSS_CODE), { market: 'ashare' });
    const fromTs = runBacktest(dailyBars(), await code(MA_CROSS_TS), { market: 'ashare' });
    expect(fromJs.trades.length).toBeGreaterThan(90);
    expect(fromTs.trades).toEqual(fromJs.trades);
    expect(fromTs.orders).toEqual(fromJs.orders);
    expect(fromTs.final).toEqual(fromJs.final);
  });

  it('a syntax error in a type names its line and column in the TypeScript source', async () => {
    const e = await createCodeStrategy('interface Bar {\n  close: number;\n}\nlet last: number[ = [];\nfunction onBar(ctx: Bar) {}').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(SandboxError);
    expect((e as SandboxError).kind).toBe('syntax');
    expect([(e as SandboxError).line, (e as SandboxError).column]).toEqual([4, 19]);
    expect((e as SandboxError).message).toBe('syntax error in strategy code at line 4:19: Unexpected "="');
  });

  it('types are erased, not checked: code with a type error runs as the JavaScript it contains', async () => {
    const s = await code("function onBar(ctx: { index: number; log(...v: unknown[]): void }): void {\n  const n: number = 'text';\n  if (ctx.index === 0) ctx.log(typeof n);\n}");
    runBacktest(firstBars(dailyBars(), 2), s, { market: 'ashare' });
    expect(s.logs()).toEqual(['string']);
  });

  it('a throw names the line of the TypeScript source, not of the type-stripped code', async () => {
    const source = [
      'interface Options {',
      '  limit: number;',
      '}',
      '',
      'type Maybe<T> = T | undefined;',
      '',
      'const opts: Options = { limit: 7 };',
      '',
      'function onBar(ctx: { index: number }): void {',
      '  const at: Maybe<number> = ctx.index;',
      '  if (at === opts.limit) {',
      '    throw new RangeError(`bar ${at} is over the limit`);',
      '  }',
      '}',
    ].join('\n');
    const e = await failure(source);
    expect(e.kind).toBe('runtime');
    expect(e.line).toBe(12);
    // The column points into the throw statement on that line.
    expect(e.column).toBeGreaterThanOrEqual(5);
    expect(e.column).toBeLessThanOrEqual(source.split('\n')[11]!.length);
    expect(e.message).toMatch(/^strategy code threw RangeError in onBar at bar 7 at line 12:\d+: bar 7 is over the limit$/);
    expect(e.vmStack).toMatch(/strategy\.js:12:\d+/);
  });

  it.each([
    ['an import', "import { sma } from 'indicators';\nfunction onBar(ctx) { sma(); }"],
    ['an import whose names go unused', "const x = 1;\nimport { sma } from 'indicators';\nfunction onBar(ctx) {}"],
    ['an export', 'const x = 1;\nexport function onBar(ctx) {}'],
  ])('refuses %s, naming the line', async (_what, source) => {
    const e = await createCodeStrategy(source).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(SandboxError);
    expect((e as SandboxError).kind).toBe('syntax');
    expect((e as SandboxError).line).toBe(source.startsWith('import') ? 1 : 2);
    expect((e as SandboxError).message).toMatch(/^strategy code cannot import or export at line [12]:\d+: a strategy is one script that defines function onBar\(ctx\)/);
  });

  it('a type-only import is erased like any other type', async () => {
    const s = await code("import type { StrategyContext } from 'lurus';\nfunction onBar(ctx: StrategyContext): void {}");
    expect(runBacktest(firstBars(dailyBars(), 3), s, { market: 'ashare' }).trades).toEqual([]);
  });

  it('an endless loop in TypeScript is stopped by the per-call time limit', async () => {
    const e = await failure('let spins: number = 0;\nfunction onBar(ctx: { index: number }): void {\n  while (ctx.index >= 0) spins++;\n}', { callTimeLimitMs: 100 });
    expect(e.kind).toBe('timeout');
    expect(e.message).toMatch(/per-call time limit of 100 ms .* in onBar at bar 0, in function onBar \(starting at line 2\)$/);
  });

  it('a TypeScript memory hog is stopped by the memory limit', async () => {
    const e = await failure('const hoard: Float64Array[] = [];\nfunction onBar(): void {\n  for (;;) hoard.push(new Float64Array(10_000));\n}', { memoryLimitBytes: 8 * 1024 * 1024 });
    expect(e.kind).toBe('memory');
    expect(e.message).toMatch(/^strategy code used more than 8 MiB of memory in onBar at bar 0/);
  });
});
