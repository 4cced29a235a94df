// One place for cache keys so invalidation can't drift from the queries.
export const queryKeys = {
  health: ['health'] as const,
  whoami: ['auth', 'whoami'] as const,
  runs: {
    all: ['runs'] as const,
    list: () => ['runs', 'list'] as const,
    detail: (workflowId: string) => ['runs', 'detail', workflowId] as const,
  },
};
