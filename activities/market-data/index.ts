import { randomUUID } from 'node:crypto';
import { ApplicationFailure, Context, log } from '@temporalio/activity';
import ccxt from 'ccxt';
import { z } from 'zod';
import { config, type Config } from '../../core/config';
import { db as sharedDb, type Db } from '../../core/db';
import { timeframeMs, timeframeSchema, type Timeframe } from '../../engines/klines';
import { exchangeClient, MarketDataInputError, type MarketDataSettings } from './exchange';
import { fetchPages, type FetchedBar } from './paginate';
import { fetchBarsInputSchema, type FetchBarsInput, type FetchBarsSummary } from '../../core/contracts/market-data';
import { countStoredBars, missingSpans, storeFetchedSpan, type SeriesKey, type Span } from './store';

export { barSymbol, loadBars, storeFetchedSpan, type SeriesKey, type Span } from './store';
export type { MarketDataSettings } from './exchange';

export { fetchBarsInputSchema, fetchBarsSummarySchema, type FetchBarsInput, type FetchBarsSummary } from '../../core/contracts/market-data';


export interface FetchBarsProgress {
  phase: 'fetching' | 'storing';
  pages: number;
  fetched: number;
  stored: number;
}

export interface FetchBarsContext {
  /** Stable across retries of one activity: storage under it is idempotent. */
  activityKey: string;
  workflowId: string;
  heartbeat?: (progress: FetchBarsProgress) => void;
  /** Told about each request that failed and will be retried. */
  onRetry?: (err: Error, attempt: number, delayMs: number) => void;
  signal?: AbortSignal;
  /** Wall clock, for which bars are closed. */
  now?: () => number;
}

export function settingsFromConfig(c: Config = config()): MarketDataSettings {
  return {
    defaultExchange: c.MARKET_DATA_EXCHANGE,
    baseUrl: c.MARKET_DATA_BASE_URL,
    rateLimitMs: c.MARKET_DATA_RATE_LIMIT_MS,
    pageLimit: c.MARKET_DATA_PAGE_LIMIT,
    retries: c.MARKET_DATA_RETRIES,
    retryBaseMs: c.MARKET_DATA_RETRY_BASE_MS,
    chunkBars: 10_000,
  };
}

const DAY = 86_400_000;
/** 1970-01-01 was a Thursday; exchanges start weekly bars on Monday 00:00 UTC. */
const MONDAY_OFFSET = 4 * DAY;

/** Start of the bar containing `t` on the UTC grid ccxt uses (okx: '1Dutc', '1Wutc'). */
function barStart(t: number, tf: Timeframe): number {
  const step = timeframeMs(tf);
  const offset = tf === '1w' ? MONDAY_OFFSET : 0;
  return Math.floor((t - offset) / step) * step + offset;
}

/**
 * "DB first, then source": serves [from, to) from spans already known complete, fetches only the missing spans from
 * the exchange (paginated, rate-limited, retried), and stores them chunk by chunk with their spans recorded, so a
 * crash loses at most one chunk and a retry continues where the database says it stopped. The forming bar is never
 * stored: the range ends at the newest closed bar.
 */
