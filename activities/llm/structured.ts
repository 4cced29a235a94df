import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { createLlmClient, llmCallFailure, LlmFailureTypes, llmProviderFromConfig, providerHost, redactSecret, type LlmProvider } from './provider';

/** One thing wrong with an answer, as the model will be told it: where (`$.long.entry.conditions[0]`) and what. */
export interface Problem {
  path: string;
  message: string;
}

export interface StructuredInput<S extends z.ZodType, T = z.output<S>> {
  /** What the answer must parse as; also the model-visible JSON Schema unless `jsonSchema` is given. */
  schema: S;
  /** A model-visible schema already shaped for OpenAI strict mode, when the caller keeps one next to `schema`. */
  jsonSchema?: Record<string, unknown>;
  /** Model-visible schema name (`^[a-zA-Z0-9_-]{1,64}$`). */
  schemaName: string;
  system: string;
  prompt: string;
  /** Follow-up turns allowed after the first answer; the call makes at most maxRepairs + 1 attempts. */
  maxRepairs?: number;
  model?: string;
  /**
   * Replaces the plain `schema.safeParse` when the domain validates better: rules zod cannot express (catalog
   * lookups, cross-field checks) or clearer wording. It must return the value it validated; its problems are repaired
   * like schema errors.
   */
  validate?: (data: unknown) => Validation<T>;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export type ResponseFormatKind = 'json_schema' | 'json_object';

export interface TranscriptEntry {
  attempt: number;
  responseFormat: ResponseFormatKind;
  /** What was sent: message count, total characters, and this attempt's user turn (the prompt or the repair). */
  request: { messages: number; chars: number; turn: string };
  answer: string | null;
  finishReason: string | null;
  problems: Problem[];
}

export interface StructuredResult<T> {
  value: T;
  attempts: number;
  transcript: TranscriptEntry[];
  provider: { host: string; model: string; responseFormat: ResponseFormatKind; strictSchema: boolean };
}

// Transcripts end up in workflow history; a runaway answer must not blow its size limit.
const maxStoredChars = 16_000;
const maxProblemsQuoted = 20;
const heartbeatEveryMs = 5_000;

function clip(text: string, max = maxStoredChars): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [${text.length - max} more characters]`;
}

/** `['legs', 1, 'qty']` → `$.legs[1].qty`, the path style engines/strategy reports too. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, k) => out + (typeof k === 'number' ? `[${k}]` : `.${String(k)}`), '$');
}

/**
 * Zod issues as problems a model can act on. A value that fits no branch of a union gets zod's bare "Invalid input";
 * the branches that got past the type check are the forms the model was attempting, so the closest one is reported.
 */
export function zodProblems(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): Problem[] {
  return issues.flatMap((issue) => {
    const at = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const attempted = issue.errors.filter((b) => !(b.length === 1 && b[0]!.code === 'invalid_type' && b[0]!.path.length === 0));
      if (attempted.length > 0) return zodProblems(attempted.reduce((a, b) => (b.length < a.length ? b : a)), at);
    }
    return [{ path: formatPath(at), message: issue.message }];
  });
}

function zodValidation<T>(schema: z.ZodType<T>, data: unknown): Validation<T> {
  const parsed = schema.safeParse(data);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: zodProblems(parsed.error.issues) };
}

interface SchemaFormat {
  jsonSchema: Record<string, unknown>;
  strict: boolean;
}

/**
 * OpenAI's strict mode needs every property required and every object closed; the client's converter produces that
 * or refuses (`.optional()` without `.nullable()`). A schema it refuses is sent non-strict: the provider then only
 * steers the answer, and zod still decides.
 */
function schemaFormat(schema: z.ZodType, name: string): SchemaFormat {
  try {
    const rf = zodResponseFormat(schema, name);
    return { jsonSchema: rf.json_schema.schema as Record<string, unknown>, strict: true };
  } catch {
    return { jsonSchema: z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>, strict: false };
  }
}

/** Accepts a JSON answer wrapped in one markdown code fence, which json_object-mode models often add. */
function unfence(text: string): string {
  const m = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  return m ? m[1]! : text;
}

function judge<S extends z.ZodType, T>(input: StructuredInput<S, T>, content: string | null, finishReason: string | null): { problems: Problem[]; value?: T } {
  if (finishReason === 'length') {
    return { problems: [{ path: '(answer)', message: "the answer was cut off at the output token limit (finish_reason 'length'); give a shorter, complete JSON object" }] };
  }
  if (!content || !content.trim()) return { problems: [{ path: '(answer)', message: 'the answer was empty; expected one JSON object' }] };
  let data: unknown;
  try {
    data = JSON.parse(unfence(content));
  } catch (err) {
    return { problems: [{ path: '(answer)', message: `not valid JSON: ${(err as Error).message}` }] };
  }
  // Without `validate`, T is z.output<S> (the type parameter's default), which is what the schema yields.
  const v = input.validate ? input.validate(data) : (zodValidation(input.schema, data) as Validation<T>);
  return v.ok ? { problems: [], value: v.value } : { problems: v.problems.length ? v.problems : [{ path: '$', message: 'rejected by validation' }] };
}

function repairTurn(problems: Problem[], schemaName: string): string {
  const listed = problems.slice(0, maxProblemsQuoted).map((p) => `- \`${p.path}\`: ${p.message}`);
  if (problems.length > maxProblemsQuoted) listed.push(`- … and ${problems.length - maxProblemsQuoted} more`);
  return [
    'Your previous answer cannot be used. Problems found:',
    ...listed,
    `Answer again with the complete, corrected JSON object for \`${schemaName}\`: JSON only, no prose, no code fences.`,
  ].join('\n');
}

