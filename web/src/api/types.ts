import type { NodeRunState } from './graphTypes';
// Response and request shapes of the Lurus Flow HTTP API (/api/*).

import type { Problem } from './graphTypes';
// Import shapes come from the server's zod contract as types only (nothing is bundled), so the form, the stats card
// and the API cannot drift apart.
import type { ImportKlinesInput, ImportStats } from '../../../core/contracts/import-klines';
import type { KlineColumnMap } from '../../../engines/klines/layout';
import type { TimeFormat } from '../../../engines/klines/datetime';

export type { ImportStats, KlineColumnMap, TimeFormat };

export type HealthStatus = 'ok' | 'degraded';

export interface Health {
  status: HealthStatus;
  temporal: { ok: boolean; address: string; namespace: string; error?: string };
  database: { ok: boolean; error?: string };
  worker: { ok: boolean; taskQueue: string; pollers: number };
  temporalUiUrl: string;
}

export type Role = 'admin' | 'trader' | 'viewer';

export interface WhoAmI {
  keyId: string;
  name: string;
  role: Role;
  user: { id: string; email: string };
}

export interface Upload {
  id: string;
  filename: string;
  size: number;
  sha256: string;
}

export const TIMEFRAMES = [
  '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '12h', '1d', '1w',
] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

export type StartImportRequest = ImportKlinesInput;
export type ImportSource = StartImportRequest['source'];
/** A bar field a column mapping can name: time, timeOfDay, open, … */
export type MappedField = keyof KlineColumnMap;

export interface StartImportResponse {
  workflowId: string;
  runId: string;
  temporalUiUrl: string;
}

export type RunStatus =
  | 'RUNNING'
  | 'COMPLETED'
  | 'FAILED'
  | 'CANCELLED'
  | 'TERMINATED'
  | 'TIMED_OUT'
  | 'CONTINUED_AS_NEW'
  | 'UNKNOWN';

export interface RunSummary {
  workflowId: string;
  runId: string;
  type: string;
  status: RunStatus;
  startTime: string;
  closeTime: string | null;
  durationMs: number | null;
  temporalUiUrl: string;
}

export interface RunsPage {
  runs: RunSummary[];
  nextPageToken: string | null;
}

export type Gap = ImportStats['gaps']['largest'][number];

export interface RowError {
  line: number;
  column?: string;
  reason: string;
}

export interface RunFailure {
  message: string;
  type: string | null;
  errorCount?: number;
  errors?: RowError[];
}

export type ImportPhase = 'reading' | 'validating' | 'storing';

export interface RunProgress {
  phase: ImportPhase;
  done: number;
  total: number;
}

export interface RunDetail extends RunSummary {
  input: unknown | null;
  /** ImportStats for imports; `{ outputs, nodes }` for graph runs (see `graph`). */
  result: ImportStats | null;
  failure: RunFailure | null;
  progress: RunProgress | null;
  /** Set for graph runs: the graph and version the run is pinned to. */
  graph: { graphId: string; version: number } | null;
  nodes: NodeRunState[] | null;
}

export interface ApiIssue {
  // Servers disagree on dotted strings vs. segment arrays; accept both.
  path: string | (string | number)[];
  message: string;
}

export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  requestId: string;
  issues?: ApiIssue[];
  problems?: Problem[];
}
