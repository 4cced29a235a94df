import { z } from 'zod';
import { defineNodeType } from '../node-type';

export const forEach = defineNodeType({
  type: 'flow.for-each',
  version: 1,
  title: 'For each',
  category: 'Flow',
  description: 'Runs a saved graph once per item (input: { item, index }) as child workflows, at most `concurrency` at a time; returns the outputs in order.',
  kind: 'control',
  params: z.object({
    items: z.array(z.unknown()).max(100_000),
    graphId: z.string().min(1),
    version: z.number().int().min(1).optional(),
    concurrency: z.number().int().min(1).max(100).default(10),
  }),
  outputs: { out: z.object({ results: z.array(z.unknown()), count: z.number().int() }) },
});
