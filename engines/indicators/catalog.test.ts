import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkIndicator, createIndicator, indicatorCatalog, indicatorIds, indicatorRefSchema } from './index';

describe('indicatorCatalog', () => {
  it('lists every indicator once, with defaults inside their own ranges', () => {
    expect(indicatorCatalog.map((d) => d.id)).toEqual([...indicatorIds]);
    for (const def of indicatorCatalog) {
      expect(def.outputs.length).toBeGreaterThan(0);
      for (const [name, p] of Object.entries(def.params)) {
        if (p.type === 'enum') expect(p.options, `${def.id}.${name}`).toContain(p.default);
        else expect(p.default >= p.min && p.default <= p.max, `${def.id}.${name}`).toBe(true);
      }
      // Every catalog entry can be built from its defaults alone.
      expect(createIndicator(def.id).outputs).toEqual(def.outputs.map((o) => o.name));
    }
  });

  it('names the unknown indicator and the known ones', () => {
    const res = checkIndicator('smaa', { period: 5 });
    expect(res).toMatchObject({ ok: false, path: ['id'] });
    expect(!res.ok && res.message).toMatch(/^unknown indicator "smaa" \(known: sma, ema, .*trix\)$/);
  });

  it('names the parameter that is out of range, not an integer, or unknown', () => {
    expect(checkIndicator('sma', { period: 1 })).toMatchObject({ ok: false, path: ['params', 'period'] });
    expect(checkIndicator('rsi', { period: 2.5 })).toMatchObject({ ok: false, path: ['params', 'period'] });
    const bad = checkIndicator('ema', { length: 10 });
    expect(!bad.ok && bad.message).toMatch(/ema: .*"length".*\(params of ema: period, source\)/);
    const src = checkIndicator('sma', { source: 'vwap' });
    expect(src).toMatchObject({ ok: false, path: ['params', 'source'] });
    expect(checkIndicator('macd', { fast: 26, slow: 12 })).toMatchObject({ ok: false, path: ['params', 'fast'] });
  });

  it('fills defaults for omitted params', () => {
    expect(checkIndicator('stochastic', {})).toEqual({ ok: true, id: 'stochastic', params: { fastK: 5, slowK: 3, slowD: 3 } });
    expect(checkIndicator('bollinger', { period: 10 })).toMatchObject({ ok: true, params: { period: 10, devUp: 2, devDown: 2 } });
  });

  it('embeds in a spec schema with issues at id / params paths', () => {
    const spec = z.object({ indicators: z.array(indicatorRefSchema) });
    const ok = spec.parse({ indicators: [{ id: 'rsi' }, { id: 'macd', params: { signal: 5 } }] });
    expect(ok.indicators[1]).toEqual({ id: 'macd', params: { fast: 12, slow: 26, signal: 5, source: 'close' } });
    const bad = spec.safeParse({ indicators: [{ id: 'rsi' }, { id: 'atr', params: { period: 0 } }, { id: 'kdj' }] });
    expect(bad.success).toBe(false);
    const issues = bad.error!.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues).toEqual([
      ['indicators.1.params.period', expect.stringMatching(/^atr\.period: /)],
      ['indicators.2.id', expect.stringMatching(/^unknown indicator "kdj"/)],
    ]);
  });

  it('createIndicator refuses bad params and unknown outputs with the same messages', () => {
    expect(() => createIndicator('donchian', { period: 0 })).toThrow(/donchian\.period/);
    expect(() => createIndicator('macd').reader('histogram')).toThrow(/macd has no output "histogram" \(outputs: macd, signal, hist\)/);
  });
});
