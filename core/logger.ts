import { pino, type Logger } from 'pino';
import { config } from './config';

/**
 * One pino logger for every process. Children carry `reqId` (API) or `workflowId`/`runId` (worker) so a line can
 * be traced to its request or run. Secrets are redacted by path wherever they could appear.
 */
export const logger: Logger = pino({
  level: config().LOG_LEVEL,
  base: { pid: process.pid, svc: process.env.LURUS_SERVICE ?? 'lurus' },
  serializers: {
    // Fastify's request log line, without the ?key= an event stream URL may carry.
    req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url?.replace(/([?&]key=)[^&]*/, '$1[redacted]') }),
  },
  redact: {
    paths: ['req.headers.authorization', 'headers.authorization', '*.apiKey', '*.password', 'databaseUrl', 'LLM_API_KEY', '*.LLM_API_KEY'],
    censor: '[redacted]',
  },
});
