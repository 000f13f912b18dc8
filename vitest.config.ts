import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Process-level and browser tests start real servers (tsx compiles on a cold cache) and Chromium.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Integration and e2e suites start real servers and browsers: keep parallelism modest on 2 cores.
    maxWorkers: 2,
  },
});
