import { z } from 'zod';
import { generateStrategyInputSchema } from '../../contracts/backtest';
import { defineNodeType } from '../node-type';

export const strategyGenerate = defineNodeType({
  type: 'strategy.generate',
  version: 1,
  title: 'Generate strategy',
  category: 'Strategy',
  description:
    'Turns an idea in plain language into a validated strategy spec: the configured LLM (OpenAI-compatible: DeepSeek, OpenAI, local) with schema validation and a bounded repair loop, or — with no provider configured — the rule-based parser for the documented phrasings. The output says which.',
  kind: 'activity',
  activity: 'generateStrategySpec',
  params: generateStrategyInputSchema,
  outputs: {
    out: z.object({
      spec: z.record(z.string(), z.unknown()),
      source: z.enum(['llm', 'rules']),
      attempts: z.number().int(),
      notes: z.array(z.string()),
      transcript: z.array(z.unknown()),
      provider: z.unknown(),
    }),
  },
  // The openai client retries 429/5xx itself; Temporal retries only what outlasts those (LlmUnavailable).
  defaults: {
    // Up to LLM_TIMEOUT_MS × (LLM_MAX_RETRIES + 1) per attempt, and up to three attempts with repairs.
    timeout: '10m',
    heartbeatTimeout: '30s',
    retry: { maximumAttempts: 3, initialInterval: '5s', backoffCoefficient: 2, nonRetryableErrorTypes: ['LlmNotConfigured', 'LlmAuthFailed', 'LlmRequestRejected', 'LlmRefused', 'LlmInvalidOutput', 'LlmBadInput'] },
  },
});
