// Backtests, rankings, strategy reports and the strategy workspace (/api/backtests, /api/backtest-batches,
// /api/reports, /api/strategies, /api/symbols). Shapes come from the server's own modules as types only, so the pages
// and the engine cannot drift apart; nothing of them is bundled.
import type {
  BacktestSummary,
  RankedRow,
  RankMetric,
  StrategyRef,
} from '../../../core/contracts/backtest';
import type { RotationJobInput, RotationSummary } from '../../../core/contracts/rotation';
import type { RotationParams } from '../../../engines/backtest/rotation-params';
import type { RotationResult, RotationTrade } from '../../../engines/backtest/rotation-types';
import type {
  BacktestConfig,
  BacktestResult,
  CurvePoints,
  OpenPosition,
  OrderRecord,
  Trade,
} from '../../../engines/backtest/types';
import type { Metric, MetricGroup, MetricUnit, Metrics } from '../../../engines/metrics/compute';
import type { BuiltinParam } from '../../../engines/strategy/builtin-param';
import type { ParseTextResult } from '../../../engines/strategy/parse-text';
import type { StrategySpec } from '../../../engines/strategy/spec';
import type { SpecIssue } from '../../../engines/strategy/validate';
import { getApiKey } from './apiKey';
import { ApiError, request } from './client';
import type { Timeframe } from './types';

export type {
  BacktestConfig,
  BacktestResult,
  BacktestSummary,
  BuiltinParam,
  CurvePoints,
  Metric,
  MetricGroup,
  MetricUnit,
  Metrics,
  OpenPosition,
  OrderRecord,
  ParseTextResult,
  RankedRow,
  RankMetric,
  RotationJobInput,
  RotationResult,
  RotationSummary,
  RotationTrade,
  SpecIssue,
  StrategyRef,
  StrategySpec,
  Trade,
};

// ---------------------------------------------------------------------------------------------------------------
// Shapes as they cross HTTP (dates are ISO strings, JSON columns as stored)

export interface SymbolSeries {
  symbol: string;
  timeframe: string;
  bars: number;
  first: string | null;
  last: string | null;
}

/** What a single-symbol backtest row stores as its definition: the spec or code it actually ran. */
export type SingleDefinition =
  | { kind: 'spec'; spec: Record<string, unknown> }
  | { kind: 'code'; name: string; source: string };

/** A momentum rotation's definition (activities/backtest/rotation.ts): its params and universe as the engine ran them. */
export type RotationDefinition = { kind: 'rotation' } & Pick<RotationResult, 'params' | 'symbols'>;

export type BacktestDefinition = SingleDefinition | RotationDefinition;

/** The columns every stored backtest has; a rotation's `symbol` is its universe joined by commas. */
interface BacktestRow {
  id: string;
  workflowId: string;
  strategy: string;
  symbol: string;
  timeframe: string;
  bars: number;
  engineMs: number;
  createdAt: string;
}

export type BacktestListItem = BacktestRow & { summary: BacktestSummary | RotationSummary };

export type SingleBacktestDetail = BacktestRow & { summary: BacktestSummary; definition: SingleDefinition; result: BacktestResult };
export type RotationBacktestDetail = BacktestRow & { summary: RotationSummary; definition: RotationDefinition; result: RotationResult };
export type BacktestDetail = SingleBacktestDetail | RotationBacktestDetail;

export function isRotationBacktest(backtest: BacktestDetail): backtest is RotationBacktestDetail {
  return backtest.definition.kind === 'rotation';
}

/** A list row of a rotation: only its summary says so (the list leaves the definition out). */
export function isRotationSummary(summary: BacktestSummary | RotationSummary): summary is RotationSummary {
  return Array.isArray((summary as Partial<RotationSummary>).symbols);
}

/** One bar for the chart: [timeMs, open, high, low, close, volume], prices as decimal strings. */
export type BarRow = [number, string, string, string, string, string];

export interface BacktestBars {
  symbol: string;
  timeframe: string;
  /** True when only the last `limit` bars of the span came back. */
  truncated?: boolean;
  bars: BarRow[];
}

export interface BacktestBatch {
  id: string;
  workflowId: string;
  kind: 'validation' | 'search';
  rankBy: RankMetric;
  rows: RankedRow[];
  createdAt: string;
}

export interface ReportListItem {
  id: string;
  title: string;
  workflowId: string;
  backtestId: string | null;
  batchId: string | null;
  createdAt: string;
}

/** What the strategy.generate node produced (LLM or rule-based parser). */
export interface SpecGeneration {
  spec?: Record<string, unknown>;
  source?: 'llm' | 'rules';
  attempts?: number;
  notes?: string[];
  provider?: unknown;
  transcript?: unknown[];
}

export interface ReportDetail extends ReportListItem {
  content: { prompt: string | null; generation: SpecGeneration | null };
  backtest: {
    id: string;
    strategy: string;
    symbol: string;
    timeframe: string;
    summary: BacktestSummary;
    definition: SingleDefinition;
  } | null;
  batch: BacktestBatch | null;
  /** The parameter search of the same run, ranked. */
  searchBatch: BacktestBatch | null;
}

export type StrategyKind = 'spec' | 'code';

