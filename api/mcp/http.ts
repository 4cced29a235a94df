import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { authPlugin, principalOf } from '../auth';
import { createMcpServer } from './server';

/** JSON-RPC error body for requests the transport never sees (the spec's shape, id unknown). */
function rpcError(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).send({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });
}

/**
 * MCP over Streamable HTTP at `/mcp`, stateless: every POST gets its own server for the caller's API key and is
 * answered with plain JSON. No session means no server-initiated stream, so GET and DELETE are 405 as the spec allows;
 * the published-graph tools are read per request.
 */
export const mcpRoutes: FastifyPluginAsync = async (app) => {
  await app.register(authPlugin);
  // RFC 6750: a refused bearer token says which scheme to use.
  app.addHook('onSend', async (_req, reply, payload) => {
    if (reply.statusCode === 401) reply.header('www-authenticate', 'Bearer realm="lurus-flow"');
    return payload;
  });

  app.post('/mcp', {
    schema: {
      summary: 'Model Context Protocol (Streamable HTTP, stateless): JSON-RPC requests such as tools/list and tools/call',
      description: 'Send `Accept: application/json, text/event-stream`. Tools run as the API key\'s user and count against its plan.',
      tags: ['mcp'],
    },
  }, async (req, reply) => {
    const server = await createMcpServer(principalOf(req));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    reply.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    // From here the transport writes the response itself.
    reply.hijack();
    try {
      await transport.handleRequest(req.raw, reply.raw, req.body);
    } catch (err) {
      req.log.error({ err }, 'mcp request failed');
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500, { 'content-type': 'application/json' });
        reply.raw.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null }));
      }
    }
  });

  const stateless = { schema: { hide: true } };
  app.get('/mcp', stateless, async (_req, reply) => rpcError(reply.header('allow', 'POST'), 405, 'This MCP server is stateless: no event stream to open, POST requests instead'));
  app.delete('/mcp', stateless, async (_req, reply) => rpcError(reply.header('allow', 'POST'), 405, 'This MCP server is stateless: there is no session to end'));
};