export async function fetchBarsWith(db: Db, input: FetchBarsInput, settings: MarketDataSettings, ctx: FetchBarsContext): Promise<FetchBarsSummary> {
  const parsed = fetchBarsInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MarketDataInputError(`invalid fetchBars input: ${issue?.path.join('.') || 'input'}: ${issue?.message}`);
  }
  const { symbol, timeframe } = parsed.data;
  const exchange = parsed.data.exchange ?? settings.defaultExchange;
  const step = timeframeMs(timeframe);
  const now = (ctx.now ?? Date.now)();
  const fromMs = barStart(Date.parse(parsed.data.from), timeframe);
  const requestedTo = Date.parse(parsed.data.to);
  const alignedTo = barStart(requestedTo, timeframe) === requestedTo ? requestedTo : barStart(requestedTo, timeframe) + step;
  const toMs = Math.max(fromMs, Math.min(alignedTo, barStart(now, timeframe)));
  const key: SeriesKey = { exchange, symbol, timeframe };

  const missing = await missingSpans(db, key, { fromMs, toMs });
  const covered = complement({ fromMs, toMs }, missing);
  const summary: FetchBarsSummary = {
    exchange,
    symbol,
    timeframe,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    fromDb: await countStoredBars(db, key, covered),
    fetched: 0,
    stored: 0,
    pages: 0,
    fetchedSpans: [],
  };
  const beat = (phase: FetchBarsProgress['phase']) =>
    ctx.heartbeat?.({ phase, pages: summary.pages, fetched: summary.fetched, stored: summary.stored });
  if (missing.length === 0) return summary;

  const client = await exchangeClient(exchange, settings);
  if (!client.timeframes?.[timeframe]) {
    throw new MarketDataInputError(`${exchange} has no ${timeframe} candles (it offers ${Object.keys(client.timeframes ?? {}).join(', ')})`);
  }
  // Resolve the symbol before any candle request so a typo fails fast and clearly (ccxt throws BadSymbol).
  client.market(symbol);

  for (const span of missing) {
    let chunk: { fromMs: number; toMs: number; bars: FetchedBar[] } | undefined;
    const flush = async () => {
      if (!chunk) return;
      beat('storing');
      const result = await storeFetchedSpan(db, {
        ...key,
        ...chunk,
        activityKey: `${ctx.activityKey}/${exchange}:${symbol}/${timeframe}/${chunk.fromMs}-${chunk.toMs}`,
        workflowId: ctx.workflowId,
      });
      summary.stored += result.inserted;
      summary.fetchedSpans.push({ from: new Date(chunk.fromMs).toISOString(), to: new Date(chunk.toMs).toISOString() });
      chunk = undefined;
    };
    const pages = fetchPages(
      client,
      { symbol, timeframe, fromMs: span.fromMs, toMs: span.toMs, limit: settings.pageLimit },
      {
        retries: settings.retries,
        baseMs: settings.retryBaseMs,
        signal: ctx.signal,
        onRetry: ctx.onRetry,
      },
    );
    for await (const page of pages) {
      summary.pages++;
      summary.fetched += page.bars.length;
      if (chunk) {
        chunk.toMs = page.toMs;
        chunk.bars.push(...page.bars);
      } else chunk = { ...page, bars: [...page.bars] };
      beat('fetching');
      if (chunk.bars.length >= settings.chunkBars) await flush();
    }
    await flush();
  }
  return summary;
}

function complement(range: Span, missing: Span[]): Span[] {
  const out: Span[] = [];
  let cursor = range.fromMs;
  for (const m of missing) {
    if (m.fromMs > cursor) out.push({ fromMs: cursor, toMs: m.fromMs });
    cursor = m.toMs;
  }
  if (cursor < range.toMs) out.push({ fromMs: cursor, toMs: range.toMs });
  return out;
}

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/**
 * Activity: makes [from, to) of an exchange series available in the database and says where the bars came from.
 * Outside an activity it runs the same way with a one-off key. Failures: bad input, unknown exchange/symbol/timeframe
 * and exchange errors are non-retryable; network errors and rate limits that outlast MARKET_DATA_RETRIES are
 * retryable, and the retry resumes from what the database already holds.
 */
export async function fetchBars(input: FetchBarsInput): Promise<FetchBarsSummary> {
  const activity = activityContext();
  const workflowId = activity?.info.workflowExecution?.workflowId ?? 'direct';
  const activityKey = activity ? `${workflowId}/${activity.info.activityId}` : `direct/${randomUUID()}`;
  try {
    return await fetchBarsWith(sharedDb(), input, settingsFromConfig(), {
      activityKey,
      workflowId,
      signal: activity?.cancellationSignal,
      heartbeat: activity ? (progress) => activity.heartbeat(progress) : undefined,
      onRetry: activity
        ? (err, attempt, delayMs) => log.warn('exchange request failed, retrying', { input, attempt, delayMs, error: err.message })
        : undefined,
    });
  } catch (err) {
    throw activity ? toFailure(err) : err;
  }
}

function toFailure(err: unknown): unknown {
  if (err instanceof MarketDataInputError) return ApplicationFailure.create({ message: err.message, type: 'InvalidMarketDataRequest', nonRetryable: true });
  if (err instanceof ccxt.NetworkError) return ApplicationFailure.create({ message: err.message, type: err.constructor.name, nonRetryable: false });
  // BadSymbol, BadRequest, ExchangeError …: asking again gets the same answer.
  if (err instanceof ccxt.BaseError) return ApplicationFailure.create({ message: err.message, type: err.constructor.name, nonRetryable: true });
  return err;
}
