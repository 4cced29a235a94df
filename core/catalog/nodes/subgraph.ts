import { z } from 'zod';
import { defineNodeType } from '../node-type';

export const subgraph = defineNodeType({
  type: 'flow.subgraph',
  version: 1,
  title: 'Run sub-graph',
  category: 'Flow',
  description: 'Runs another saved graph as a child workflow and returns its outputs.',
  kind: 'control',
  params: z.object({
    graphId: z.string().min(1),
    version: z.number().int().min(1).optional().describe('Default: the current version at the time of the run'),
    input: z.record(z.string(), z.unknown()).default({}),
  }),
  outputs: { out: z.record(z.string(), z.unknown()) },
});
