import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  backtestKeys,
  createStrategy,
  deleteStrategy,
  getStrategy,
  getStrategyLibrary,
  listStrategies,
} from '../api/backtests';

export function useStrategyList() {
  return useQuery({ queryKey: backtestKeys.strategies, queryFn: ({ signal }) => listStrategies(signal) });
}

export function useStrategy(id: string) {
  // The editor owns the draft once loaded; refetching on focus would only fight it.
  return useQuery({ queryKey: backtestKeys.strategy(id), queryFn: ({ signal }) => getStrategy(id, signal), refetchOnWindowFocus: false });
}

export function useStrategyLibrary() {
  return useQuery({ queryKey: backtestKeys.library, queryFn: ({ signal }) => getStrategyLibrary(signal), staleTime: Infinity });
}

export function useCreateStrategy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createStrategy,
    onSuccess: (row) => {
      queryClient.setQueryData(backtestKeys.strategy(row.id), row);
      void queryClient.invalidateQueries({ queryKey: backtestKeys.strategies, exact: true });
    },
  });
}

export function useDeleteStrategy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteStrategy,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: backtestKeys.strategies, exact: true }),
  });
}
