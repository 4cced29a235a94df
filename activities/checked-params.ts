import { ApplicationFailure } from '@temporalio/activity';
import type { z } from 'zod';
import { GraphFailureTypes } from '../core/graph/run-protocol';

/**
 * Activities validate their input with the zod schema of their node type or contract: the interpreter checks the
 * JSON Schema form before calling, and this adds what JSON Schema cannot say (refinements) and covers callers that
 * skip the interpreter. Failures are non-retryable: the same input fails the same way.
 */
export function checkedParams<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(params)'}: ${i.message}`).join('; ');
  throw ApplicationFailure.create({ type: GraphFailureTypes.invalidParams, message, nonRetryable: true });
}

