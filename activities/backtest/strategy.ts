import { ApplicationFailure } from '@temporalio/activity';
import type { StrategyRef } from '../../core/contracts/backtest';
import type { Db } from '../../core/db';
import type { BacktestConfigInput, Strategy } from '../../engines/backtest';
import { backtestConfigForSpec, compileSpec } from '../../engines/strategy/compile';
import { builtinStrategyIds, findBuiltin } from '../../engines/strategy/library';
import { createCodeStrategy, SandboxError } from '../../engines/strategy/sandbox';
import { SpecValidationError, validateSpec } from '../../engines/strategy/validate';

export const BacktestFailureTypes = {
  invalidStrategy: 'InvalidStrategy',
  invalidConfig: 'InvalidConfig',
  barsNotFound: 'BarsNotFound',
  strategyNotFound: 'StrategyNotFound',
  strategyError: 'StrategyError',
} as const;

export function invalidStrategy(message: string, details?: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type: BacktestFailureTypes.invalidStrategy, message, nonRetryable: true, details: details === undefined ? [] : [details] });
}

/** Sets `a.b.0.c` in a deep copy of `spec`; a path that does not exist in the spec is refused, not created. */
export function applyOverrides(spec: Record<string, unknown>, overrides: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!overrides) return spec;
  const copy = structuredClone(spec);
  for (const [path, value] of Object.entries(overrides)) {
    const keys = path.split('.');
    let node: unknown = copy;
    for (const key of keys.slice(0, -1)) {
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
    const last = keys[keys.length - 1]!;
    if (!node || typeof node !== 'object') throw invalidStrategy(`override ${path}: the spec has no ${keys.slice(0, -1).join('.')}`);
    (node as Record<string, unknown>)[last] = value;
  }
  return copy;
}

export interface ResolvedStrategy {
  strategy: Strategy;
  /** What ran, stored with the backtest so a report shows it even after the workspace copy changed. */
  definition: { kind: 'spec'; spec: unknown } | { kind: 'code'; name: string; source: string };
  config: BacktestConfigInput;
  dispose(): void;
}

function fromSpec(raw: unknown, overrides: Record<string, unknown> | undefined, base: BacktestConfigInput): ResolvedStrategy {
  const spec = applyOverrides(raw as Record<string, unknown>, overrides);
  const v = validateSpec(spec);
  if (!v.ok) {
    throw invalidStrategy(`invalid strategy spec: ${v.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, { errors: v.errors });
  }
  return { strategy: compileSpec(v.spec), definition: { kind: 'spec', spec: v.spec }, config: backtestConfigForSpec(v.spec, base), dispose() {} };
}

async function fromCode(name: string, source: string, base: BacktestConfigInput): Promise<ResolvedStrategy> {
  try {
    const strategy = await createCodeStrategy(source, { name });
    return { strategy, definition: { kind: 'code', name, source }, config: base, dispose: () => strategy.dispose() };
  } catch (err) {
    if (err instanceof SandboxError || err instanceof SpecValidationError) {
      throw invalidStrategy(`${err.message}${err instanceof SandboxError && err.line ? ` (line ${err.line})` : ''}`);
    }
    throw err;
  }
}

export async function resolveStrategy(db: Db, ref: StrategyRef, overrides: Record<string, unknown> | undefined, base: BacktestConfigInput): Promise<ResolvedStrategy> {
  switch (ref.kind) {
    case 'spec':
      return fromSpec(ref.spec, overrides, base);
    case 'code':
      return fromCode(ref.name, ref.source, base);
    case 'saved': {
      const saved = await db.strategy.findFirst({ where: { id: ref.strategyId, deletedAt: null } });
      if (!saved) throw ApplicationFailure.create({ type: BacktestFailureTypes.strategyNotFound, message: `strategy ${ref.strategyId} not found`, nonRetryable: true });
      if (saved.kind === 'code') return fromCode(saved.name, (saved.content as { source: string }).source, base);
      return fromSpec(saved.content, overrides, base);
    }
    case 'builtin': {
      const builtin = findBuiltin(ref.id);
      if (!builtin) throw invalidStrategy(`no builtin strategy '${ref.id}'; there are: ${builtinStrategyIds().join(', ')}`);
      let d;
      try {
        d = builtin.build(ref.params);
      } catch (err) {
        if (err instanceof RangeError) throw invalidStrategy(`builtin ${ref.id}: ${err.message}`);
        throw err;
      }
      return d.kind === 'spec' ? fromSpec(d.spec, overrides, base) : fromCode(d.name, d.source, base);
    }
  }
}
