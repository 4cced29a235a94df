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
