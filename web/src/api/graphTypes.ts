// Graphs, the node catalog, templates and graph runs (/api/graphs, /api/catalog, /api/templates, /api/runs/*).
// The graph JSON mirrors core/graph/model.ts; keep the two in step.

import type { RunSummary } from './types';

/** The subset of JSON Schema the catalog (zod's toJSONSchema) and graph input schemas use. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
  description?: string;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  [keyword: string]: unknown;
}

export type OnError = 'fail' | 'continue' | 'error-branch';
export const ON_ERROR_OPTIONS: readonly OnError[] = ['fail', 'continue', 'error-branch'];

export interface RetryPolicy {
  maximumAttempts?: number;
  initialInterval?: string;
  backoffCoefficient?: number;
  maximumInterval?: string;
  nonRetryableErrorTypes?: string[];
}

export interface ExprValue {
  $expr: string;
}

export interface GraphNode {
  id: string;
  type: string;
  typeVersion: number;
  label?: string;
  params: Record<string, unknown>;
  position: { x: number; y: number };
  retry?: RetryPolicy;
  timeout?: string;
  onError: OnError;
}

export interface GraphEdge {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
}

export interface Graph {
  format: 1;
  inputSchema: JsonSchema;
  outputs: Record<string, string>;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export type NodeKind = 'trigger' | 'activity' | 'workflow' | 'control';

export interface CatalogEntry {
  type: string;
  version: number;
  title: string;
  category: string;
  description: string;
  kind: NodeKind;
  taskQueue?: string;
  defaults: { timeout: string; retry: RetryPolicy; heartbeatTimeout?: string };
  expressionParams: string[];
  params: JsonSchema;
  outputs: Record<string, JsonSchema>;
}

export interface Catalog {
  nodeTypes: CatalogEntry[];
}

export interface GraphSummary {
  id: string;
  name: string;
  description: string;
  currentVersion: number;
  createdAt: string;
  updatedAt: string;
}

export interface GraphDetail extends GraphSummary {
  graph: Graph;
  hash: string;
}

export interface Problem {
  code: string;
  message: string;
  nodeId?: string;
  edgeId?: string;
  field?: string;
}

export interface ValidationResult {
  valid: boolean;
  problems: Problem[];
}

export interface GraphVersionSummary {
  number: number;
  hash: string;
  message: string;
  createdAt: string;
}

export interface GraphVersion {
  number: number;
  hash: string;
  graph: Graph;
}

export interface ChangeList {
  added: string[];
  removed: string[];
  changed: { id: string; fields: string[] }[];
}

export interface GraphDiff {
  nodes: ChangeList;
  edges: ChangeList;
  graph: { changed: string[] };
}

export interface GraphRunStarted {
  workflowId: string;
  runId: string;
  version: number;
  temporalUiUrl: string;
}

export type NodeRunStatus = 'pending' | 'running' | 'waiting' | 'completed' | 'failed' | 'skipped' | 'cancelled';

export interface NodeRunState {
  nodeId: string;
  type: string;
  status: NodeRunStatus;
  attempts: number;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  input: unknown;
  output: unknown;
  firedHandles: string[];
  error: { message: string; type: string | null } | null;
  temporalUiUrl?: string;
}

export interface GraphRunDetail extends RunSummary {
  input: unknown;
  result: unknown;
  failure: { message: string; type: string | null } | null;
  progress: unknown;
  graph: { graphId: string; version: number } | null;
  nodes: NodeRunState[] | null;
}

export interface Template {
  id: string;
  name: string;
  description: string;
  graph: Graph;
}
