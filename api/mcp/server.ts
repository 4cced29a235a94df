import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListToolsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { Principal } from '../auth';
import { portableJsonSchema } from './portable-schema';
import { registerTool, type PrincipalSource, type ToolSpec } from './tool-kit';
import { getUserQuota, listAlerts, subscribeAlert } from './tools/account';
import { analyzeStructure, getKlines, queryBuySellPoints } from './tools/market';
import { backtestStrategy, getWorkflowRun, publishedGraphTools, startWorkflow } from './tools/runs';

/** The fixed tools, in the order clients list them; published graphs follow as graph_<name>. */
const tools = [getKlines, analyzeStructure, queryBuySellPoints, backtestStrategy, subscribeAlert, listAlerts, getUserQuota, startWorkflow, getWorkflowRun] as ToolSpec<z.ZodObject, z.ZodObject>[];

export const MCP_SERVER_INFO = { name: 'lurus-flow', version: '0.1.0' };

const instructions =
  'Lurus Flow: market data, ChanLun (缠论) structure and buy/sell points, backtests and workflows of a self-hosted quant platform. ' +
  'Symbols are as stored: imported A-share symbols such as 000001.SH, exchange series such as okx:BTC/USDT. Every call counts against the plan of the API key (get_user_quota).';

/**
 * One MCP server for one caller, over any transport: every tool runs as the caller and takes from its quota. The
 * published graphs are read now, so a server lives for one HTTP request or one stdio session.
 */
export async function createMcpServer(caller: Principal | PrincipalSource): Promise<McpServer> {
  const source: PrincipalSource = typeof caller === 'function' ? caller : async () => caller;
  const server = new McpServer(MCP_SERVER_INFO, { instructions });
  const specs = [...tools, ...(await publishedGraphTools())];
  for (const spec of specs) registerTool(server, source, spec);
  // Listed from our own specs so the schemas are spelled portably; calls are still checked against the zod schemas.
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: specs.map(listing) }));
  return server;
}

function listing(spec: ToolSpec<z.ZodObject, z.ZodObject>): Tool {
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    inputSchema: portableJsonSchema(spec.input, 'input') as Tool['inputSchema'],
    outputSchema: portableJsonSchema(spec.output, 'output') as Tool['outputSchema'],
    ...(spec.annotations ? { annotations: spec.annotations } : {}),
  };
}

export const fixedToolNames = tools.map((t) => t.name);
