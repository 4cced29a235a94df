import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Decimal from 'decimal.js';
import { repoRoot } from '../../core/paths';
import { parseKlineCsv, type KlineColumns } from '../../engines/klines';

/**
 * A local stand-in for OKX's v5 REST API, speaking its wire format for what ccxt's `okx` calls to load markets and
 * fetch candles, and serving real bars from ../shared/data. Point a ccxt client at it with
 * `exchange.urls.api.rest = server.url` (ccxt builds `${urls.api.rest}/api/v5/<path>`).
 *
 * Candle semantics follow OKX: `after` returns bars older than the timestamp, `before` newer (both exclusive); of the
 * bars that pass, the NEWEST `limit` are returned, newest first. So a client asking for more than the endpoint's
 * maximum loses the oldest bars of its window, exactly as against OKX.
 */

export interface OkxSeries {
  /** OKX instrument id, e.g. 'BTC-USDT'. */
  instId: string;
  /** OKX bar name as ccxt sends it: '1m', '4H', '1Dutc' (ccxt appends 'utc' from 6h up). */
  bar: string;
  /** Bars stamped with their open time (UTC ms), ascending. */
  bars: KlineColumns;
}

export type OkxFailure =
  /** HTTP 429 with OKX's code 50011, what OKX answers when a rate limit is exceeded. */
  | { kind: 'rate-limit' }
  /** A 5xx with OKX's code 50026 (system error). */
  | { kind: 'server-error'; status?: number };

export interface OkxRequest {
  path: string;
  query: Record<string, string>;
  status: number;
  /** Date.now() when the request arrived. */
  at: number;
}

export interface OkxServer {
  url: string;
  /** Every request in arrival order. */
  readonly requests: OkxRequest[];
  /** Candle requests only (/api/v5/market/…). */
  candleRequests(): OkxRequest[];
  /**
   * `count` requests whose path starts with `pathPrefix` (default: the candle endpoints) fail this way, after
   * `afterRequests` such requests (default 0) have been answered normally.
   */
  failNext(count: number, failure: OkxFailure, o?: { pathPrefix?: string; afterRequests?: number }): void;
  /** Removes `count` bars starting at `fromMs` from a series, to make a gap the exchange really has. */
  removeBars(instId: string, bar: string, fromMs: number, count: number): void;
  clearRequests(): void;
  /** Cancels failures set with failNext that have not happened yet. */
  clearFailures(): void;
  close(): Promise<void>;
}

export interface OkxServerOptions {
  series?: OkxSeries[];
  /** Largest `limit` honoured per endpoint; OKX documents 300 for candles and 100 for history-candles. */
  maxLimit?: { candles?: number; historyCandles?: number };
}

const sharedData = path.join(repoRoot, '..', 'shared', 'data');

function loadJesse(file: string, symbol: string): KlineColumns {
  const parsed = parseKlineCsv(readFileSync(path.join(sharedData, file), 'utf8'), { symbol });
  if (!parsed.ok) throw new Error(`${file}: ${parsed.errors[0]?.reason}`);
  return parsed.bars;
}

/** The shared crypto files as OKX would serve them. */
export function sharedSeries(): OkxSeries[] {
  return [
    { instId: 'BTC-USDT', bar: '1m', bars: loadJesse('crypto/BTC-USDT_1m_jesse.csv', 'BTC/USDT') },
    { instId: 'BTC-USDT', bar: '4H', bars: loadJesse('crypto/BTC-USDT_4h_jesse.csv', 'BTC/USDT') },
    { instId: 'ETH-USDT', bar: '1Dutc', bars: loadJesse('crypto/ETH-USDT_1d_jesse.csv', 'ETH/USDT') },
  ];
}

function spotInstrument(instId: string) {
  const [base = '', quote = ''] = instId.split('-');
  return {
    alias: '',
    baseCcy: base,
    category: '1',
    ctMult: '',
    ctType: '',
    ctVal: '',
    ctValCcy: '',
    expTime: '',
    instFamily: '',
    instId,
    instType: 'SPOT',
    lever: '10',
    listTime: '1548133413000',
    lotSz: '0.00000001',
    maxIcebergSz: '9999999999.0000000000000000',
    maxLmtAmt: '1000000',
    maxLmtSz: '9999999999',
    maxMktAmt: '1000000',
    maxMktSz: '1000000',
    maxStopSz: '1000000',
    maxTriggerSz: '9999999999.0000000000000000',
    maxTwapSz: '9999999999.0000000000000000',
    minSz: '0.00001',
    optType: '',
    quoteCcy: quote,
    ruleType: 'normal',
    settleCcy: '',
    state: 'live',
    stk: '',
    tickSz: '0.1',
    uly: '',
  };
}

interface Reply {
  status: number;
  body: { code: string; msg: string; data: unknown[] };
}

const ok = (data: unknown[]): Reply => ({ status: 200, body: { code: '0', msg: '', data } });
const okxError = (status: number, code: string, msg: string): Reply => ({ status, body: { code, msg, data: [] } });

