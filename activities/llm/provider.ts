import { ApplicationFailure } from '@temporalio/common';
import OpenAI from 'openai';
import { config, type Config } from '../../core/config';

/**
 * Where LLM calls go. Built from config inside the activity, so the key never travels through workflow input or
 * history.
 *
 * Retries: one HTTP call is retried by the `openai` client itself (LLM_MAX_RETRIES, on 408/409/429/5xx and
 * connection errors, honouring `retry-after`). Every failure that reaches our code is then thrown as a non-retryable
 * ApplicationFailure, so a Temporal retry policy cannot multiply the client's attempts; Temporal still re-runs the
 * activity when a worker dies mid-call.
 */
export interface LlmProvider {
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
}

export const LlmFailureTypes = {
  notConfigured: 'LlmNotConfigured',
  authFailed: 'LlmAuthFailed',
  unavailable: 'LlmUnavailable',
  requestRejected: 'LlmRequestRejected',
  refused: 'LlmRefused',
  invalidOutput: 'LlmInvalidOutput',
  badInput: 'LlmBadInput',
} as const;

const openAiBaseUrl = 'https://api.openai.com/v1';
// The openai client refuses to start without a key; key-less local servers ignore whatever is sent.
const keylessPlaceholder = 'no-key';

/** The configured provider, or null when neither LLM_BASE_URL nor LLM_API_KEY is set. */
export function llmProviderFromConfig(c: Config = config()): LlmProvider | null {
  if (!c.LLM_BASE_URL && !c.LLM_API_KEY) return null;
  return {
    baseUrl: (c.LLM_BASE_URL ?? openAiBaseUrl).replace(/\/$/, ''),
    apiKey: c.LLM_API_KEY ?? keylessPlaceholder,
    model: c.LLM_MODEL,
    timeoutMs: c.LLM_TIMEOUT_MS,
    maxRetries: c.LLM_MAX_RETRIES,
  };
}

export function createLlmClient(p: LlmProvider): OpenAI {
  return new OpenAI({
    baseURL: p.baseUrl,
    apiKey: p.apiKey,
    // Explicit nulls stop the client from picking up OPENAI_ORG_ID / OPENAI_PROJECT_ID from the environment.
    organization: null,
    project: null,
    timeout: p.timeoutMs,
    maxRetries: p.maxRetries,
  });
}

export function providerHost(p: LlmProvider): string {
  return new URL(p.baseUrl).host;
}

/**
 * Removes the key from text that came from elsewhere (provider error messages, model output) before it is stored
 * in a transcript or thrown: some providers quote the key they rejected.
 */
export function redactSecret(text: string, p: LlmProvider): string {
  if (p.apiKey.length < 4 || p.apiKey === keylessPlaceholder) return text;
  return text.split(p.apiKey).join('[redacted]');
}

/** Maps a failed call (after the client's own retries) to a non-retryable failure that names what to check. */
export function llmCallFailure(err: unknown, p: LlmProvider, model: string): ApplicationFailure {
  const host = providerHost(p);
  const fail = (type: string, message: string) => ApplicationFailure.create({ type, message: redactSecret(message, p), nonRetryable: true });
  if (err instanceof OpenAI.APIConnectionTimeoutError) {
    return fail(LlmFailureTypes.unavailable, `LLM provider ${host} did not answer within LLM_TIMEOUT_MS=${p.timeoutMs} ms (after ${p.maxRetries} client retries)`);
  }
  if (err instanceof OpenAI.APIConnectionError) {
    return fail(LlmFailureTypes.unavailable, `LLM provider ${host} unreachable after ${p.maxRetries} client retries: ${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}`);
  }
  if (err instanceof OpenAI.AuthenticationError || err instanceof OpenAI.PermissionDeniedError) {
    return fail(LlmFailureTypes.authFailed, `LLM provider ${host} rejected the credentials (HTTP ${err.status}): ${err.message}. Check LLM_API_KEY.`);
  }
  if (err instanceof OpenAI.RateLimitError || err instanceof OpenAI.InternalServerError) {
    return fail(LlmFailureTypes.unavailable, `LLM provider ${host} still failing after ${p.maxRetries} client retries (HTTP ${err.status}): ${err.message}`);
  }
  if (err instanceof OpenAI.NotFoundError) {
    return fail(LlmFailureTypes.requestRejected, `LLM provider ${host} answered 404 for model '${model}': ${err.message}. Check LLM_MODEL and LLM_BASE_URL (it usually ends in /v1).`);
  }
  if (err instanceof OpenAI.APIError) {
    return fail(LlmFailureTypes.requestRejected, `LLM provider ${host} rejected the request (HTTP ${err.status ?? '?'}): ${err.message}`);
  }
  return fail(LlmFailureTypes.unavailable, `LLM call to ${host} failed: ${err instanceof Error ? err.message : String(err)}`);
}
