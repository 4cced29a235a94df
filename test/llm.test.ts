import { CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../core/config';
import { LlmFailureTypes, llmProviderFromConfig, type LlmProvider } from '../activities/llm/provider';
import { generateStrategySpec } from '../activities/llm/strategy';
import { generateStructured, type Validation } from '../activities/llm/structured';
import { rateLimited, serverError, startOpenAiServer, type OpenAiServer } from './servers/openai-server';

const apiKey = 'sk-test-SECRET-7f3a9c2e5b1d4086';

// A schema of the shape strategy specs have: enums, nested arrays, numeric bounds, a cross-field rule.
const orderSchema = z.object({
  symbol: z.string().min(1),
  side: z.enum(['buy', 'sell']),
  legs: z.array(z.object({ qty: z.number().int().positive(), limit: z.number().positive() })).min(1),
});
type Order = z.infer<typeof orderSchema>;
const validOrder: Order = { symbol: '600519.SH', side: 'buy', legs: [{ qty: 100, limit: 1650.5 }] };

function ask(extra: Partial<Parameters<typeof generateStructured<typeof orderSchema>>[0]> = {}) {
  return {
    schema: orderSchema,
    schemaName: 'order',
    system: 'You turn trade requests into orders.',
    prompt: 'Buy 100 Moutai at most 1650.5',
    ...extra,
  };
}

/** Runs `fn`, expecting it to throw; returns the error so its message and type can be checked. */
async function failure(fn: () => Promise<unknown>): Promise<Error & { type?: string; nonRetryable?: boolean; details?: unknown[] }> {
  try {
    await fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure, got a value');
}

function lastUserTurn(server: OpenAiServer, call: number): string {
  const messages = server.chatRequests()[call]!.body.messages as Array<{ role: string; content: string }>;
  return messages.filter((m) => m.role === 'user').at(-1)!.content;
}

describe('local OpenAI server', () => {
  let server: OpenAiServer;
  beforeAll(async () => {
    server = await startOpenAiServer({ apiKey });
  });
  afterAll(() => server.close());

  it('serves the official client: models, completion shape, streaming', async () => {
    const client = new OpenAI({ baseURL: server.url, apiKey, maxRetries: 0 });
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain('gpt-4o-mini');

    server.enqueue({ json: { ok: true } });
    const c = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'say ok as json' }], response_format: { type: 'json_object' } });
    expect(c).toMatchObject({ object: 'chat.completion', model: 'gpt-4o-mini', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: '{"ok":true}', refusal: null } }] });
    expect(c.id).toMatch(/^chatcmpl-/);
    expect(c.usage?.total_tokens).toBeGreaterThan(0);

    const text = 'a streamed answer longer than one sixteen-character chunk';
    server.enqueue({ content: text });
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'stream' }], stream: true });
    let got = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      got += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(got).toBe(text);
    expect(finish).toBe('stop');
  });

  it('rejects what OpenAI rejects: non-strict schema marked strict, json_object without "json", unknown model', async () => {
    const client = new OpenAI({ baseURL: server.url, apiKey, maxRetries: 0 });
    const loose = { type: 'object', properties: { a: { type: 'string' } } };
    const e1 = await failure(() =>
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_schema', json_schema: { name: 'x', strict: true, schema: loose } } }),
    );
    expect(e1).toBeInstanceOf(OpenAI.BadRequestError);
    expect(e1.message).toMatch(/additionalProperties/);
    const e2 = await failure(() => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_object' } }));
    expect(e2.message).toMatch(/must contain the word 'json'/);
    const e3 = await failure(() => client.chat.completions.create({ model: 'gpt-9', messages: [{ role: 'user', content: 'x' }] }));
    expect(e3).toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe('generateStructured', () => {
  let server: OpenAiServer;
  let provider: LlmProvider;
  beforeAll(async () => {
    server = await startOpenAiServer({ apiKey, echoKeyInAuthErrors: true });
    // Through the real config parser, as the activity reads it.
    provider = llmProviderFromConfig(loadConfig({ LLM_BASE_URL: server.url, LLM_API_KEY: apiKey, LLM_MODEL: 'gpt-4o-mini', LLM_MAX_RETRIES: '2' }))!;
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  it('returns a valid first answer, sent as a strict json_schema with the configured key and model', async () => {
    server.enqueue({ json: validOrder });
    const r = await generateStructured(ask(), provider);
    expect(r.value).toEqual(validOrder);
    expect(r.attempts).toBe(1);
    expect(r.provider).toEqual({ host: new URL(server.url).host, model: 'gpt-4o-mini', responseFormat: 'json_schema', strictSchema: true });
    const [req] = server.chatRequests();
    expect(req!.authorization).toBe(`Bearer ${apiKey}`);
    expect(req!.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'order', strict: true, schema: { type: 'object', additionalProperties: false } } });
    expect(req!.body.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
  });

  it('repairs malformed JSON, quoting the parse error back to the model', async () => {
    server.enqueue({ content: '{"symbol": "600519.SH", "side": "buy", legs: [' }, { json: validOrder });
    const r = await generateStructured(ask(), provider);
    expect(r.value).toEqual(validOrder);
    expect(r.attempts).toBe(2);
    const repair = lastUserTurn(server, 1);
    expect(repair).toContain('not valid JSON');
    // The exact JSON.parse message, so the model sees where it went wrong.
    let parseMessage = '';
    try {
      JSON.parse('{"symbol": "600519.SH", "side": "buy", legs: [');
    } catch (e) {
      parseMessage = (e as Error).message;
    }
    expect(repair).toContain(parseMessage);
    // The bad answer is shown as the assistant's previous turn.
    expect(server.chatRequests()[1]!.body.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(r.transcript[0]!.problems[0]!.message).toContain(parseMessage);
    expect(r.transcript[1]!.request.turn).toBe(repair);
  });

  it('repairs a schema violation, naming the field path', async () => {
    server.enqueue({ json: { ...validOrder, legs: [{ qty: 100, limit: 1650.5 }, { qty: -5, limit: 10 }] } }, { json: validOrder });
    const r = await generateStructured(ask(), provider);
    expect(r.value).toEqual(validOrder);
    expect(r.attempts).toBe(2);
    expect(lastUserTurn(server, 1)).toMatch(/`\$\.legs\[1\]\.qty`: Too small/);
    expect(r.transcript[0]!.problems).toEqual([{ path: '$.legs[1].qty', message: expect.stringMatching(/Too small/) }]);
  });

  it('feeds problems of a domain validator into the repair loop', async () => {
    const bigOrder = { ...validOrder, legs: [{ qty: 1_000_000, limit: 1650.5 }] };
    server.enqueue({ json: bigOrder }, { json: validOrder });
    const validate = (data: unknown): Validation<Order> => {
      const parsed = orderSchema.safeParse(data);
      if (!parsed.success) return { ok: false, problems: [{ path: '$', message: parsed.error.message }] };
      const big = parsed.data.legs.findIndex((l) => l.qty > 10_000);
      return big < 0 ? { ok: true, value: parsed.data } : { ok: false, problems: [{ path: `$.legs[${big}].qty`, message: 'at most 10000 shares per leg' }] };
    };
    const r = await generateStructured(ask({ validate }), provider);
    expect(r.value).toEqual(validOrder);
    expect(lastUserTurn(server, 1)).toContain('`$.legs[0].qty`: at most 10000 shares per leg');
  });

  it('gives up after maxRepairs with every attempt listed and no value', async () => {
    server.enqueue({ content: 'Sure! Here is your order.' }, { json: { symbol: '' } }, { content: '{"symbol":"x","side":"hold","legs":[]}' });
    const err = await failure(() => generateStructured(ask({ maxRepairs: 2 }), provider));
    expect(err).toMatchObject({ type: LlmFailureTypes.invalidOutput, nonRetryable: true });
    expect(err.message).toMatch(/No valid 'order' .* after 3 attempts \(maxRepairs 2\)/);
    expect(err.message).toMatch(/attempt 1: \(answer\): not valid JSON/);
    expect(err.message).toMatch(/attempt 2: \$\.symbol: Too small.*\$\.side: Invalid option/);
    expect(err.message).toMatch(/attempt 3: \$\.side: Invalid option.*\$\.legs: Too small/);
    expect(server.chatRequests()).toHaveLength(3);
    expect(server.pending()).toBe(0);
    // The conversation does not grow with repairs: system, prompt, last answer, repair.
    expect(server.chatRequests()[2]!.body.messages).toHaveLength(4);
  });

  it('treats an answer cut off at the token limit as a problem to repair', async () => {
    server.enqueue({ content: '{"symbol":"600519.SH","side":"buy","legs":[{"qty":100,', finishReason: 'length' }, { json: validOrder });
    const r = await generateStructured(ask(), provider);
    expect(r.value).toEqual(validOrder);
    expect(lastUserTurn(server, 1)).toContain("finish_reason 'length'");
  });

  it('stops at a refusal, quoting it', async () => {
    server.enqueue({ refusal: "I'm sorry, I can't help with that." });
    const err = await failure(() => generateStructured(ask(), provider));
    expect(err).toMatchObject({ type: LlmFailureTypes.refused, nonRetryable: true });
    expect(err.message).toContain("I'm sorry, I can't help with that.");
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('lets the openai client retry a 429 (honouring retry-after) and a 500 within one attempt', async () => {
    server.enqueue(rateLimited(0), serverError(), { json: validOrder });
    const r = await generateStructured(ask(), provider);
    expect(r.value).toEqual(validOrder);
    expect(r.attempts).toBe(1);
    expect(server.chatRequests()).toHaveLength(3);
  });

  it('fails non-retryably once the client retries are spent, so Temporal does not multiply them', async () => {
    server.enqueue(rateLimited(0), rateLimited(0), rateLimited(0));
    const err = await failure(() => generateStructured(ask(), provider));
    expect(err).toMatchObject({ type: LlmFailureTypes.unavailable, nonRetryable: true });
    expect(err.message).toMatch(/still failing after 2 client retries \(HTTP 429\)/);
    expect(server.chatRequests()).toHaveLength(3);
  });

  it('fails at once on 401 with a message that names LLM_API_KEY but not the key', async () => {
    const wrong = llmProviderFromConfig(loadConfig({ LLM_BASE_URL: server.url, LLM_API_KEY: 'sk-wrong-KEY-4e8b1f0a9c7d' }))!;
    const err = await failure(() => generateStructured(ask(), wrong));
    expect(err).toMatchObject({ type: LlmFailureTypes.authFailed, nonRetryable: true });
    expect(err.message).toMatch(/rejected the credentials \(HTTP 401\).*Check LLM_API_KEY/);
    // The server quoted the key it rejected; it must not reach the error.
    expect(err.message).toContain('[redacted]');
    expect(err.message).not.toContain('sk-wrong-KEY-4e8b1f0a9c7d');
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('falls back to json_object with the schema in the prompt when the provider rejects json_schema', async () => {
    const plain = await startOpenAiServer({ responseFormats: ['json_object', 'text'] });
    try {
      const p = llmProviderFromConfig(loadConfig({ LLM_BASE_URL: plain.url }))!;
      plain.enqueue({ content: '```json\n' + JSON.stringify(validOrder) + '\n```' });
      const r = await generateStructured(ask(), p);
      expect(r.value).toEqual(validOrder);
      expect(r.attempts).toBe(1);
      expect(r.provider.responseFormat).toBe('json_object');
      const [rejected, accepted] = plain.chatRequests();
      expect(rejected!.body.response_format.type).toBe('json_schema');
      expect(accepted!.body.response_format).toEqual({ type: 'json_object' });
      expect(accepted!.body.messages[0].content).toContain('"legs"');
    } finally {
      await plain.close();
    }
  });

  it('sends a schema the strict converter refuses as non-strict, still validating with zod', async () => {
    const withOptional = orderSchema.extend({ note: z.string().optional() });
    server.enqueue({ json: { ...validOrder, legs: [] } }, { json: { ...validOrder, note: 'first lot' } });
    const { schemaName, system, prompt } = ask();
    const r = await generateStructured({ schema: withOptional, schemaName, system, prompt }, provider);
    expect(r.value.note).toBe('first lot');
    expect(r.provider.strictSchema).toBe(false);
    expect(server.chatRequests()[0]!.body.response_format.json_schema.strict).toBe(false);
  });

  it('reports an unknown model and a timeout clearly', async () => {
    const err = await failure(() => generateStructured(ask({ model: 'gpt-9' }), provider));
    expect(err).toMatchObject({ type: LlmFailureTypes.requestRejected });
    expect(err.message).toMatch(/404 for model 'gpt-9'.*LLM_MODEL/);

    const impatient = llmProviderFromConfig(loadConfig({ LLM_BASE_URL: server.url, LLM_API_KEY: apiKey, LLM_TIMEOUT_MS: '200', LLM_MAX_RETRIES: '0' }))!;
    server.enqueue({ json: validOrder, delayMs: 1_000 });
    const slow = await failure(() => generateStructured(ask(), impatient));
    expect(slow).toMatchObject({ type: LlmFailureTypes.unavailable });
    await vi.waitFor(() => expect(server.chatRequests().at(-1)!.clientAborted).toBe(true));
    expect(slow.message).toMatch(/did not answer within LLM_TIMEOUT_MS=200 ms/);
  });

  it('never puts the API key in transcripts, results or errors, even when the model echoes it', async () => {
    server.enqueue({ content: `{"symbol":"${apiKey}"` }, { json: validOrder });
    const r = await generateStructured(ask(), provider);
    expect(JSON.stringify(r)).not.toContain(apiKey);
    expect(r.transcript[0]!.answer).toContain('[redacted]');

    server.enqueue({ content: apiKey }, { content: apiKey }, { content: apiKey });
    const err = await failure(() => generateStructured(ask(), provider));
    expect(err.message).not.toContain(apiKey);
    expect(JSON.stringify(err.details)).not.toContain(apiKey);
  });

  it('inside an activity: heartbeats per attempt, and cancellation aborts the provider call', async () => {
    const env = new MockActivityEnvironment();
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => {
      beats.push(d);
      // Cancel while the provider is still "thinking" about the first attempt.
      setTimeout(() => env.cancel('CANCELLED'), 100);
    });
    server.enqueue({ json: validOrder, delayMs: 30_000 });
    const err = await failure(() => env.run(() => generateStructured(ask(), provider)));
    expect(err).toBeInstanceOf(CancelledFailure);
    expect(beats[0]).toEqual({ phase: 'llm', schema: 'order', attempt: 1 });
    // The HTTP call was aborted rather than waited out, and not retried.
    await vi.waitFor(() => expect(server.chatRequests()[0]!.clientAborted).toBe(true));
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('is not configured when neither LLM_BASE_URL nor LLM_API_KEY is set', async () => {
    expect(llmProviderFromConfig(loadConfig({}))).toBeNull();
    const err = await failure(() => generateStructured(ask(), null));
    expect(err).toMatchObject({ type: LlmFailureTypes.notConfigured, nonRetryable: true });
    expect(err.message).toMatch(/LLM_BASE_URL.*LLM_API_KEY/);
  });
});

describe('generateStrategySpec', () => {
  let server: OpenAiServer;
  let provider: LlmProvider;
  beforeAll(async () => {
    server = await startOpenAiServer({ apiKey });
    provider = llmProviderFromConfig(loadConfig({ LLM_BASE_URL: server.url, LLM_API_KEY: apiKey }))!;
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  // An answer in the LLM variant of the spec (strict-mode shape: nulls, params as a list).
  const answer = (over: Record<string, unknown> = {}) => ({
    name: 'EMA 12/26 cross',
    description: null,
    timeframe: '1h',
    symbols: ['BTC/USDT'],
    indicators: [
      { id: 'fast', indicator: 'ema', params: [{ name: 'period', value: 12 }], source: null },
      { id: 'slow', indicator: 'ema', params: [{ name: 'period', value: 26 }], source: null },
    ],
    long: { entry: { op: 'crossAbove', left: 'fast', right: 'slow' }, exit: { op: 'crossBelow', left: 'fast', right: 'slow' } },
    short: null,
    sizing: { kind: 'percentEquity', percent: 50 },
    stopLoss: { kind: 'atr', multiple: 2, period: 14 },
    takeProfit: null,
    trailingStop: null,
    market: 'crypto',
    fees: null,
    ...over,
  });
  const text = 'On hourly BTC/USDT bars, go long with half the equity when EMA 12 crosses above EMA 26, exit on the cross back, stop at 2 ATR(14).';

  it('asks the model with the strict strategy schema and returns the validated spec', async () => {
    server.enqueue({ json: answer() });
    const r = await generateStrategySpec({ text }, provider);
    expect(r.source).toBe('llm');
    expect(r.attempts).toBe(1);
    expect(r.spec).toMatchObject({
      timeframe: '1h',
      indicators: [
        { id: 'fast', indicator: 'ema', params: { period: 12 } },
        { id: 'slow', indicator: 'ema', params: { period: 26 } },
      ],
      long: { entry: { op: 'crossAbove', left: 'fast', right: 'slow' } },
      sizing: { kind: 'percentEquity', percent: 50 },
      stopLoss: { kind: 'atr', multiple: 2, period: 14 },
      market: 'crypto',
    });
    expect(r.spec).not.toHaveProperty('short');
    expect(r.notes[0]).toMatch(/Written by gpt-4o-mini at 127\.0\.0\.1:\d+ in 1 attempt\./);
    const [req] = server.chatRequests();
    // The local server applies OpenAI's strict-schema rules, so getting here means the schema passed them.
    expect(req!.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'strategy_spec', strict: true } });
    expect(req!.body.messages[0].content).toContain('- ema: Exponential moving average');
    expect(req!.body.messages[1].content).toBe(text);
  });

  it('sends semantic validation errors back for repair: unknown indicator, undeclared reference', async () => {
    const bad = answer({
      indicators: [
        { id: 'fast', indicator: 'emaa', params: [{ name: 'period', value: 12 }], source: null },
        { id: 'slow', indicator: 'ema', params: [{ name: 'period', value: 26 }], source: null },
      ],
      long: { entry: { op: 'crossAbove', left: 'fast', right: 'slowe' }, exit: null },
    });
    server.enqueue({ json: bad }, { json: answer() });
    const r = await generateStrategySpec({ text }, provider);
    expect(r.attempts).toBe(2);
    const repair = lastUserTurn(server, 1);
    expect(repair).toMatch(/`\$\.indicators\[0\]\.indicator`: unknown indicator 'emaa'; did you mean 'ema'/);
    expect(repair).toMatch(/`\$\.long\.entry\.right`: 'slowe' is not a declared indicator id or price field; did you mean 'slow'/);
    expect(r.spec.indicators[0]!.indicator).toBe('ema');
  });

  it('sends structural errors back for repair with their path, explaining the union form the model attempted', async () => {
    const bad = answer({
      sizing: { kind: 'percentEquity', percent: 150 },
      long: { entry: { op: 'crosses', left: 'fast', right: 'slow' }, exit: { op: 'lt', left: { ref: 'close' }, right: 'slow' } },
    });
    server.enqueue({ json: bad }, { json: answer() });
    const r = await generateStrategySpec({ text }, provider);
    expect(r.attempts).toBe(2);
    const repair = lastUserTurn(server, 1);
    expect(repair).toMatch(/`\$\.sizing\.percent`: must be at most 100/);
    expect(repair).toMatch(/`\$\.long\.entry\.op`: Invalid discriminator value.*'crossAbove'/);
    // { ref } without offset: the { ref, offset } operand form, not zod's bare "Invalid input".
    expect(repair).toMatch(/`\$\.long\.exit\.left\.offset`: Invalid input: expected number/);
  });

  it('fails with every attempt listed when the model never gets it right', async () => {
    server.enqueue({ json: answer({ timeframe: '7m' }) }, { json: answer({ timeframe: '7m' }) });
    const err = await failure(() => generateStrategySpec({ text, maxRepairs: 1 }, provider));
    expect(err).toMatchObject({ type: LlmFailureTypes.invalidOutput, nonRetryable: true });
    expect(err.message).toMatch(/No valid 'strategy_spec' .* after 2 attempts/);
    expect(err.message).toMatch(/attempt 2: \$\.timeframe:/);
    expect(err.message).not.toContain(apiKey);
  });

  it('without a provider, reads a known phrasing with the rule-based parser and says so', async () => {
    const r = await generateStrategySpec({ text: 'buy when 5-day MA crosses above 20-day MA, stop loss 5%' }, null);
    expect(r.source).toBe('rules');
    expect(r.attempts).toBe(0);
    expect(r.transcript).toEqual([]);
    expect(r.provider).toBeNull();
    expect(r.spec).toMatchObject({
      indicators: [{ indicator: 'sma', params: { period: 5 } }, { indicator: 'sma', params: { period: 20 } }],
      long: { entry: { op: 'crossAbove' } },
      stopLoss: { kind: 'percent', percent: 5 },
    });
    expect(r.notes[0]).toMatch(/No LLM provider is configured \(LLM_BASE_URL \/ LLM_API_KEY unset\): the rule-based parser read the text/);
    expect(r.notes.some((n) => n.startsWith('recognised: '))).toBe(true);

    const zh = await generateStrategySpec({ text: '5日均线上穿20日均线买入，止损5%' }, null);
    expect(zh.source).toBe('rules');
    expect(zh.spec.long?.entry).toMatchObject({ op: 'crossAbove' });
  });

  it('without a provider, refuses text the parser does not know, naming the config and the phrasings it knows', async () => {
    const err = await failure(() => generateStrategySpec({ text: 'buy when the moon is full and sell at the solstice' }, null));
    expect(err).toMatchObject({ type: LlmFailureTypes.notConfigured, nonRetryable: true });
    expect(err.message).toMatch(/No LLM provider is configured \(set LLM_BASE_URL and\/or LLM_API_KEY\)/);
    expect(err.message).toContain('no buy rule was recognised');
    expect(err.message).toContain('buy when 5-day MA crosses above 20-day MA');
  });

  it('rejects empty text before calling anyone', async () => {
    const err = await failure(() => generateStrategySpec({ text: '   ' }, provider));
    expect(err).toMatchObject({ type: LlmFailureTypes.badInput, nonRetryable: true });
    expect(err.message).toMatch(/^text: /);
    expect(server.chatRequests()).toHaveLength(0);
  });

  it('keeps the API key out of the activity result', async () => {
    server.enqueue({ content: `not json ${apiKey}` }, { json: answer() });
    const r = await generateStrategySpec({ text }, provider);
    expect(JSON.stringify(r)).not.toContain(apiKey);
    expect(server.chatRequests()[0]!.authorization).toBe(`Bearer ${apiKey}`);
  });
});
