import { z } from 'zod';

/**
 * Params of the momentum rotation (engines/backtest/rotation.ts), in a module of their own so the API contract, the
 * catalog and the strategy library (all also compiled for the web app) can use the schema without the engine.
 */
export const rotationParamsSchema = z
  .object({
    lookback: z.number().int().min(1).max(2000).default(20).describe('Momentum window: return over this many of the symbol’s own bars'),
    top: z.number().int().min(1).max(100).default(2).describe('Symbols held after each rebalance (equal weight, 1/top of equity each)'),
    rebalanceEvery: z.number().int().min(1).max(2000).default(5).describe('Bars between rebalance decisions'),
    minReturnPercent: z.number().min(-100).max(100_000).optional().describe('Absolute momentum: hold only symbols whose return is above this (%), else cash'),
  })
  .strict();
export type RotationParamsInput = z.input<typeof rotationParamsSchema>;
export type RotationParams = z.output<typeof rotationParamsSchema>;
