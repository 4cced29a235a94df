import ccxt, { type Exchange } from 'ccxt';
import { normalizeDecimal } from '../../engines/klines';

/** How the market-data activities reach exchanges; `settingsFromConfig` fills it from core/config. */
export interface MarketDataSettings {
  /** ccxt exchange id used when a request names none. */
  defaultExchange: string;
  /** REST root replacing the default exchange's own (`urls.api.rest`): a proxy, or the local test server. */
  baseUrl?: string;
  /** Least ms between requests (ccxt `rateLimit`); undefined keeps the exchange's own. */
  rateLimitMs?: number;
  /** Bars asked for per request. */
  pageLimit: number;
  /** Retries of a request failing with a ccxt NetworkError (RateLimitExceeded included). */
  retries: number;
  /** First retry delay; doubles per retry up to {@link MAX_RETRY_DELAY_MS}. */
  retryBaseMs: number;
  /** Bars fetched before they are stored and their span recorded, so a crash loses at most this much work. */
  chunkBars: number;
}

export const MAX_RETRY_DELAY_MS = 30_000;

/** A failure retrying cannot fix: unknown exchange, symbol or timeframe, or data that is not decimal. */
export class MarketDataInputError extends Error {
  override readonly name = 'MarketDataInputError';
}

const clients = new Map<string, Promise<Exchange>>();

/**
 * One ccxt client per exchange and settings, shared by all activities of the process: ccxt's rate limiter is per
 * instance, so sharing it keeps concurrent fetches under the limit together, and markets are loaded once.
 */
export function exchangeClient(exchangeId: string, s: MarketDataSettings): Promise<Exchange> {
  const baseUrl = exchangeId === s.defaultExchange ? s.baseUrl : undefined;
  const key = JSON.stringify([exchangeId, baseUrl, s.rateLimitMs]);
  let client = clients.get(key);
  if (!client) {
    client = createClient(exchangeId, baseUrl, s.rateLimitMs);
    clients.set(key, client);
    // A failed market load (exchange down) must not stick: the next call tries again.
    client.catch(() => clients.delete(key));
  }
  return client;
}

async function createClient(exchangeId: string, baseUrl: string | undefined, rateLimitMs: number | undefined): Promise<Exchange> {
  if (!(ccxt.exchanges as string[]).includes(exchangeId)) {
    throw new MarketDataInputError(`unknown exchange '${exchangeId}' (expected a ccxt exchange id such as 'okx' or 'binance')`);
  }
  const Ctor = (ccxt as unknown as Record<string, new (config: object) => Exchange>)[exchangeId]!;
  const exchange = new Ctor({ enableRateLimit: true, ...(rateLimitMs === undefined ? {} : { rateLimit: rateLimitMs }) });
  if (baseUrl !== undefined) {
    const api = exchange.urls['api'] as Record<string, unknown> | undefined;
    if (typeof api?.['rest'] !== 'string') {
      throw new MarketDataInputError(`a base URL override needs an exchange with a single REST root (urls.api.rest); '${exchangeId}' has none`);
    }
    api['rest'] = baseUrl.replace(/\/$/, '');
  }
  await exchange.loadMarkets();
  // From here on ccxt's parse functions hand back the exchange's own decimal strings instead of floats (ccxt's
  // documented `number` hook). Set after loadMarkets so market precision math still gets numbers.
  exchange.number = String as unknown as typeof exchange.number;
  return exchange;
}

/** Test hook: forget cached clients (e.g. after a test server restarts on another port). */
export function forgetExchangeClients(): void {
  clients.clear();
}

/**
 * Exact decimal string of one OHLCV field. With `number = String` ccxt passes through the exchange's strings (OKX
 * sends strings); an exchange that sends JSON numbers arrives as the shortest string that round-trips the parsed
 * double (`String(n)`), which is the decimal the exchange printed unless it printed more than 17 significant digits.
 */
export function decimalField(value: unknown, field: string, timeMs: number): string {
  const raw = typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
  const canonical = raw === undefined ? null : normalizeDecimal(raw);
  if (canonical === null) {
    throw new MarketDataInputError(`exchange sent ${field} ${JSON.stringify(value)} for the bar at ${new Date(timeMs).toISOString()}, not a decimal`);
  }
  return canonical;
}

export function isRetryable(err: unknown): boolean {
  // RateLimitExceeded, DDoSProtection, RequestTimeout, ExchangeNotAvailable and OnMaintenance are all NetworkErrors.
  return err instanceof ccxt.NetworkError;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryOptions {
  retries: number;
  baseMs: number;
  signal?: AbortSignal;
  onRetry?: (err: Error, attempt: number, delayMs: number) => void;
}

/**
 * Runs `call`, retrying network errors and rate limits with exponential backoff (base, 2×base, 4×base … capped).
 * No jitter: one worker's requests already pass through one rate limiter. Anything else is thrown at once.
 */
export async function withRetry<T>(call: () => Promise<T>, o: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!isRetryable(err) || attempt >= o.retries) throw err;
      const delay = Math.min(o.baseMs * 2 ** attempt, MAX_RETRY_DELAY_MS);
      o.onRetry?.(err as Error, attempt + 1, delay);
      await sleep(delay, o.signal);
    }
  }
}
