import { describe, expect, it } from 'vitest';
import { fromLlmSpec, llmStrategySpecJsonSchema, llmStrategySpecSchema, strategySpecJsonSchema, strictSchemaProblems } from './json-schema';
import { builtinStrategies } from './library';
import type { StrategySpecInput } from './spec';
import { parseSpec, SpecValidationError, validateSpec, type SpecIssue } from './validate';

const base: StrategySpecInput = {
  name: 'MA cross',
  timeframe: '1d',
  indicators: [
    { id: 'fast', indicator: 'sma', params: { period: 5 } },
    { id: 'slow', indicator: 'sma', params: { period: 20 } },
  ],
  long: {
    entry: { op: 'crossAbove', left: 'fast', right: 'slow' },
    exit: { op: 'crossBelow', left: 'fast', right: 'slow' },
  },
};

function errorsOf(input: unknown): SpecIssue[] {
  const v = validateSpec(input);
  return v.ok ? [] : v.errors;
}

function warningsOf(input: unknown): SpecIssue[] {
  return validateSpec(input).warnings;
}

const withIndicators = (indicators: StrategySpecInput['indicators'], extra: Partial<StrategySpecInput> = {}): StrategySpecInput => ({
  ...base,
  indicators,
  ...extra,
});

describe('validateSpec: accepted specs', () => {
  it('accepts an MA cross and fills in defaults', () => {
    const v = validateSpec(base);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.spec.sizing).toEqual({ kind: 'percentEquity', percent: 100 });
    expect(v.warnings).toEqual([]);
  });

  it.each(builtinStrategies.filter((b) => b.kind === 'spec').map((b) => [b.id, b] as const))('accepts builtin %s without warnings', (_id, b) => {
    const def = b.build();
    if (def.kind !== 'spec') throw new Error('not a spec');
    const v = validateSpec(def.spec);
    expect(v.ok ? [] : v.errors).toEqual([]);
    expect(v.warnings).toEqual([]);
  });

  it('parseSpec throws one error listing every problem', () => {
    expect(() => parseSpec({ ...base, timeframe: '7m', indicators: [{ id: 'fast', indicator: 'smaa' }] })).toThrow(SpecValidationError);
    try {
      parseSpec({ ...base, timeframe: '7m', indicators: [{ id: 'fast', indicator: 'smaa' }] });
    } catch (e) {
      const issues = (e as SpecValidationError).issues.map((i) => i.path);
      expect(issues).toContain('$.timeframe');
      expect(issues).toContain('$.indicators[0].indicator');
      expect(issues).toContain('$.long.entry.right'); // 'slow' is no longer declared
    }
  });
});

describe('validateSpec: indicators against the catalog', () => {
  it('names an unknown indicator with a suggestion and the known ids', () => {
    const errors = errorsOf(withIndicators([{ id: 'fast', indicator: 'smaa', params: { period: 5 } }, { id: 'slow', indicator: 'sma' }]));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe('$.indicators[0].indicator');
    expect(errors[0]!.message).toMatch(/unknown indicator 'smaa'; did you mean 'sma'\?/);
    expect(errors[0]!.message).toMatch(/known: .*bollinger/);
  });

  it('suggests close names for parameters and outputs', () => {
    const errors = errorsOf(
      withIndicators([{ id: 'fast', indicator: 'sma', params: { perod: 5 } }, { id: 'slow', indicator: 'macd' }], {
        long: { entry: { op: 'crossAbove', left: 'fast', right: 'slow.signl' } },
      }),
    );
    expect(errors).toEqual([
      { path: '$.indicators[0].params.perod', message: "sma has no parameter 'perod'; did you mean 'period'? (parameters: period)" },
      { path: '$.long.entry.right', message: "macd 'slow' has no output 'signl'; did you mean 'signal'? (outputs: macd, signal, hist)" },
    ]);
  });

  it('checks parameter ranges and types from the catalog', () => {
    const errors = errorsOf(
      withIndicators([
        { id: 'fast', indicator: 'sma', params: { period: 1 } },
        { id: 'slow', indicator: 'sma', params: { period: 20.5 } },
        { id: 'v', indicator: 'vwap', params: { session: 'week' } },
      ]),
    );
    expect(errors.map((e) => e.path)).toEqual(['$.indicators[0].params.period', '$.indicators[1].params.period', '$.indicators[2].params.session']);
    expect(errors[0]!.message).toBe('sma.period must be an integer in [2, 100000], got 1');
    expect(errors[2]!.message).toMatch(/one of 'day', 'none'/);
  });

  it('applies the catalog rule across parameters (MACD fast < slow)', () => {
    const errors = errorsOf(
      withIndicators([{ id: 'fast', indicator: 'sma' }, { id: 'slow', indicator: 'sma' }, { id: 'm', indicator: 'macd', params: { fast: 30, slow: 26 } }]),
    );
    expect(errors).toEqual([{ path: '$.indicators[2].params.fast', message: 'macd.fast: fast must be less than slow' }]);
  });

  it('refuses duplicate ids, ids shadowing price fields, and source on multi-input indicators', () => {
    const errors = errorsOf(
      withIndicators([
        { id: 'fast', indicator: 'sma' },
        { id: 'fast', indicator: 'ema' },
        { id: 'slow', indicator: 'atr', source: 'close' },
        { id: 'close', indicator: 'sma' },
      ]),
    );
    expect(errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      "$.indicators[1].id: duplicate indicator id 'fast'",
      '$.indicators[2].source: atr reads high, low, close itself; source applies only to single-series indicators',
      "$.indicators[3].id: 'close' is a price field; give the indicator another id",
    ]);
  });
});

