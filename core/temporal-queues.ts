/** Task queues, one worker entry point each (workers/<queue>-worker.ts). Kept free of Node APIs: the web imports it. */
export const TaskQueues = {
  core: 'lurus-core',
} as const;
