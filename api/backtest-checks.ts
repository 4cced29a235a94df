import { ZodError } from 'zod';
import { marketOf } from '../activities/backtest/bars';
import type { StrategyRef } from '../core/contracts/backtest';
import { db } from '../core/db';
import { parseBacktestConfig, type BacktestConfigInput } from '../engines/backtest';
import { validateSpec } from '../engines/strategy/validate';
import { HttpError, badRequest } from './errors';

/** A 400 listing every problem of a spec, each with its path under `field`. */
function checkSpec(field: string, spec: unknown): void {
  const v = validateSpec(spec);
  if (v.ok) return;
  const problems = v.errors.map((e) => ({ path: `${field}${e.path.replace(/^\$/, '')}`, message: e.message }));
  throw new HttpError(400, problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
}

/**
 * What a backtest run would only find out after starting (so REST and MCP refuse it up front, without spending a
 * quota unit on a run that must fail): a broken spec, a config the engine refuses, a symbol with no bars.
 */
export async function checkBacktestRunnable(o: { strategy: StrategyRef; config: Record<string, unknown>; symbols: string[] }): Promise<void> {
  if (o.strategy.kind === 'spec') checkSpec('strategy.spec', o.strategy.spec);
  if (o.strategy.kind === 'saved') {
    const exists = await db().strategy.count({ where: { id: o.strategy.strategyId, deletedAt: null } });
    if (!exists) throw badRequest('strategy.strategyId', `no strategy ${o.strategy.strategyId}`);
  }
  for (const symbol of new Set(o.symbols)) {
    try {
      parseBacktestConfig({ ...o.config, market: (o.config.market as string | undefined) ?? marketOf(symbol) } as BacktestConfigInput);
    } catch (err) {
      if (err instanceof ZodError) {
        const i = err.issues[0]!;
        throw badRequest(['config', ...i.path].join('.'), i.message);
      }
      throw err;
    }
  }
  const stored = await db().bar.groupBy({ by: ['symbol'], where: { symbol: { in: o.symbols } } });
  const have = new Set(stored.map((s) => s.symbol));
  const missing = o.symbols.filter((s) => !have.has(s));
  if (missing.length) throw badRequest(o.symbols.length === 1 ? 'symbol' : 'symbols', `no bars stored for ${missing.join(', ')}`);
}

