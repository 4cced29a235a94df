import { z } from 'zod';
import { defineNodeType } from '../node-type';

export const condition = defineNodeType({
  type: 'flow.condition',
  version: 1,
  title: 'If',
  category: 'Flow',
  description: 'Follows the true or the false branch; the other branch is skipped.',
  kind: 'workflow',
  params: z.object({
    condition: z.string().min(1).describe('Expression, e.g. nodes.fetch.out.status == 200'),
    value: z.unknown().optional().describe('Passed on along the branch taken'),
  }),
  outputs: { true: z.unknown(), false: z.unknown() },
  expressionParams: ['condition'],
});