function isResponseFormatRejection(err: unknown): boolean {
  if (!(err instanceof OpenAI.BadRequestError || err instanceof OpenAI.UnprocessableEntityError)) return false;
  return (err.param ?? '').startsWith('response_format') || /response_format|json_schema/i.test(err.message);
}

/**
 * Asks for a JSON answer that satisfies `schema` (or `validate`), feeding every problem back to the model for at most
 * `maxRepairs` more turns. Returns only a validated value; otherwise throws a non-retryable failure listing each
 * attempt's problems. The provider comes from config unless given (tests, tools).
 */
export async function generateStructured<S extends z.ZodType, T = z.output<S>>(
  input: StructuredInput<S, T>,
  provider: LlmProvider | null = llmProviderFromConfig(),
): Promise<StructuredResult<T>> {
  if (!/^[a-zA-Z0-9_-]{1,64}$/.test(input.schemaName)) throw new Error(`schemaName '${input.schemaName}' must match ^[a-zA-Z0-9_-]{1,64}$`);
  const maxRepairs = input.maxRepairs ?? 2;
  if (!Number.isInteger(maxRepairs) || maxRepairs < 0) throw new Error(`maxRepairs must be a non-negative integer, got ${maxRepairs}`);
  if (!provider) {
    throw ApplicationFailure.create({
      type: LlmFailureTypes.notConfigured,
      message: 'No LLM provider configured: set LLM_BASE_URL (any OpenAI-compatible endpoint) and/or LLM_API_KEY',
      nonRetryable: true,
    });
  }
  const client = createLlmClient(provider);
  // Inside an activity: heartbeat while the provider thinks (a heartbeatTimeout then notices a dead worker well before
  // startToClose), and abort the HTTP call when the activity is cancelled or the worker shuts down.
  const ctx = activityContext();
  const beat = ctx ? setInterval(() => ctx.heartbeat({ phase: 'llm', schema: input.schemaName }), heartbeatEveryMs) : undefined;
  try {
    return await converse(input, provider, client, ctx);
  } finally {
    clearInterval(beat);
  }
}

/** The running activity's context; undefined when called outside one (tests, scripts). */
function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

