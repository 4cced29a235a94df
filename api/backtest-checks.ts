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
  for (const symbol of new Set(o.symbols)) checkConfig(o.config, (o.config.market as string | undefined) ?? marketOf(symbol));
  await checkBarsStored(o.symbols, o.symbols.length === 1 ? 'symbol' : 'symbols');
}

/** A 400 naming the config field the engine refuses under `market`. */
function checkConfig(config: Record<string, unknown>, market: string): void {
  try {
    parseBacktestConfig({ ...config, market } as BacktestConfigInput);
  } catch (err) {
    if (err instanceof ZodError) {
      const i = err.issues[0]!;
      throw badRequest(['config', ...i.path].join('.'), i.message);
    }
    throw err;
  }
}

async function checkBarsStored(symbols: string[], field: string): Promise<void> {
  const stored = await db().bar.groupBy({ by: ['symbol'], where: { symbol: { in: symbols } } });
  const have = new Set(stored.map((s) => s.symbol));
  const missing = symbols.filter((s) => !have.has(s));
  if (missing.length) throw badRequest(field, `no bars stored for ${missing.join(', ')}`);
}

/**
 * The same up-front checks for a momentum rotation: one market for the whole universe (one account, one set of
 * rules), a config the engine accepts, bars stored for every symbol.
 */
export async function checkRotationRunnable(o: { symbols: string[]; config: Record<string, unknown> }): Promise<void> {
  let market = o.config.market as string | undefined;
  if (market === undefined) {
    const markets = new Set(o.symbols.map(marketOf));
    if (markets.size > 1) throw badRequest('symbols', `mixes A-share and crypto symbols (${o.symbols.join(', ')}): rank one market, or set config.market`);
    market = [...markets][0]!;
  }
  checkConfig(o.config, market);
  await checkBarsStored(o.symbols, 'symbols');
}

