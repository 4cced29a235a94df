import { defineConfig } from 'vitest/config';

const exclude = ['node_modules/**', 'web/**', 'dist/**', '.tools/**', '.data/**'];

export default defineConfig({
  test: {
    testTimeout: 180_000,
    hookTimeout: 180_000,
    projects: [
      {
        // Pure engine code: no servers, files run in parallel. `npx vitest run --project unit`.
        extends: true,
        test: { name: 'unit', include: ['engines/**/*.test.ts', 'core/**/*.test.ts'], exclude },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['**/*.test.ts'],
          exclude: [...exclude, 'engines/**', 'core/**'],
          globalSetup: ['test/global-setup.ts'],
          // Integration files share one Temporal server and task queue; running files one at a time keeps them from
          // stealing each other's tasks on a 2-core machine.
          fileParallelism: false,
          pool: 'forks',
        },
      },
    ],
  },
});