export async function startOkxServer(options: OkxServerOptions = {}): Promise<OkxServer> {
  const series = new Map<string, OkxSeries>();
  for (const s of options.series ?? sharedSeries()) series.set(`${s.instId}|${s.bar}`, { ...s });
  const maxLimit = { candles: options.maxLimit?.candles ?? 300, historyCandles: options.maxLimit?.historyCandles ?? 100 };
  const requests: OkxRequest[] = [];
  const failures: { skip: number; remaining: number; failure: OkxFailure; prefix: string }[] = [];

  const candles = (query: Record<string, string>, endpoint: 'candles' | 'historyCandles'): Reply => {
    const instId = query.instId ?? '';
    const bar = query.bar ?? '1m';
    if (!instId) return okxError(400, '50014', 'Parameter instId can not be empty');
    if (![...series.values()].some((s) => s.instId === instId)) return okxError(200, '51001', "Instrument ID doesn't exist");
    const s = series.get(`${instId}|${bar}`);
    if (!s) return okxError(400, '51000', 'Parameter bar error');
    const limitRaw = query.limit ?? '100';
    const limit = Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1) return okxError(400, '51000', 'Parameter limit error');
    const after = query.after === undefined ? Number.POSITIVE_INFINITY : Number(query.after);
    const before = query.before === undefined ? Number.NEGATIVE_INFINITY : Number(query.before);
    const b = s.bars;
    const n = b.timeMs.length;
    // /market/candles only holds the latest 1440 bars; older ones live behind /market/history-candles.
    const first = endpoint === 'candles' ? Math.max(0, n - 1440) : 0;
    const picked: number[] = [];
    for (let i = n - 1; i >= first && picked.length < Math.min(limit, maxLimit[endpoint]); i--) {
      const t = b.timeMs[i]!;
      if (t < after && t > before) picked.push(i);
    }
    return ok(
      picked.map((i) => {
        // The files carry base volume only; quote volume is derived as OKX would report it for spot.
        const quoteVolume = new Decimal(b.volume[i]!).times(b.close[i]!).toFixed();
        return [String(b.timeMs[i]), b.open[i], b.high[i], b.low[i], b.close[i], b.volume[i], quoteVolume, quoteVolume, '1'];
      }),
    );
  };

  const route = (pathname: string, query: Record<string, string>): Reply => {
    switch (pathname) {
      case '/api/v5/public/time':
        return ok([{ ts: String(Date.now()) }]);
      case '/api/v5/public/instruments': {
        const type = query.instType;
        if (type === 'SPOT') return ok([...new Set([...series.values()].map((s) => s.instId))].map(spotInstrument));
        if (type === 'FUTURES' || type === 'SWAP' || type === 'OPTION' || type === 'MARGIN') return ok([]);
        return okxError(400, '50014', 'Parameter instType can not be empty');
      }
      case '/api/v5/market/candles':
        return candles(query, 'candles');
      case '/api/v5/market/history-candles':
        return candles(query, 'historyCandles');
      default:
        return okxError(404, '50030', `No permission to use this API (${pathname})`);
    }
  };

  const injected = (pathname: string): Reply | undefined => {
    const f = failures.find((x) => x.remaining > 0 && pathname.startsWith(x.prefix));
    if (!f) return undefined;
    if (f.skip > 0) {
      f.skip--;
      return undefined;
    }
    f.remaining--;
    if (f.failure.kind === 'rate-limit') return okxError(429, '50011', 'Too Many Requests');
    return okxError(f.failure.status ?? 503, '50026', 'System error, please try again later.');
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    const at = Date.now();
    const reply = req.method === 'GET' ? (injected(url.pathname) ?? route(url.pathname, query)) : okxError(405, '50000', 'Method not allowed');
    requests.push({ path: url.pathname, query, status: reply.status, at });
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    candleRequests: () => requests.filter((r) => r.path.startsWith('/api/v5/market/')),
    failNext(count, failure, o = {}) {
      failures.push({ skip: o.afterRequests ?? 0, remaining: count, failure, prefix: o.pathPrefix ?? '/api/v5/market/' });
    },
    removeBars(instId, bar, fromMs, count) {
      const s = series.get(`${instId}|${bar}`);
      if (!s) throw new Error(`no series ${instId} ${bar}`);
      const start = Array.from(s.bars.timeMs).indexOf(fromMs);
      if (start < 0) throw new Error(`no bar at ${new Date(fromMs).toISOString()} in ${instId} ${bar}`);
      const keep = (_: unknown, i: number) => i < start || i >= start + count;
      const b = s.bars;
      s.bars = {
        ...b,
        timeMs: Array.from(b.timeMs).filter(keep),
        open: b.open.filter(keep),
        high: b.high.filter(keep),
        low: b.low.filter(keep),
        close: b.close.filter(keep),
        volume: b.volume.filter(keep),
      };
    },
    clearRequests() {
      requests.length = 0;
    },
    clearFailures() {
      failures.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
