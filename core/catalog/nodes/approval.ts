import { z } from 'zod';
import { durationSchema } from '../../graph/model';
import { defineNodeType } from '../node-type';

export const decisionSchema = z.object({ approved: z.boolean(), by: z.string(), comment: z.string().optional(), at: z.string() });

export const approval = defineNodeType({
  type: 'flow.approval',
  version: 1,
  title: 'Approval',
  category: 'Flow',
  description: 'Waits for a person (API, web app) to approve or reject; after the timeout the timeout branch runs.',
  kind: 'control',
  params: z.object({
    title: z.string().min(1).max(200).default('Approve?'),
    details: z.unknown().optional().describe('Shown to the approver'),
    timeout: durationSchema.default('1d'),
  }),
  outputs: { approved: decisionSchema, rejected: decisionSchema, timeout: z.object({ waited: z.string() }) },
});