export interface SavedStrategy {
  id: string;
  name: string;
  description: string;
  kind: StrategyKind;
  /** The spec (kind 'spec') or { source } (kind 'code'). */
  content: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export type StrategyBody =
  | { kind: 'spec'; name: string; description?: string; content: Record<string, unknown> }
  | { kind: 'code'; name: string; description?: string; content: { source: string } };

export interface LibraryStrategy {
  id: string;
  title: string;
  description: string;
  kind: StrategyKind;
  params: Record<string, BuiltinParam>;
  definition: SingleDefinition;
}

/** A portfolio entry of the library (GET /api/strategies/library `portfolio`): run over a universe of symbols. */
export interface LibraryPortfolioStrategy {
  id: string;
  title: string;
  description: string;
  kind: 'rotation';
  /** Ranges, integer-ness and descriptions from the engine's params schema; defaults are the library's. */
  params: Record<string, BuiltinParam>;
  definition: { kind: 'rotation'; params: RotationParams };
}

export interface StrategyLibrary {
  strategies: LibraryStrategy[];
  portfolio: LibraryPortfolioStrategy[];
}

export type SpecValidationResult =
  | { ok: true; spec: StrategySpec; errors: []; warnings: SpecIssue[] }
  | { ok: false; errors: SpecIssue[]; warnings: SpecIssue[] };

export interface StartBacktestRequest {
  symbol: string;
  timeframe: Timeframe;
  strategy: StrategyRef;
  config?: Record<string, unknown>;
}

export interface StartedRun {
  workflowId: string;
  runId: string;
  temporalUiUrl: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Cache keys (one place, so invalidation cannot drift from the queries)

export const backtestKeys = {
  symbols: ['symbols'] as const,
  backtests: ['backtests'] as const,
  backtestList: () => ['backtests', 'list'] as const,
  backtest: (id: string) => ['backtests', 'detail', id] as const,
  bars: (id: string) => ['backtests', 'detail', id, 'bars'] as const,
  /** One symbol's bars over a rotation's span (GET /api/klines/:symbol). */
  symbolBars: (symbol: string, timeframe: string, fromMs: number, toMs: number) => ['symbol-bars', symbol, timeframe, fromMs, toMs] as const,
  batch: (id: string) => ['backtest-batches', id] as const,
  reports: ['reports'] as const,
  report: (id: string) => ['reports', id] as const,
  strategies: ['strategies'] as const,
  strategy: (id: string) => ['strategies', 'detail', id] as const,
  library: ['strategies', 'library'] as const,
};

// ---------------------------------------------------------------------------------------------------------------
// Requests

const enc = encodeURIComponent;

export function listSymbols(signal?: AbortSignal): Promise<{ series: SymbolSeries[] }> {
  return request('/api/symbols', { signal });
}

export function listBacktests(limit = 50, signal?: AbortSignal): Promise<{ backtests: BacktestListItem[] }> {
  return request(`/api/backtests?limit=${limit}`, { signal });
}

export function getBacktest(id: string, signal?: AbortSignal): Promise<BacktestDetail> {
  return request(`/api/backtests/${enc(id)}`, { signal });
}

export function getBacktestBars(id: string, limit: number, signal?: AbortSignal): Promise<BacktestBars> {
  return request(`/api/backtests/${enc(id)}/bars?limit=${limit}`, { signal });
}

export function startBacktest(body: StartBacktestRequest): Promise<StartedRun> {
  return request('/api/backtests', { method: 'POST', json: body });
}

export function startRotation(body: RotationJobInput): Promise<StartedRun> {
  return request('/api/backtests/rotation', { method: 'POST', json: body });
}

export function getBatch(id: string, signal?: AbortSignal): Promise<BacktestBatch> {
  return request(`/api/backtest-batches/${enc(id)}`, { signal });
}

/**
 * The CSV route needs the Bearer header, so a plain link cannot download it: fetch it and hand the browser a Blob.
 * Returns the file name the server suggested.
 */
export async function downloadBatchCsv(id: string): Promise<string> {
  const key = getApiKey();
  if (!key) throw new ApiError(401, 'Not signed in');
  const response = await fetch(`/api/backtest-batches/${enc(id)}/csv`, { headers: { Authorization: `Bearer ${key}` } });
  if (!response.ok) throw new ApiError(response.status, `CSV export failed: ${response.status} ${response.statusText}`);
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `ranking-${id.slice(0, 8)}.csv`;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke after the click has been handled; revoking synchronously can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return filename;
}

export function listReports(limit = 50, signal?: AbortSignal): Promise<{ reports: ReportListItem[] }> {
  return request(`/api/reports?limit=${limit}`, { signal });
}

export function getReport(id: string, signal?: AbortSignal): Promise<ReportDetail> {
  return request(`/api/reports/${enc(id)}`, { signal });
}

export function listStrategies(signal?: AbortSignal): Promise<{ strategies: SavedStrategy[] }> {
  return request('/api/strategies', { signal });
}

export function getStrategy(id: string, signal?: AbortSignal): Promise<SavedStrategy> {
  return request(`/api/strategies/${enc(id)}`, { signal });
}

export function createStrategy(body: StrategyBody): Promise<SavedStrategy> {
  return request('/api/strategies', { method: 'POST', json: body });
}

export function saveStrategy(id: string, body: StrategyBody, signal?: AbortSignal): Promise<SavedStrategy> {
  return request(`/api/strategies/${enc(id)}`, { method: 'PUT', json: body, signal });
}

export function deleteStrategy(id: string): Promise<void> {
  return request(`/api/strategies/${enc(id)}`, { method: 'DELETE' });
}

export function validateStrategySpec(spec: unknown, signal?: AbortSignal): Promise<SpecValidationResult> {
  return request('/api/strategies/validate', { method: 'POST', json: { spec }, signal });
}

export function parseStrategyText(text: string): Promise<ParseTextResult> {
  return request('/api/strategies/parse-text', { method: 'POST', json: { text } });
}

export function getStrategyLibrary(signal?: AbortSignal): Promise<StrategyLibrary> {
  return request('/api/strategies/library', { signal });
}
