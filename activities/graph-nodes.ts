import { ApplicationFailure, CancelledFailure, Context, log } from '@temporalio/activity';
import type { z } from 'zod';
import { httpRequest as httpRequestNode } from '../core/catalog/nodes/http-request';
import { log as logNode } from '../core/catalog/nodes/log';
import { db } from '../core/db';
import { checkedParams } from './checked-params';
import { runtimesFor, type NodeRuntime } from '../core/catalog';
import { graphSchema, type Graph } from '../core/graph/model';
import { GraphFailureTypes } from '../core/graph/run-state';

export type HttpRequestParams = z.output<typeof httpRequestNode.params>;
export type HttpResponse = { status: number; headers: Record<string, string>; body: unknown };

/** Retry-After is either seconds or an HTTP date; Temporal waits that long before the next attempt. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function requestBody(p: HttpRequestParams, headers: Headers): string | undefined {
  if (p.body === undefined || p.method === 'GET' || p.method === 'HEAD') return undefined;
  if (typeof p.body === 'string') return p.body;
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return JSON.stringify(p.body);
}

/**
 * Calls a URL. 5xx and 429 are worth retrying (with the server's Retry-After), other 4xx are the caller's mistake
 * and fail at once; a timeout of one attempt is retried like a 5xx.
 */
export async function httpRequest(raw: HttpRequestParams): Promise<HttpResponse> {
  const p = checkedParams(httpRequestNode.params, raw);
  const ctx = Context.current();
  const url = new URL(p.url);
  for (const [k, v] of Object.entries(p.query)) url.searchParams.append(k, v);
  const headers = new Headers(p.headers);
  const body = requestBody(p, headers);
  const what = `${p.method} ${url.origin}${url.pathname}`;

  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { method: p.method, headers, body, signal: AbortSignal.any([AbortSignal.timeout(p.timeoutMs), ctx.cancellationSignal]) });
    text = await res.text();
  } catch (err) {
    if (ctx.cancellationSignal.aborted) throw new CancelledFailure(`${what} cancelled`);
    if ((err as Error).name === 'TimeoutError') throw ApplicationFailure.create({ type: 'HttpRetryable', message: `${what}: no answer within ${p.timeoutMs} ms` });
    throw ApplicationFailure.create({ type: 'HttpRetryable', message: `${what}: ${(err as Error).message}`, cause: err as Error });
  }

  const status = res.status;
  if (status >= 500 || status === 429) {
    throw ApplicationFailure.create({
      type: 'HttpRetryable',
      message: `${what} answered ${status}`,
      nextRetryDelay: retryAfterMs(res.headers.get('retry-after')),
      details: [{ status, body: text.slice(0, 2000) }],
    });
  }
  if (status >= 400) {
    throw ApplicationFailure.create({
      type: 'HttpClientError',
      message: `${what} answered ${status}`,
      nonRetryable: true,
      details: [{ status, body: text.slice(0, 2000) }],
    });
  }

  let parsed: unknown = text;
  if (p.responseType === 'json') {
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      throw ApplicationFailure.create({ type: 'HttpInvalidJson', message: `${what} answered ${status} with a body that is not JSON`, nonRetryable: true, details: [{ status, body: text.slice(0, 2000) }] });
    }
  }
  return { status, headers: Object.fromEntries(res.headers), body: parsed };
}

export type LogParams = z.output<typeof logNode.params>;

/** Writes to the worker log, which tags it with the run, the activity (= node) id and the attempt. */
export async function logMessage(raw: LogParams): Promise<{ message: string; level: string }> {
  const { message, level } = checkedParams(logNode.params, raw);
  log[level](message, { node: Context.current().info.activityId });
  return { message, level };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function graphNotFound(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: GraphFailureTypes.graphNotFound, message, nonRetryable: true });
}

/** A saved graph version (default: the current one) for sub-graph and for-each nodes. */
export async function loadGraphVersion({ graphId, version }: { graphId: string; version?: number }): Promise<{ version: number; graph: Graph; types: Record<string, NodeRuntime> }> {
  if (!UUID.test(graphId)) throw graphNotFound(`graph ${graphId} not found`);
  const g = await db().graph.findFirst({ where: { id: graphId, deletedAt: null } });
  if (!g) throw graphNotFound(`graph ${graphId} not found`);
  const number = version ?? g.currentVersion;
  const v = await db().graphVersion.findUnique({ where: { graphId_number: { graphId, number } } });
  if (!v) throw graphNotFound(`graph ${graphId} has no version ${number}`);
  const parsed = graphSchema.safeParse(v.content);
  if (!parsed.success) {
    throw ApplicationFailure.create({ type: GraphFailureTypes.invalidGraph, message: `graph ${graphId} v${number} is not a valid graph: ${parsed.error.message}`, nonRetryable: true });
  }
  return { version: number, graph: parsed.data, types: runtimesFor(parsed.data.nodes) };
}
