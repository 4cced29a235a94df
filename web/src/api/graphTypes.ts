// The graph contract comes from the server's own modules (type-only imports: nothing of them is bundled), so the
// designer and the validator cannot drift apart.
import type { GraphDiff, ItemChanges } from '../../../core/graph/diff';
import type { Graph, GraphEdge, GraphNode, RetryPolicy } from '../../../core/graph/model';
import type { NodeRunState as ServerNodeRunState, NodeRunStatus } from '../../../core/graph/run-state';
import type { Problem } from '../../../core/graph/validate';

export type { Graph, GraphEdge, GraphNode, RetryPolicy, Problem, GraphDiff, NodeRunStatus };
export type ChangeList = ItemChanges;
export type OnError = GraphNode['onError'];
export type NodeRunState = ServerNodeRunState & { temporalUiUrl?: string };
// Graphs, the node catalog, templates and graph runs (/api/graphs, /api/catalog, /api/templates, /api/runs/*).

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

export const ON_ERROR_OPTIONS: readonly OnError[] = ['fail', 'continue', 'error-branch'];

export interface ExprValue {
  $expr: string;
}

export type NodeKind = 'trigger' | 'activity' | 'workflow' | 'control' | 'child';

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

export interface GraphRunStarted {
  workflowId: string;
  runId: string;
  version: number;
  temporalUiUrl: string;
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
