import { useQuery } from '@tanstack/react-query';
import { whoami } from '../api/client';
import { queryKeys } from '../api/queryKeys';

export function useWhoami() {
  return useQuery({
    queryKey: queryKeys.whoami,
    queryFn: ({ signal }) => whoami({ signal }),
    // Identity rarely changes; a revoked key surfaces as 401 on any request anyway.
    staleTime: 5 * 60_000,
  });
}
