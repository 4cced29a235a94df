import { z } from 'zod';
import { defineNodeType } from '../node-type';

export const switchNode = defineNodeType({
  type: 'flow.switch',
  version: 1,
  title: 'Switch',
  category: 'Flow',
  description: 'Follows the branch whose case equals the value (handle case-<n>), or default.',
  kind: 'workflow',
  params: z.object({
    value: z.string().min(1).describe('Expression to compare'),
    cases: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1).max(20),
  }),
  // One handle per case (case-0, case-1, …) plus default; see switchHandles.
  outputs: { default: z.unknown() },
  expressionParams: ['value'],
});

export function switchHandles(params: Record<string, unknown>): string[] {
  const cases = Array.isArray(params.cases) ? params.cases : [];
  return [...cases.map((_, i) => `case-${i}`), 'default'];
}
