import { useInfiniteQuery, useQuery, type InfiniteData } from '@tanstack/react-query';
import { getRun, listRuns } from '../api/client';
import { queryKeys } from '../api/queryKeys';
import type { RunsPage, RunSummary } from '../api/types';

const PAGE_SIZE = 50;

function anyRunning(data: InfiniteData<RunsPage> | undefined): boolean {
  return !!data?.pages.some((page) => page.runs.some((run) => run.status === 'RUNNING'));
}

export function useRunsList() {
  return useInfiniteQuery({
    queryKey: queryKeys.runs.list(),
    queryFn: ({ pageParam, signal }) => listRuns({ pageSize: PAGE_SIZE, nextPageToken: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextPageToken,
    // Fast while something is moving, slow otherwise so idle tabs stay cheap.
    refetchInterval: (query) => (anyRunning(query.state.data) ? 2_000 : 10_000),
  });
}

/** Pages can overlap when new runs start between fetches; show each run once. */
export function flattenRuns(data: InfiniteData<RunsPage> | undefined): RunSummary[] {
  const seen = new Set<string>();
  const runs: RunSummary[] = [];
  for (const page of data?.pages ?? []) {
    for (const run of page.runs) {
      const key = `${run.workflowId}/${run.runId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      runs.push(run);
    }
  }
  return runs;
}

export function useRun(workflowId: string) {
  return useQuery({
    queryKey: queryKeys.runs.detail(workflowId),
    queryFn: ({ signal }) => getRun(workflowId, signal),
    refetchInterval: (query) => (query.state.data?.status === 'RUNNING' ? 1_000 : false),
  });
}
