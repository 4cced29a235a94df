import { ApplicationFailure, CancelledFailure, CompleteAsyncError, type Context } from '@temporalio/activity';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { ATTEMPT_MARKER, GraphWorkflowTypes, type AttemptReport } from '../core/graph/run-state';

/**
 * A graph run shows how many attempts each node took, but Temporal hands a workflow only the result (or the final
 * failure) of an activity. For activities called by the interpreter, the worker therefore answers
 * `{ value, attempt }` and appends `{ $attempt }` to failure details. Other workflows (importKlines) see the
 * activities unchanged.
 */
export const reportAttempts: ActivityInterceptorsFactory = (ctx: Context) => ({
  inbound: {
    async execute(input, next) {
      if (ctx.info.workflowType !== GraphWorkflowTypes.run) return next(input);
      const attempt = ctx.info.attempt;
      try {
        return { value: await next(input), attempt } satisfies AttemptReport;
      } catch (err) {
        // Cancellation and async completion must reach the worker as they are.
        if (err instanceof CompleteAsyncError || err instanceof CancelledFailure || ctx.cancellationSignal.aborted) throw err;
        const details = err instanceof ApplicationFailure ? err.details ?? [] : [];
        throw ApplicationFailure.fromError(err, { details: [...details, { [ATTEMPT_MARKER]: attempt }] });
      }
    },
  },
});
