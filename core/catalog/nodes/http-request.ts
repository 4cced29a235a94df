import { z } from 'zod';
import { defineNodeType } from '../node-type';

export const httpRequest = defineNodeType({
  type: 'http.request',
  version: 1,
  title: 'HTTP request',
  category: 'Integrations',
  description: 'Calls a URL. 5xx and 429 answers are retried with backoff (Retry-After honoured); other 4xx fail at once.',
  kind: 'activity',
  activity: 'httpRequest',
  params: z.object({
    url: z.url().describe('Absolute http(s) URL'),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('GET'),
    headers: z.record(z.string(), z.string()).default({}),
    query: z.record(z.string(), z.string()).default({}),
    body: z.unknown().optional().describe('Sent as JSON unless it is a string'),
    timeoutMs: z.number().int().min(100).max(300_000).default(30_000).describe('Per attempt'),
    responseType: z.enum(['json', 'text']).default('json'),
  }),
  outputs: {
    out: z.object({ status: z.number().int(), headers: z.record(z.string(), z.string()), body: z.unknown() }),
  },
  defaults: { timeout: '2m', retry: { maximumAttempts: 5, initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' } },
});
