import { z } from 'zod';
import { defineNodeType } from '../node-type';

export const log = defineNodeType({
  type: 'notify.log',
  version: 1,
  title: 'Log / notify',
  category: 'Notify',
  description: 'Writes a message to the run log (worker log, with the run and node ids) and passes it on.',
  kind: 'activity',
  activity: 'logMessage',
  params: z.object({ message: z.string().max(10_000), level: z.enum(['info', 'warn', 'error']).default('info') }),
  outputs: { out: z.object({ message: z.string(), level: z.string() }) },
  defaults: { timeout: '30s', retry: { maximumAttempts: 3, initialInterval: '1s', backoffCoefficient: 2 } },
});
