import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

/** A domain error with the status it maps to; anything else is a 500 without details. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
  }
}
export const notFound = (what: string) => new HttpError(404, `${what} not found`);
export const badRequest = (path: string, message: string) => new HttpError(400, `${path}: ${message}`, [{ path, message }]);

const reasons: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large',
  415: 'Unsupported Media Type', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

function dotted(instancePath: string | undefined): string {
  return (instancePath ?? '').split('/').filter(Boolean).join('.');
}

/** One error shape for every route: `{ statusCode, error, message, requestId, issues? }`; never a stack trace. */
export function installErrorHandler(app: FastifyInstance, spa: boolean): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const send = (statusCode: number, message: string, issues?: { path: string; message: string }[]) =>
      reply.code(statusCode).send({ statusCode, error: reasons[statusCode] ?? 'Error', message, requestId: req.id, ...(issues ? { issues } : {}) });

    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const issues = err.validation.map((v) => ({ path: dotted(v.instancePath) || where, message: v.message ?? 'invalid' }));
      return send(400, issues.map((i) => `${where}.${i.path}: ${i.message}`).join('; '), issues);
    }
    if (err instanceof HttpError) {
      const problems = (err as HttpError & { problems?: unknown[] }).problems;
      if (problems) return reply.code(err.statusCode).send({ statusCode: err.statusCode, error: reasons[err.statusCode] ?? 'Error', message: err.message, requestId: req.id, problems });
      return send(err.statusCode, err.message, err.issues);
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err }, 'response failed its schema');
      return send(500, 'Internal error');
    }
    // Fastify's own client errors (bad JSON, too large, wrong content type) are safe to repeat.
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return send(err.statusCode, err.message);
    req.log.error({ err }, 'unhandled error');
    return send(500, 'Internal error');
  });
  app.setNotFoundHandler((req, reply) => {
    // Client-side routes (/runs/…) load the web app's shell; unknown /api paths stay JSON 404s.
    if (spa && req.method === 'GET' && !req.url.startsWith('/api')) return reply.sendFile('index.html');
    return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `Route ${req.method} ${req.url} not found`, requestId: req.id });
  });
}
