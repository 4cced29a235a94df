import { clearApiKey, getApiKey } from './apiKey';
import type { Problem } from './graphTypes';
import type {
  ApiErrorBody,
  ApiIssue,
  Health,
  RunDetail,
  RunsPage,
  StartImportRequest,
  StartImportResponse,
  Upload,
  WhoAmI,
} from './types';

const REJECTED_KEY_NOTICE = 'Your API key was rejected. Sign in again.';

export class ApiError extends Error {
  /** HTTP status; 0 when the server could not be reached at all. */
  readonly status: number;
  readonly requestId: string | null;
  readonly issues: ApiIssue[];
  /** Graph validation problems of a rejected save or create. */
  readonly problems: Problem[];

  constructor(status: number, message: string, body?: Partial<ApiErrorBody> | null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.requestId = typeof body?.requestId === 'string' ? body.requestId : null;
    this.issues = Array.isArray(body?.issues) ? body.issues : [];
    this.problems = Array.isArray(body?.problems) ? body.problems : [];
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function toApiError(status: number, statusText: string, payload: unknown): ApiError {
  const body = payload && typeof payload === 'object' ? (payload as Partial<ApiErrorBody>) : null;
  const message =
    typeof body?.message === 'string' && body.message
      ? body.message
      : `${status} ${statusText || 'Request failed'}`.trim();
  return new ApiError(status, message, body);
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  json?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Verify a candidate key instead of the stored one (sign-in). */
  apiKey?: string;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const usingStoredKey = options.apiKey === undefined;
  const key = options.apiKey ?? getApiKey();
  if (!key) throw new ApiError(401, 'Not signed in');

  const headers = new Headers(options.headers);
  headers.set('Accept', 'application/json');
  headers.set('Authorization', `Bearer ${key}`);
  let body: string | undefined;
  if (options.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(options.json);
  }

  let response: Response;
  try {
    response = await fetch(path, { method: options.method ?? 'GET', headers, body, signal: options.signal });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(0, 'Cannot reach the Lurus Flow API server');
  }

  const payload = parseJson(await response.text());
  if (!response.ok) {
    if (response.status === 401 && usingStoredKey) clearApiKey(REJECTED_KEY_NOTICE);
    throw toApiError(response.status, response.statusText, payload);
  }
  return payload as T;
}

/** Health is public and answers 503 with a full body when degraded. */
export async function getHealth(signal?: AbortSignal): Promise<Health> {
  let response: Response;
  try {
    response = await fetch('/api/health', { headers: { Accept: 'application/json' }, signal });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(0, 'Cannot reach the Lurus Flow API server');
  }
  const payload = parseJson(await response.text());
  const looksLikeHealth =
    !!payload && typeof payload === 'object' && 'status' in payload && 'temporal' in payload;
  if ((response.ok || response.status === 503) && looksLikeHealth) return payload as Health;
  throw toApiError(response.status, response.statusText, payload);
}

export function whoami(options: { apiKey?: string; signal?: AbortSignal } = {}): Promise<WhoAmI> {
  return request<WhoAmI>('/api/auth/whoami', options);
}

export function listRuns(
  params: { pageSize: number; nextPageToken?: string | null },
  signal?: AbortSignal,
): Promise<RunsPage> {
  const query = new URLSearchParams({ pageSize: String(params.pageSize) });
  if (params.nextPageToken) query.set('nextPageToken', params.nextPageToken);
  return request<RunsPage>(`/api/runs?${query}`, { signal });
}

export function getRun(workflowId: string, signal?: AbortSignal): Promise<RunDetail> {
  return request<RunDetail>(`/api/runs/${encodeURIComponent(workflowId)}`, { signal });
}

export function startImport(body: StartImportRequest, idempotencyKey?: string): Promise<StartImportResponse> {
  return request<StartImportResponse>('/api/imports', {
    method: 'POST',
    json: body,
    headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined,
  });
}

/**
 * Uses XMLHttpRequest rather than fetch because fetch still has no upload
 * progress events.
 */
export function uploadFile(
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<Upload> {
  return new Promise<Upload>((resolve, reject) => {
    const key = getApiKey();
    if (!key) {
      reject(new ApiError(401, 'Not signed in'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/uploads');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Authorization', `Bearer ${key}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const payload = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(payload as Upload);
        return;
      }
      if (xhr.status === 401) clearApiKey(REJECTED_KEY_NOTICE);
      reject(toApiError(xhr.status, xhr.statusText, payload));
    };
    xhr.onerror = () => reject(new ApiError(0, 'Upload failed: cannot reach the Lurus Flow API server'));
    xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });

    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
