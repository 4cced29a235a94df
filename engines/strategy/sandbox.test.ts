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

  it('an endless loop hits the per-call CPU limit', async () => {
    const e = await failure('function onBar(ctx) {\n  while (true) {}\n}', { callTimeLimitMs: 100 });
    expect(e.kind).toBe('timeout');
    expect(e.message).toMatch(/exceeded the per-call CPU limit of 100 ms in onBar at bar 0/);
  });

  it('slow code hits the per-run CPU limit', async () => {
    const e = await failure(
      'function onBar(ctx) { let x = 0; for (let i = 0; i < 300000; i++) x += i; }',
      { callTimeLimitMs: 10_000, runTimeLimitMs: 150 },
      3332,
    );
    expect(e.kind).toBe('timeout');
    expect(e.message).toMatch(/the run's CPU limit of 150 ms/);
  });

  it('a top-level endless loop is stopped while loading', async () => {
    const e = await createCodeStrategy('while (true) {}\nfunction onBar(ctx) {}', { callTimeLimitMs: 100 }).catch((err: unknown) => err);
    expect((e as SandboxError).kind).toBe('timeout');
    expect((e as SandboxError).message).toMatch(/while loading the code/);
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