async function converse<S extends z.ZodType, T>(
  input: StructuredInput<S, T>,
  provider: LlmProvider,
  client: OpenAI,
  ctx: Context | undefined,
): Promise<StructuredResult<T>> {
  const signal = ctx?.cancellationSignal;
  const maxRepairs = input.maxRepairs ?? 2;
  const model = input.model ?? provider.model;
  const format: SchemaFormat = input.jsonSchema ? { jsonSchema: input.jsonSchema, strict: true } : schemaFormat(input.schema, input.schemaName);
  let mode: ResponseFormatKind = 'json_schema';
  const transcript: TranscriptEntry[] = [];
  let previous: { answer: string; repair: string } | undefined;

  for (let attempt = 1; attempt <= maxRepairs + 1; attempt++) {
    const system =
      mode === 'json_schema'
        ? input.system
        : `${input.system}\n\nAnswer with one JSON object that conforms to this JSON Schema:\n${JSON.stringify(format.jsonSchema)}`;
    // Only the last answer and its repair are carried, so the conversation stays the same size however many repairs.
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: system },
      { role: 'user', content: input.prompt },
      ...(previous ? ([{ role: 'assistant', content: previous.answer }, { role: 'user', content: previous.repair }] as const) : []),
    ];
    ctx?.heartbeat({ phase: 'llm', schema: input.schemaName, attempt });
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      const responseFormat =
        mode === 'json_schema'
          ? ({ type: 'json_schema', json_schema: { name: input.schemaName, strict: format.strict, schema: format.jsonSchema } } as const)
          : ({ type: 'json_object' } as const);
      completion = await client.chat.completions.create({ model, messages, response_format: responseFormat }, { signal });
    } catch (err) {
      // The cancellation itself (a CancelledFailure), so Temporal records the activity as cancelled, not failed.
      if (signal?.aborted) throw signal.reason;
      if (mode === 'json_schema' && isResponseFormatRejection(err)) {
        // The provider cannot do structured outputs: same attempt again in JSON mode, schema moved into the prompt.
        mode = 'json_object';
        attempt--;
        continue;
      }
      throw llmCallFailure(err, provider, model);
    }

    const choice = completion.choices[0];
    const message = choice?.message;
    if (message?.refusal || choice?.finish_reason === 'content_filter') {
      throw ApplicationFailure.create({
        type: LlmFailureTypes.refused,
        message: redactSecret(
          `The model declined to answer for '${input.schemaName}': ${message?.refusal ?? "the provider's content filter stopped the answer"}`,
          provider,
        ),
        nonRetryable: true,
      });
    }
    const content = message?.content ?? null;
    const finishReason = choice?.finish_reason ?? null;
    const { problems, value } = choice
      ? judge(input, content, finishReason)
      : { problems: [{ path: '(answer)', message: 'the provider returned no choices' }], value: undefined };
    const turn = previous?.repair ?? input.prompt;
    transcript.push({
      attempt,
      responseFormat: mode,
      request: { messages: messages.length, chars: messages.reduce((n, m) => n + String(m.content ?? '').length, 0), turn: redactSecret(clip(turn, 4_000), provider) },
      answer: content === null ? null : redactSecret(clip(content), provider),
      finishReason,
      problems: problems.map((p) => ({ path: p.path, message: redactSecret(p.message, provider) })),
    });
    if (problems.length === 0) {
      return {
        value: value as T,
        attempts: attempt,
        transcript,
        provider: { host: providerHost(provider), model, responseFormat: mode, strictSchema: mode === 'json_schema' && format.strict },
      };
    }
    previous = { answer: content ?? '', repair: repairTurn(problems, input.schemaName) };
  }

  const summary = transcript
    .map((t) => `  attempt ${t.attempt}: ${t.problems.slice(0, 5).map((p) => `${p.path}: ${p.message}`).join('; ')}${t.problems.length > 5 ? `; … ${t.problems.length - 5} more` : ''}`)
    .join('\n');
  throw ApplicationFailure.create({
    type: LlmFailureTypes.invalidOutput,
    message: `No valid '${input.schemaName}' from ${providerHost(provider)} (${model}) after ${transcript.length} attempts (maxRepairs ${maxRepairs}):\n${summary}`,
    nonRetryable: true,
    details: [{ transcript }],
  });
}
