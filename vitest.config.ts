import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores here: more forks than that only adds contention.
    pool: 'forks',
    maxWorkers: 2,
  },
});
