import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'web/**', 'dist/**', '.tools/**', '.data/**'],
    globalSetup: ['test/global-setup.ts'],
    // Integration files share one Temporal server and task queue; running files one at a time keeps them from
    // stealing each other's tasks on a 2-core machine.
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
