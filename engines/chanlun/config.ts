import { z } from 'zod';

/**
 * Stroke length rules, counted on merged (inclusion-free) bars between the two fractal middles (`span` = index of the
 * end fractal's middle bar minus the start's):
 * - 'new' (新笔): span ≥ 3, i.e. the two fractals share no merged bar, and at least 3 raw bars lie strictly between the
 *   two extreme raw bars (inclusion not considered for that count).
 * - 'old' (老笔): span ≥ 4, i.e. at least one merged bar belongs to neither fractal.
 * - 'czsc': czsc's `min_bi_len` — the merged bars from the start fractal's left bar to the end fractal's right bar,
 *   both included, number at least `minBiLen` (span ≥ minBiLen − 3). czsc 1.0.2 defaults to 6.
 */
export const strokeRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('new') }),
  z.object({ kind: z.literal('old') }),
  z.object({ kind: z.literal('czsc'), minBiLen: z.number().int().min(4).max(50).default(6) }),
]);
export type StrokeRule = z.infer<typeof strokeRuleSchema>;

export const chanConfigSchema = z.object({
  stroke: strokeRuleSchema.default({ kind: 'new' }),
  /**
   * 'strict': when a stroke is extended, a stroke whose start price has been passed meanwhile is redrawn too, so every
   * stroke's high and low are the extremes of its span. 'czsc': keep it, as czsc does (for like-for-like comparison).
   */
  strokeExtremes: z.enum(['strict', 'czsc']).default('strict'),
  macd: z
    .object({
      fast: z.number().int().min(2).max(500).default(12),
      slow: z.number().int().min(2).max(500).default(26),
      signal: z.number().int().min(1).max(500).default(9),
    })
    .default({ fast: 12, slow: 26, signal: 9 }),
  divergence: z
    .object({
      /** 'area': sum of same-signed MACD histogram over the move; 'peak': its largest absolute value. */
      metric: z.enum(['area', 'peak']).default('area'),
      /** Divergent when leaving metric < rate × entering metric. */
      rate: z.number().positive().max(10).default(1),
    })
    .default({ metric: 'area', rate: 1 }),
  /** How many 2-similar (类二) points to look for after each type-2 point. */
  max2sLevels: z.number().int().min(0).max(20).default(3),
});
export type ChanConfigInput = z.input<typeof chanConfigSchema>;
export type ChanConfig = z.infer<typeof chanConfigSchema>;

/** Validates a user config; throws a ZodError naming the bad field. */
export function resolveChanConfig(input: ChanConfigInput = {}): ChanConfig {
  return chanConfigSchema.parse(input);
}

export interface StrokeLimits {
  minSpan: number;
  minRawBetween: number;
  strictExtremes: boolean;
}

export function strokeLimits(config: ChanConfig): StrokeLimits {
  const strictExtremes = config.strokeExtremes === 'strict';
  const rule = config.stroke;
  switch (rule.kind) {
    case 'new':
      return { minSpan: 3, minRawBetween: 3, strictExtremes };
    case 'old':
      return { minSpan: 4, minRawBetween: 0, strictExtremes };
    case 'czsc':
      return { minSpan: Math.max(1, rule.minBiLen - 3), minRawBetween: 0, strictExtremes };
  }
}
