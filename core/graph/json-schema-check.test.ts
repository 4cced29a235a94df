import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { nodeRuntime, nodeTypes } from '../catalog';
import { checkJsonSchema } from './json-schema-check';

const paramsOf = (type: string) => nodeRuntime(nodeTypes.find((t) => t.type === type)!).params;

describe('checkJsonSchema on the catalog params', () => {
  it('fills defaults and drops keys the schema does not name, like a zod parse', () => {
    const r = checkJsonSchema(paramsOf('http.request'), { url: 'https://example.com/x', extra: 1 });
    expect(r).toEqual({ ok: true, value: { url: 'https://example.com/x', method: 'GET', headers: {}, query: {}, timeoutMs: 30000, responseType: 'json' } });
  });

  it('names every wrong field', () => {
    const r = checkJsonSchema(paramsOf('http.request'), { url: 'not a url', method: 'FETCH', timeoutMs: 5 });
    expect(r.ok).toBe(false);
    const problems = (r as { problems: string[] }).problems;
    expect(problems).toEqual(expect.arrayContaining([
      'url: invalid URL',
      expect.stringMatching(/^method: expected one of "GET"/),
      'timeoutMs: must be ≥ 100',
    ]));
  });

  it('reports a missing required param and a wrong type', () => {
    expect(checkJsonSchema(paramsOf('notify.log'), {})).toEqual({ ok: false, problems: ['message: required'] });
    expect(checkJsonSchema(paramsOf('notify.log'), { message: 3 })).toEqual({ ok: false, problems: ['message: expected string, received number'] });
  });

  it('checks patterns, integers and array bounds', () => {
    expect(checkJsonSchema(paramsOf('flow.delay'), { duration: 'soon' }).ok).toBe(false);
    expect(checkJsonSchema(paramsOf('flow.delay'), { duration: '2s' })).toEqual({ ok: true, value: { duration: '2s' } });
    expect(checkJsonSchema(paramsOf('flow.for-each'), { items: [1], graphId: 'g', concurrency: 1.5 }).ok).toBe(false);
    expect(checkJsonSchema(paramsOf('flow.switch'), { value: 'x', cases: [] }).ok).toBe(false);
  });

  it('accepts a value when one branch of a union matches and refuses it when none does', () => {
    const schema = z.toJSONSchema(z.object({ source: z.discriminatedUnion('type', [
      z.object({ type: z.literal('a'), n: z.number() }),
      z.object({ type: z.literal('b'), s: z.string() }),
    ]) }), { io: 'input' }) as Record<string, unknown>;
    expect(checkJsonSchema(schema, { source: { type: 'b', s: 'x' } })).toEqual({ ok: true, value: { source: { type: 'b', s: 'x' } } });
    expect(checkJsonSchema(schema, { source: { type: 'b', n: 1 } })).toEqual({ ok: false, problems: ['source: matches none of the 2 allowed shapes'] });
  });

  it('passes values under an unconstrained schema through untouched', () => {
    const schema = z.toJSONSchema(z.object({ spec: z.record(z.string(), z.unknown()), any: z.unknown() }), { io: 'input' }) as Record<string, unknown>;
    const value = { spec: { sizing: { kind: 'fixed', quantity: 1 }, list: [{ a: 1 }] }, any: { deep: { x: [1, { y: 2 }] } } };
    expect(checkJsonSchema(schema, value)).toEqual({ ok: true, value });
  });

  it('agrees with zod on which catalog params are valid', () => {
    const samples: Record<string, unknown>[] = [
      {}, { url: 'https://a.b' }, { message: 'hi', level: 'warn' }, { message: 'hi', level: 'loud' }, { expression: '' },
      { expression: 'input.x' }, { graphId: 'g', items: [] }, { graphId: '', items: [] }, { title: 'ok?', timeout: '1h' },
      { cases: ['a', 1, true], value: 'x' }, { duration: '1.5m' },
      { symbol: 'X.SH', timeframe: '1d', strategy: { kind: 'spec', spec: { sizing: { kind: 'fixed' } } } },
      { symbol: 'X.SH', timeframe: '1d', strategy: { kind: 'builtin', id: 'ma-cross', params: { fast: 3 } }, overrides: { 'a.b': 1 } },
      { symbols: ['A'], timeframe: '1d', strategy: { kind: 'code', source: 'x' } },
    ];
    for (const t of nodeTypes) {
      for (const s of samples) {
        const byZod = t.params.safeParse(s);
        const bySchema = checkJsonSchema(nodeRuntime(t).params, s);
        expect(bySchema.ok, `${t.type} ${JSON.stringify(s)}`).toBe(byZod.success);
        if (byZod.success && bySchema.ok) expect(bySchema.value).toEqual(byZod.data);
      }
    }
  });
});