describe('validateSpec: references and rules', () => {
  it('refuses references to undeclared ids with a suggestion', () => {
    const errors = errorsOf({ ...base, long: { entry: { op: 'crossAbove', left: 'fsat', right: 'slow' } } });
    expect(errors).toEqual([{ path: '$.long.entry.left', message: "'fsat' is not a declared indicator id or price field; did you mean 'fast'?" }]);
  });

  it('asks for an output when an indicator has several', () => {
    const errors = errorsOf(
      withIndicators([{ id: 'bb', indicator: 'bollinger' }], { long: { entry: { op: 'gt', left: 'close', right: 'bb' }, exit: { op: 'lt', left: 'close.x', right: 'bb.lower' } } }),
    );
    expect(errors).toEqual([
      { path: '$.long.entry.right', message: "bollinger has several outputs; write one of 'bb.upper', 'bb.middle', 'bb.lower'" },
      { path: '$.long.exit.left', message: "'close' is a price field and has no output 'x'" },
    ]);
  });

  it('finds references inside offsets, arithmetic and nested logic', () => {
    const errors = errorsOf({
      ...base,
      long: {
        entry: {
          op: 'and',
          conditions: [
            { op: 'not', condition: { op: 'gt', left: { ref: 'nope', offset: 2 }, right: 1 } },
            { op: 'between', value: { math: 'div', left: 'close', right: 'missing' }, lower: 0, upper: 2 },
          ],
        },
      },
    });
    expect(errors.map((e) => e.path)).toEqual(['$.long.entry.conditions[0].condition.left', '$.long.entry.conditions[1].value.right']);
  });

  it('refuses a spec without an entry rule, and says when it is exit-only', () => {
    expect(errorsOf({ ...base, long: undefined })).toEqual([{ path: '$', message: 'no entry rule: add long.entry or short.entry' }]);
    const exitOnly = errorsOf({ ...base, long: { exit: { op: 'crossBelow', left: 'fast', right: 'slow' } } });
    expect(exitOnly[0]!.message).toMatch(/^exit-only spec/);
  });

  it('refuses a short side on the A-share market', () => {
    const errors = errorsOf({ ...base, market: 'ashare', short: { entry: { op: 'crossBelow', left: 'fast', right: 'slow' } } });
    expect(errors).toEqual([{ path: '$.short', message: 'A-share market rules forbid short selling; remove the short side or use market "crypto"' }]);
    expect(errorsOf({ ...base, market: 'crypto', short: { entry: { op: 'crossBelow', left: 'fast', right: 'slow' }, exit: { op: 'crossAbove', left: 'fast', right: 'slow' } } })).toEqual([]);
  });

  it('refuses take-profit ≤ 0, stops ≥ 100 % and risk sizing without a stop-loss', () => {
    const errors = errorsOf({ ...base, takeProfit: { kind: 'percent', percent: 0 }, stopLoss: { kind: 'percent', percent: 100 }, sizing: { kind: 'risk', riskPercent: 1 } });
    expect(errors).toEqual([
      { path: '$.stopLoss.percent', message: 'must be below 100' },
      { path: '$.takeProfit.percent', message: 'must be greater than 0' },
    ]);
    expect(errorsOf({ ...base, sizing: { kind: 'risk', riskPercent: 1 } })).toEqual([
      { path: '$.sizing', message: 'risk-based sizing needs a stopLoss to measure the risk per unit' },
    ]);
  });

  it('refuses constant division by zero and an empty between range', () => {
    const errors = errorsOf({
      ...base,
      long: { entry: { op: 'and', conditions: [{ op: 'gt', left: { math: 'div', left: 'close', right: 0 }, right: 1 }, { op: 'between', value: 'close', lower: 10, upper: 5 }] } },
    });
    expect(errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      '$.long.entry.conditions[0].left.right: division by zero',
      '$.long.entry.conditions[1].lower: between: lower 10 is above upper 5, so it never holds',
    ]);
  });

  it('warns (but accepts) a fast period ≥ slow period in an MA cross', () => {
    const slowFirst = validateSpec(withIndicators([{ id: 'fast', indicator: 'sma', params: { period: 30 } }, { id: 'slow', indicator: 'sma', params: { period: 20 } }]));
    expect(slowFirst.ok).toBe(true);
    expect(slowFirst.warnings.map((w) => w.path)).toEqual(['$.long.entry', '$.long.exit']);
    expect(slowFirst.warnings[0]!.message).toMatch(/'fast' \(period 30\) is slower than 'slow' \(period 20\)/);
    const same = warningsOf(withIndicators([{ id: 'fast', indicator: 'sma', params: { period: 20 } }, { id: 'slow', indicator: 'sma' }]));
    expect(same[0]!.message).toMatch(/same sma\(20\), so they never cross/);
  });

  it('warns about positions that never close, unused indicators and constant comparisons', () => {
    const w = warningsOf({
      ...base,
      indicators: [...base.indicators!, { id: 'unused', indicator: 'rsi' }],
      long: { entry: { op: 'and', conditions: [{ op: 'crossAbove', left: 'fast', right: 'slow' }, { op: 'gt', left: 2, right: 1 }] } },
    });
    expect(w.map((x) => x.path)).toEqual(['$.long.entry.conditions[1]', '$.long', '$.indicators[2]']);
  });
});

