import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { compareDecimal, normalizeDecimal } from './decimal';

describe('normalizeDecimal', () => {
  it.each([
    ['3258.63', '3258.63'],
    ['1.10', '1.1'],
    ['49544517.0', '49544517'],
    ['1e3', '1000'],
    ['1.5E-2', '0.015'],
    ['2.50e+1', '25'],
    ['+5', '5'],
    ['007.50', '7.5'],
    ['-0.0', '0'],
    ['-0', '0'],
    ['000', '0'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['-12.340', '-12.34'],
    ['0e10', '0'],
    ['123456789012345678901234567890.123456789', '123456789012345678901234567890.123456789'],
  ])('normalises %s to %s', (raw, expected) => {
    expect(normalizeDecimal(raw)).toBe(expected);
  });

  it.each(['', 'NaN', 'nan', 'Infinity', '-Infinity', '1e', 'e5', '1.2.3', '0x1A', ' 1', '1 ', '1_000', '1,5', '.', '-', '+.', '1e3.5', '1e-', '1e999'])(
    'rejects %j',
    (raw) => {
      expect(normalizeDecimal(raw)).toBeNull();
    },
  );

  it('returns the same string instance for values that are already canonical', () => {
    const raw = '3258.63';
    expect(normalizeDecimal(raw)).toBe(raw);
  });
});

describe('compareDecimal', () => {
  it.each([
    ['1', '2', -1],
    ['2', '1', 1],
    ['1.1', '1.1', 0],
    ['10', '9.99', 1],
    ['0.12', '0.2', -1],
    ['1', '1.05', -1],
    ['-1', '0.5', -1],
    ['-2', '-1.5', -1],
    ['-1.5', '-1.25', -1],
    ['0', '-0.1', 1],
    // Equal as IEEE doubles, different as decimals.
    ['0.1', '0.10000000000000001', -1],
    ['9007199254740993', '9007199254740992', 1],
  ])('compares %s with %s as %i', (a, b, expected) => {
    expect(compareDecimal(a, b)).toBe(expected);
  });

  it('agrees with decimal.js on a sweep of random canonical values', () => {
    let seed = 42;
    const rand = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const values: string[] = [];
    for (let i = 0; i < 300; i++) {
      const raw = `${rand() < 0.2 ? '-' : ''}${Math.floor(rand() * 1000)}.${Math.floor(rand() * 10_000)
        .toString()
        .padStart(4, '0')}`;
      values.push(normalizeDecimal(raw) ?? '0');
    }
    for (let i = 0; i < values.length; i++) {
      const a = values[i] ?? '0';
      const b = values[(i * 7 + 3) % values.length] ?? '0';
      expect(compareDecimal(a, b)).toBe(new Decimal(a).comparedTo(new Decimal(b)));
    }
  });
});
