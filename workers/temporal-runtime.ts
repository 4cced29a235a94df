import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { logger } from '../core/logger';

let installed = false;

/**
 * Routes the SDK's and activities' logs (which carry workflowId, runId, activityId) into our pino logger, and lets
 * the runtime turn SIGINT/SIGTERM into a graceful worker shutdown.
 */
export function installTemporalRuntime(): void {
  if (installed) return;
  installed = true;
  const toPino = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;
  Runtime.install({
    logger: new DefaultLogger('INFO' as LogLevel, ({ level, message, meta }) => {
      logger[toPino[level]]({ ...meta }, message);
    }),
  });
}
