import { describe, expect, it } from 'vitest';
import { bollinger } from './index';

/** Deterministic price path: a random walk around 3000 with a tick of 0.01 (xorshift, no Math.random). */
function walk(n: number): Float64Array {
  const out = new Float64Array(n);
  let s = 0x9e3779b9;
  let price = 3000;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    price += ((s >>> 0) % 201 - 100) / 100;
    out[i] = Math.round(price * 100) / 100;
  }
  return out;
}

describe('Bollinger deviation over long runs', () => {
  it('stays within 1e-9 relative of an exact two-pass deviation over 300,000 bars', () => {
    const p = 20;
    const x = walk(300_000);
    const bb = bollinger(x, p, 2, 2);
    let worst = 0;
    for (let i = p - 1; i < x.length; i++) {
      let m = 0;
      for (let j = i - p + 1; j <= i; j++) m += x[j]!;
      m /= p;
      let a = 0;
      for (let j = i - p + 1; j <= i; j++) a += (x[j]! - m) ** 2;
      const exact = Math.sqrt(a / p);
      const ours = (bb.upper[i]! - bb.middle[i]!) / 2;
      if (exact > 0) worst = Math.max(worst, Math.abs(ours - exact) / exact);
      else expect(ours).toBe(0);
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it('reports exactly zero width on a flat window at any price level', () => {
    for (const level of [0.5, 3000.12, 65_000.5, 1e7 + 0.3]) {
      const x = [...walk(50).map((v) => v * (level / 3000)), ...new Array<number>(30).fill(level)];
      const bb = bollinger(x, 20);
      expect(bb.upper[79]! - bb.lower[79]!).toBe(0);
    }
  });
});
