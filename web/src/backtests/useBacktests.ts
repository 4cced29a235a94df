import { useQuery } from '@tanstack/react-query';
import {
  backtestKeys,
  getBacktest,
  getBacktestBars,
  getBatch,
  getReport,
  listBacktests,
  listReports,
  listSymbols,
} from '../api/backtests';
import { getKlines } from '../api/chanlun';
import type { Timeframe } from '../api/types';

/** The chart gets at most this many candles (the last ones); canvas drawing stays smooth well past it. */
export const CHART_BAR_LIMIT = 20_000;

// Stored backtests, batches and reports never change once written: fetch once, keep them.
const immutable = { staleTime: Infinity } as const;

export function useBacktest(id: string) {
  return useQuery({ queryKey: backtestKeys.backtest(id), queryFn: ({ signal }) => getBacktest(id, signal), ...immutable });
}

export function useBacktestBars(id: string) {
  return useQuery({
    queryKey: backtestKeys.bars(id),
    queryFn: ({ signal }) => getBacktestBars(id, CHART_BAR_LIMIT, signal),
    ...immutable,
  });
}

/**
 * One symbol's stored bars over a backtest's span (first bar to last, inclusive), for a portfolio's chart: the
 * backtest's own bars route has no single series to return for a rotation.
 */
export function useSymbolBars(symbol: string, timeframe: Timeframe, span: { firstMs: number; lastMs: number } | null) {
  const fromMs = span?.firstMs ?? 0;
  const toMs = (span?.lastMs ?? 0) + 1;
  return useQuery({
    queryKey: backtestKeys.symbolBars(symbol, timeframe, fromMs, toMs),
    queryFn: ({ signal }) =>
      getKlines(symbol, timeframe, signal, { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), limit: CHART_BAR_LIMIT }),
    enabled: span !== null,
    ...immutable,
  });
}

export function useBacktestList() {
  return useQuery({ queryKey: backtestKeys.backtestList(), queryFn: ({ signal }) => listBacktests(50, signal) });
}

export function useBatch(id: string) {
  return useQuery({ queryKey: backtestKeys.batch(id), queryFn: ({ signal }) => getBatch(id, signal), ...immutable });
}

export function useReportList() {
  return useQuery({ queryKey: backtestKeys.reports, queryFn: ({ signal }) => listReports(50, signal) });
}

export function useReport(id: string) {
  return useQuery({ queryKey: backtestKeys.report(id), queryFn: ({ signal }) => getReport(id, signal), ...immutable });
}

export function useSymbols() {
  return useQuery({ queryKey: backtestKeys.symbols, queryFn: ({ signal }) => listSymbols(signal) });
}
