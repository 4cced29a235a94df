import { z } from 'zod';
import { defineNodeType } from '../node-type';

export const manualTrigger = defineNodeType({
  type: 'trigger.manual',
  version: 1,
  title: 'Run input',
  category: 'Triggers',
  description: 'Where a run starts: emits the run input (shaped by the graph input schema).',
  kind: 'trigger',
  params: z.object({}),
  outputs: { out: z.record(z.string(), z.unknown()) },
});
