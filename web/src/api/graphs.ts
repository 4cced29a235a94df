import { getApiKey } from './apiKey';
import { request } from './client';
import type {
  Catalog,
  Graph,
  GraphDetail,
  GraphDiff,
  GraphRunDetail,
  GraphRunStarted,
  GraphSummary,
  GraphVersion,
  GraphVersionSummary,
  Template,
  ValidationResult,
} from './graphTypes';
import type { RunSummary } from './types';

const graphPath = (id: string) => `/api/graphs/${encodeURIComponent(id)}`;
const runPath = (workflowId: string) => `/api/runs/${encodeURIComponent(workflowId)}`;

export function getCatalog(signal?: AbortSignal): Promise<Catalog> {
  return request<Catalog>('/api/catalog', { signal });
}

export function listGraphs(signal?: AbortSignal): Promise<{ graphs: GraphSummary[] }> {
  return request('/api/graphs', { signal });
}

export function createGraph(body: { name: string; description?: string; graph: Graph }): Promise<GraphDetail> {
  return request<GraphDetail>('/api/graphs', { method: 'POST', json: body });
}

export function getGraph(id: string, signal?: AbortSignal): Promise<GraphDetail> {
  return request<GraphDetail>(graphPath(id), { signal });
}

export function saveGraph(
  id: string,
  body: { name?: string; description?: string; graph: Graph; message?: string },
): Promise<GraphDetail> {
  return request<GraphDetail>(graphPath(id), { method: 'PUT', json: body });
}

export function deleteGraph(id: string): Promise<void> {
  return request<void>(graphPath(id), { method: 'DELETE' });
}

export function validateGraph(graph: Graph, signal?: AbortSignal): Promise<ValidationResult> {
  return request<ValidationResult>('/api/graphs/validate', { method: 'POST', json: { graph }, signal });
}

export function listVersions(id: string, signal?: AbortSignal): Promise<{ versions: GraphVersionSummary[] }> {
  return request(`${graphPath(id)}/versions`, { signal });
}

export function getVersion(id: string, number: number, signal?: AbortSignal): Promise<GraphVersion> {
  return request<GraphVersion>(`${graphPath(id)}/versions/${number}`, { signal });
}

export function restoreVersion(id: string, number: number): Promise<GraphDetail> {
  return request<GraphDetail>(`${graphPath(id)}/versions/${number}/restore`, { method: 'POST' });
}

export function diffVersions(id: string, from: number, to: number, signal?: AbortSignal): Promise<GraphDiff> {
  const query = new URLSearchParams({ from: String(from), to: String(to) });
  return request<GraphDiff>(`${graphPath(id)}/diff?${query}`, { signal });
}

export function startGraphRun(
  id: string,
  body: { input: Record<string, unknown>; version?: number },
  idempotencyKey?: string,
): Promise<GraphRunStarted> {
  return request<GraphRunStarted>(`${graphPath(id)}/runs`, {
    method: 'POST',
    json: body,
    headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined,
  });
}

/** Runs of one graph, newest first (Temporal visibility). */
export function listGraphRuns(
  id: string,
  signal?: AbortSignal,
  options: { pageSize?: number } = {},
): Promise<{ runs: RunSummary[]; nextPageToken: string | null }> {
  const query = options.pageSize ? `?${new URLSearchParams({ pageSize: String(options.pageSize) })}` : '';
  return request(`${graphPath(id)}/runs${query}`, { signal });
}

export function getGraphRun(workflowId: string, signal?: AbortSignal): Promise<GraphRunDetail> {
  return request<GraphRunDetail>(runPath(workflowId), { signal });
}

export function cancelRun(workflowId: string): Promise<unknown> {
  return request(`${runPath(workflowId)}/cancel`, { method: 'POST' });
}

export function decideApproval(
  workflowId: string,
  nodeId: string,
  decision: { approved: boolean; comment?: string },
): Promise<unknown> {
  return request(`${runPath(workflowId)}/approvals/${encodeURIComponent(nodeId)}`, { method: 'POST', json: decision });
}

/** EventSource cannot send headers, so this one route takes the key in the query string. */
export function runEventsUrl(workflowId: string): string | null {
  const key = getApiKey();
  return key ? `${runPath(workflowId)}/events?key=${encodeURIComponent(key)}` : null;
}

export function listTemplates(signal?: AbortSignal): Promise<{ templates: Template[] }> {
  return request('/api/templates', { signal });
}

export function instantiateTemplate(id: string, name?: string): Promise<GraphDetail> {
  return request<GraphDetail>(`/api/templates/${encodeURIComponent(id)}/instantiate`, {
    method: 'POST',
    json: name ? { name } : {},
  });
}
