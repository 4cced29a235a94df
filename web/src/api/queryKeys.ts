// One place for cache keys so invalidation can't drift from the queries.
export const queryKeys = {
  health: ['health'] as const,
  whoami: ['auth', 'whoami'] as const,
  runs: {
    all: ['runs'] as const,
    list: () => ['runs', 'list'] as const,
    detail: (workflowId: string) => ['runs', 'detail', workflowId] as const,
  },
  catalog: ['catalog'] as const,
  templates: ['templates'] as const,
  graphs: {
    all: ['graphs'] as const,
    list: () => ['graphs', 'list'] as const,
    detail: (id: string) => ['graphs', 'detail', id] as const,
    versions: (id: string) => ['graphs', 'detail', id, 'versions'] as const,
    diff: (id: string, from: number, to: number) => ['graphs', 'detail', id, 'diff', from, to] as const,
    runs: (id: string) => ['graphs', 'detail', id, 'runs'] as const,
  },
};
