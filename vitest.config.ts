import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Integration and e2e suites start real servers and browsers: keep parallelism modest on 2 cores.
    maxWorkers: 2,
  },
});
