import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z, ZodError } from 'zod';
import { logger } from '../../core/logger';
import { BarsNotFoundError } from '../../activities/backtest/bars';
import { ResampleError } from '../../engines/klines/resample';
import type { Principal, Role } from '../auth';
import { HttpError } from '../errors';
import { consumeQuota, logRateLimited, QuotaExceededError, RateLimitedError, takeRateToken, userPlan, type Tool } from '../quota';

const log = logger.child({ component: 'mcp' });

/** What every tool handler gets besides its arguments. */
export interface ToolContext {
  principal: Principal;
  /** Aborted when the client cancels the call or the connection goes away. */
  signal: AbortSignal;
}

/**
 * Who is calling, asked per call: an HTTP request's principal is fixed, a stdio session's is read again each time so
 * that revoking the key or changing the plan takes effect within a session.
 */
export type PrincipalSource = () => Promise<Principal>;

export interface ToolOutput<O> {
  data: O;
  /** One or two readable lines for clients that show text only; the figures are in the structured content. */
  text: string;
}

export interface ToolSpec<I extends z.ZodObject, O extends z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: I;
  output: O;
  /** The quota counter a call takes from (graph tools count as start_workflow). */
  quota: Tool;
  /** The handler counts the quota itself (through a shared function that also serves REST); only the rate is taken here. */
  meteredByRun?: boolean;
  /** Minimum role, as for the REST route doing the same thing. */
  role: Role;
  annotations?: ToolAnnotations;
  run(args: z.output<I>, ctx: ToolContext): Promise<ToolOutput<z.output<O>>>;
}

/** A failure to report to the caller as is: the message says what went wrong and, for arguments, which field. */
export class ToolFailure extends Error {
  override readonly name = 'ToolFailure';
}

const rank: Record<Role, number> = { viewer: 0, trader: 1, admin: 2 };

export function toolError(message: string, structured?: Record<string, unknown>): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }], ...(structured ? { structuredContent: structured } : {}) };
}

/** A ZodError as `field.path: message` for the first issue (the arguments themselves are checked by the SDK). */
function zodMessage(err: ZodError): string {
  const i = err.issues[0]!;
  return i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message;
}

/**
 * The error result a client sees. Domain errors keep their message (they name the field or the missing thing);
 * anything unexpected is logged and reported without details, as the REST error handler does.
 */
function errorResult(tool: string, err: unknown): CallToolResult {
  if (err instanceof QuotaExceededError) {
    const { tool: quotaTool, used, limit, period } = err;
    return toolError(err.message, { error: 'quota_exceeded', tool: quotaTool, used, limit, period });
  }
  if (err instanceof RateLimitedError) return toolError(err.message, { error: 'rate_limited', retryAfterMs: err.retryAfterMs });
  if (err instanceof ToolFailure || err instanceof HttpError) return toolError(err.message);
  if (err instanceof ZodError) return toolError(zodMessage(err));
  // Bars missing for a symbol, a resampling the market's sessions do not allow, levels out of order: messages written
  // for the caller.
  if (err instanceof BarsNotFoundError || err instanceof RangeError) return toolError(err.message);
  if (err instanceof ResampleError) return toolError(`cannot resample the stored bars: ${err.message}`);
  log.error({ err, tool }, 'tool failed');
  return toolError(`${tool} failed with an internal error`);
}

/** One call's share of the key's rate (token bucket, as for REST requests) and one unit of the tool's quota. */
async function meter(principal: Principal, tool: Tool, countQuota: boolean): Promise<void> {
  const plan = principal.plan ?? (await userPlan(principal.user.id));
  const rate = takeRateToken(principal.keyId, plan);
  if (!rate.ok) {
    await logRateLimited({ userId: principal.user.id, keyId: principal.keyId, tool, transport: 'mcp' });
    throw new RateLimitedError(rate.retryAfterMs);
  }
  if (countQuota) await consumeQuota({ userId: principal.user.id, keyId: principal.keyId, tool, transport: 'mcp', plan });
}

/**
 * Registers one tool: the SDK checks the arguments against `input` (a bad argument comes back as a tool error naming
 * the field, without taking quota), then the role, then one unit of quota, then the handler.
 */
export function registerTool<I extends z.ZodObject, O extends z.ZodObject>(server: McpServer, caller: PrincipalSource, spec: ToolSpec<I, O>): void {
  const handler = async (args: z.output<I>, extra: { signal: AbortSignal }): Promise<CallToolResult> => {
    try {
      const principal = await caller();
      if (rank[principal.role] < rank[spec.role]) return toolError(`${spec.name} needs the ${spec.role} role; this API key has ${principal.role}`);
      await meter(principal, spec.quota, !spec.meteredByRun);
      const out = await spec.run(args, { principal, signal: extra.signal });
      return { content: [{ type: 'text', text: out.text }], structuredContent: out.data as Record<string, unknown> };
    } catch (err) {
      return errorResult(spec.name, err);
    }
  };
  server.registerTool(
    spec.name,
    { title: spec.title, description: spec.description, inputSchema: spec.input, outputSchema: spec.output, ...(spec.annotations ? { annotations: spec.annotations } : {}) },
    // The SDK's callback type is computed from its own zod-compat generics; ours is the same function over zod v4.
    handler as never,
  );
}
