import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { periodSchema, planIdSchema, toolSchema } from '../../core/plans';
import { principalOf } from '../auth';
import { quotaStatus } from '../quota';

export const quotaStatusSchema = z.object({
  plan: planIdSchema,
  rate: z.object({ perSecond: z.number(), burst: z.number() }).describe('Token bucket per API key'),
  tools: z.array(z.object({
    tool: toolSchema,
    used: z.number().int(),
    limit: z.number().int().describe('-1 = unlimited, 0 = not in the plan'),
    period: periodSchema.describe("UTC calendar day or month; 'total' = held at once"),
    resetsAt: z.string().nullable(),
  })),
});

export const quotaRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/quota', {
    schema: { summary: "The caller's plan and what each tool has used this period", tags: ['quota'], response: { 200: quotaStatusSchema } },
  }, async (req) => quotaStatus(principalOf(req).user.id));
};
