import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local server speaking the OpenAI Chat Completions protocol closely enough for the official `openai` client:
 * the request checks OpenAI makes (model, messages, response_format, strict schemas, the word "json" for json_object),
 * its response and error envelopes, `retry-after` on 429, streaming as SSE. What the model answers is scripted by the
 * test, one reply per call, so a test can play a model that answers badly and read exactly what it was sent back.
 */

export type ScriptedReply =
  /** An assistant message; `finishReason: 'length'` plays a model cut off at its token limit. */
  | { content: string; finishReason?: 'stop' | 'length' | 'content_filter'; delayMs?: number }
  /** Convenience: the assistant message is this value as JSON. */
  | { json: unknown; delayMs?: number }
  /** The model declines (structured-output refusal): `content` null, `message.refusal` set. */
  | { refusal: string }
  /** An HTTP error in OpenAI's envelope. */
  | {
      error: { status: number; message: string; type?: string; code?: string | null; param?: string | null };
      headers?: Record<string, string>;
    };

export interface ReceivedRequest {
  method: string;
  path: string;
  /** The Authorization header as sent (tests check which key the client used). */
  authorization: string | undefined;
  body: any;
  /** The client closed the connection before the reply was complete (a cancelled or timed-out call). */
  clientAborted: boolean;
}

export interface OpenAiServerOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>`; others get OpenAI's 401. */
  apiKey?: string;
  /** Response formats the "provider" accepts; a json_schema request to one that lacks it gets the 400 such providers send. */
  responseFormats?: Array<'json_schema' | 'json_object' | 'text'>;
  models?: string[];
  /**
   * Put the full offending key in the 401 message. OpenAI masks it; some compatible providers do not, so callers
   * must not trust provider error text to be free of the key.
   */
  echoKeyInAuthErrors?: boolean;
}

export interface OpenAiServer {
  /** Base URL including `/v1`, as the `openai` client's `baseURL` expects. */
  url: string;
  requests: ReceivedRequest[];
  /** Chat completion requests only, in arrival order. */
  chatRequests(): ReceivedRequest[];
  /** Queue replies for the next chat completion calls, in order. */
  enqueue(...replies: ScriptedReply[]): void;
  /** Replies queued but not yet served. */
  pending(): number;
  reset(): void;
  close(): Promise<void>;
}

/** A 429 as OpenAI sends it, with the wait the client should honour. */
export function rateLimited(retryAfterSeconds = 0): ScriptedReply {
  return {
    error: { status: 429, message: 'Rate limit reached for requests. Please try again shortly.', type: 'requests', code: 'rate_limit_exceeded' },
    headers: { 'retry-after': String(retryAfterSeconds) },
  };
}

export function serverError(message = 'The server had an error while processing your request. Sorry about that!'): ScriptedReply {
  return { error: { status: 500, message, type: 'server_error' } };
}

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly type = 'invalid_request_error',
  ) {
    super(message);
  }
}

function approxTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p && typeof p === 'object' && 'text' in p ? String(p.text) : '')).join('');
  return '';
}

/** OpenAI's strict-mode rules: every object closed and every property required, recursively. */
function strictSchemaProblem(schema: unknown, context: string[] = []): string | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  const s = schema as Record<string, any>;
  const where = `context=(${context.join(', ')})`;
  if (s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object'))) {
    if (s.additionalProperties !== false) return `In ${where}, 'additionalProperties' is required to be supplied and to be false.`;
    const keys = Object.keys(s.properties ?? {});
    const required: string[] = Array.isArray(s.required) ? s.required : [];
    const missing = keys.find((k) => !required.includes(k));
    if (missing !== undefined) {
      return `In ${where}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing}'.`;
    }
  }
  for (const [key, child] of Object.entries(s.properties ?? {})) {
    const p = strictSchemaProblem(child, [...context, 'properties', key]);
    if (p) return p;
  }
  for (const key of ['items', 'additionalProperties'] as const) {
    const p = typeof s[key] === 'object' ? strictSchemaProblem(s[key], [...context, key]) : undefined;
    if (p) return p;
  }
  for (const key of ['anyOf', 'allOf'] as const) {
    for (const [i, child] of (Array.isArray(s[key]) ? s[key] : []).entries()) {
      const p = strictSchemaProblem(child, [...context, key, String(i)]);
      if (p) return p;
    }
  }
  for (const group of ['$defs', 'definitions'] as const) {
    for (const [name, child] of Object.entries(s[group] ?? {})) {
      const p = strictSchemaProblem(child, [...context, group, name]);
      if (p) return p;
    }
  }
  return undefined;
}