describe('validateSpec: structural problems in plain words', () => {
  it('reports a malformed operand at its field, next to semantic problems elsewhere', () => {
    const errors = errorsOf({
      ...base,
      indicators: [{ id: 'fast', indicator: 'smaa' }, { id: 'slow', indicator: 'sma' }],
      long: { entry: { op: 'crossAbove', left: 'fast', right: 'slow' }, exit: { op: 'lt', left: { ref: 'fast' }, right: 'slow' } },
    });
    expect(errors).toContainEqual({ path: '$.long.exit.left.offset', message: 'required (number)' });
    expect(errors.find((e) => e.path === '$.indicators[0].indicator')?.message).toMatch(/did you mean 'sma'/);
  });

  it('lists the allowed condition operators and unknown fields', () => {
    const errors = errorsOf({ ...base, colour: 'red', long: { entry: { op: 'crossesAbove', left: 'fast', right: 'slow' } } });
    expect(errors).toContainEqual({ path: '$', message: "unknown field 'colour'" });
    expect(errors.find((e) => e.path === '$.long.entry.op')?.message).toMatch(/crossAbove.*between.*not/);
  });

  it('explains an operand of the wrong type', () => {
    const errors = errorsOf({ ...base, long: { entry: { op: 'gt', left: true, right: 'slow' } } });
    expect(errors).toEqual([{ path: '$.long.entry.left', message: expect.stringMatching(/an operand is a number, a reference/) }]);
  });
});

describe('JSON Schemas', () => {
  it('the authoring schema converts and describes conditions recursively', () => {
    const schema = strategySpecJsonSchema();
    expect(schema.type).toBe('object');
    expect(JSON.stringify(schema)).toContain('crossAbove');
    expect(Object.keys(schema.$defs as object)).toContain('StrategyCondition');
  });

  it('the LLM schema satisfies OpenAI strict-mode rules, and the checker catches the authoring schema', () => {
    expect(strictSchemaProblems(llmStrategySpecJsonSchema())).toEqual([]);
    const problems = strictSchemaProblems(strategySpecJsonSchema());
    expect(problems.some((p) => /every property must be required/.test(p))).toBe(true);
    expect(problems.some((p) => /unsupported keyword 'oneOf'/.test(p))).toBe(true);
  });

  it.each(builtinStrategies.filter((b) => b.kind === 'spec').map((b) => [b.id, b] as const))(
    'builtin %s survives the LLM form and back',
    (_id, b) => {
      const def = b.build();
      if (def.kind !== 'spec') throw new Error('not a spec');
      const spec = parseSpec(def.spec);
      const llm = llmStrategySpecSchema.parse({
        name: spec.name,
        description: spec.description ?? null,
        timeframe: spec.timeframe,
        symbols: null,
        indicators: spec.indicators.map((i) => ({ id: i.id, indicator: i.indicator, params: Object.entries(i.params).map(([name, value]) => ({ name, value })), source: i.source ?? null })),
        long: spec.long ? { entry: spec.long.entry ?? null, exit: spec.long.exit ?? null } : null,
        short: null,
        sizing: spec.sizing,
        stopLoss: spec.stopLoss ?? null,
        takeProfit: spec.takeProfit ?? null,
        trailingStop: spec.trailingStop ?? null,
        market: null,
        fees: null,
      });
      expect(parseSpec(fromLlmSpec(llm))).toEqual(spec);
    },
  );
});
