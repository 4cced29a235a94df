import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { config } from '../core/config';
import { logger } from '../core/logger';
import { repoRoot } from '../core/paths';
import { authPlugin } from './auth';
import { installErrorHandler } from './errors';
import { authRoutes } from './routes/auth';
import { healthRoutes } from './routes/health';
import { importRoutes } from './routes/imports';
import { runRoutes } from './routes/runs';
import { strategyRoutes } from './routes/strategies';
import { uploadRoutes } from './routes/uploads';
import { graphRoutes } from './routes/graphs';
import { backtestRoutes } from './routes/backtests';
import { graphRunRoutes } from './routes/graph-runs';
import { chanlunRoutes } from './routes/chanlun';
import { scheduleRoutes } from './routes/schedules';
import { quotaPlugin } from './quota';
import { alertRoutes } from './routes/alerts';
import { quotaRoutes } from './routes/quota';
import { mcpRoutes } from './mcp/http';

export const webDist = path.join(repoRoot, 'web', 'dist');

/** The HTTP API and, when built, the web app on the same port. */
export async function buildApp(): Promise<FastifyInstance> {
  // Cast: pino's Logger type is wider than Fastify's logger interface, which trips the instance generics.
  const app = Fastify({
    loggerInstance: logger.child({ component: 'http' }) as FastifyBaseLogger,
    genReqId: (req) => (typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'] : randomUUID()),
    bodyLimit: 1024 * 1024,
    // Server-sent event streams are long-lived requests: on shutdown they are cut rather than waited for.
    forceCloseConnections: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  const spa = existsSync(path.join(webDist, 'index.html'));
  installErrorHandler(app, spa);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Lurus Flow API', version: '0.1.0', description: 'Every route but /api/health needs `Authorization: Bearer <API key>`.' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(multipart, { limits: { fileSize: config().MAX_UPLOAD_MB * 1024 * 1024, files: 1 } });

  await app.register(healthRoutes, { prefix: '/api' });
  await app.register(async (secured) => {
    await secured.register(authPlugin);
    // After auth (it reads the principal), before the routes (its onRoute hook meters those named in routeTools).
    await secured.register(quotaPlugin);
    await secured.register(authRoutes);
    await secured.register(uploadRoutes);
    await secured.register(importRoutes);
    await secured.register(runRoutes);
    await secured.register(graphRoutes);
    await secured.register(graphRunRoutes);
    await secured.register(backtestRoutes);
    await secured.register(strategyRoutes);
    await secured.register(chanlunRoutes);
    await secured.register(scheduleRoutes);
    await secured.register(quotaRoutes);
    await secured.register(alertRoutes);
  }, { prefix: '/api' });
  // MCP clients get one URL, /mcp, next to the API rather than under it.
  await app.register(mcpRoutes);

  if (spa) await app.register(fastifyStatic, { root: webDist, wildcard: false });
  return app;
}
