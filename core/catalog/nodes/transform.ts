import { z } from 'zod';
import { defineNodeType } from '../node-type';

export const transform = defineNodeType({
  type: 'data.transform',
  version: 1,
  title: 'Transform',
  category: 'Data',
  description: 'Computes a value from the run input and upstream outputs with an expression, e.g. nodes.fetch.out.body.items.',
  kind: 'workflow',
  params: z.object({ expression: z.string().min(1).describe('Expression; its value is the output') }),
  outputs: { out: z.unknown() },
  expressionParams: ['expression'],
});
