import { z } from 'zod';
import { durationSchema } from '../../graph/model';
import { defineNodeType } from '../node-type';

export const delay = defineNodeType({
  type: 'flow.delay',
  version: 1,
  title: 'Delay',
  category: 'Flow',
  description: 'Waits durably (a Temporal timer: survives worker restarts), then passes the value on.',
  kind: 'control',
  params: z.object({ duration: durationSchema.default('1s'), value: z.unknown().optional() }),
  outputs: { out: z.unknown() },
});