function checkChatRequest(body: any, o: Required<Pick<OpenAiServerOptions, 'responseFormats' | 'models'>>): void {
  if (!body || typeof body !== 'object') throw new RequestError(400, 'We could not parse the JSON body of your request.');
  if (typeof body.model !== 'string' || !body.model) throw new RequestError(400, "you must provide a model parameter", 'model');
  if (!o.models.includes(body.model)) {
    throw new RequestError(404, `The model \`${body.model}\` does not exist or you do not have access to it.`, null, 'model_not_found');
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw new RequestError(400, "Invalid 'messages': empty array. Expected an array with minimum length 1.", 'messages', 'empty_array');
  }
  for (const [i, m] of body.messages.entries()) {
    if (!['system', 'developer', 'user', 'assistant', 'tool'].includes(m?.role)) {
      throw new RequestError(400, `Invalid value for 'messages[${i}].role'.`, `messages[${i}].role`, 'invalid_value');
    }
  }
  const rf = body.response_format;
  if (rf === undefined) return;
  if (!['json_schema', 'json_object', 'text'].includes(rf?.type)) {
    throw new RequestError(400, "Invalid value for 'response_format.type'.", 'response_format.type', 'invalid_value');
  }
  if (!o.responseFormats.includes(rf.type)) {
    throw new RequestError(400, `Invalid parameter: 'response_format' of type '${rf.type}' is not supported with this model.`, 'response_format');
  }
  if (rf.type === 'json_schema') {
    const js = rf.json_schema;
    if (!js || typeof js.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(js.name)) {
      throw new RequestError(400, "Invalid 'response_format.json_schema.name': string does not match pattern '^[a-zA-Z0-9_-]+$'.", 'response_format.json_schema.name');
    }
    if (js.strict === true) {
      const problem = strictSchemaProblem(js.schema);
      if (problem) throw new RequestError(400, `Invalid schema for response_format '${js.name}': ${problem}`, 'response_format', 'invalid_json_schema');
    }
  }
  if (rf.type === 'json_object' && !body.messages.some((m: any) => /json/i.test(messageText(m.content)))) {
    throw new RequestError(400, "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", 'messages');
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${randomUUID().replaceAll('-', '')}`, ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, e: { status: number; message: string; type?: string; code?: string | null; param?: string | null }, headers: Record<string, string> = {}): void {
  sendJson(res, e.status, { error: { message: e.message, type: e.type ?? 'invalid_request_error', param: e.param ?? null, code: e.code ?? null } }, headers);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startOpenAiServer(options: OpenAiServerOptions = {}): Promise<OpenAiServer> {
  const responseFormats = options.responseFormats ?? ['json_schema', 'json_object', 'text'];
  const models = options.models ?? ['gpt-4o-mini', 'gpt-4o'];
  const queue: ScriptedReply[] = [];
  const requests: ReceivedRequest[] = [];

  const server = createServer((req, res) => {
    void handle(req, res).catch((err) => {
      if (!res.headersSent) sendError(res, { status: 500, message: `openai-server: ${(err as Error).message}`, type: 'server_error' });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const raw = await readBody(req);
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    const authorization = req.headers.authorization;
    const record: ReceivedRequest = { method: req.method ?? 'GET', path: url.pathname, authorization, body, clientAborted: false };
    requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) record.clientAborted = true;
    });

    if (options.apiKey !== undefined && authorization !== `Bearer ${options.apiKey}`) {
      const given = authorization?.replace(/^Bearer\s+/i, '') ?? '';
      const shown = options.echoKeyInAuthErrors ? given : `${given.slice(0, 3)}${'*'.repeat(Math.max(0, given.length - 7))}${given.slice(-4)}`;
      return sendError(res, {
        status: 401,
        message: given ? `Incorrect API key provided: ${shown}. You can find your API key at https://platform.openai.com/account/api-keys.` : "You didn't provide an API key.",
        code: given ? 'invalid_api_key' : null,
      });
    }

    if (req.method === 'GET' && url.pathname === '/v1/models') {
      return sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'system' })) });
    }
    const modelMatch = /^\/v1\/models\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && modelMatch) {
      const id = decodeURIComponent(modelMatch[1]!);
      if (!models.includes(id)) return sendError(res, { status: 404, message: `The model '${id}' does not exist`, code: 'model_not_found', param: 'model' });
      return sendJson(res, 200, { id, object: 'model', created: 1_700_000_000, owned_by: 'system' });
    }
    if (url.pathname !== '/v1/chat/completions') {
      return sendError(res, { status: 404, message: `Invalid URL (${req.method} ${url.pathname})` });
    }
    if (req.method !== 'POST') return sendError(res, { status: 405, message: `Invalid method for URL (${req.method} ${url.pathname})` });

    try {
      checkChatRequest(body, { responseFormats, models });
    } catch (err) {
      if (err instanceof RequestError) return sendError(res, err);
      throw err;
    }

    const reply = queue.shift();
    if (!reply) {
      // x-should-retry: false so the client fails at once instead of retrying into the same empty queue.
      return sendError(res, { status: 500, message: `openai-server: no scripted reply left for chat request #${requests.length}`, type: 'server_error' }, { 'x-should-retry': 'false' });
    }
    if ('error' in reply) return sendError(res, reply.error, reply.headers);
    if ('delayMs' in reply && reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (record.clientAborted) return;

    const content = 'refusal' in reply ? null : 'json' in reply ? JSON.stringify(reply.json) : reply.content;
    const refusal = 'refusal' in reply ? reply.refusal : null;
    const finishReason = 'content' in reply ? (reply.finishReason ?? 'stop') : 'stop';
    const id = `chatcmpl-${randomUUID().replaceAll('-', '').slice(0, 24)}`;
    const created = Math.floor(Date.now() / 1000);
    const promptTokens = approxTokens(body.messages.map((m: any) => messageText(m.content)).join('\n'));
    const completionTokens = approxTokens(content ?? refusal ?? '');
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };

    if (body.stream === true) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}) =>
        res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, system_fingerprint: 'fp_local', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra })}\n\n`);
      chunk({ role: 'assistant', content: '', refusal: null }, null);
      const text = content ?? refusal ?? '';
      const field = content === null ? 'refusal' : 'content';
      for (let i = 0; i < text.length; i += 16) chunk({ [field]: text.slice(i, i + 16) }, null);
      chunk({}, finishReason);
      if (body.stream_options?.include_usage) {
        res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [], usage })}\n\n`);
      }
      res.end('data: [DONE]\n\n');
      return;
    }

    sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model: body.model,
      system_fingerprint: 'fp_local',
      choices: [{ index: 0, message: { role: 'assistant', content, refusal, annotations: [] }, logprobs: null, finish_reason: finishReason }],
      usage,
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.path === '/v1/chat/completions'),
    enqueue: (...replies) => void queue.push(...replies),
    pending: () => queue.length,
    reset() {
      queue.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
