import { defineConfig } from 'vitest/config';

const MULTI_PROCESS = [
  'test/integration/three-processes.test.ts',
  'test/integration/redis-outage.test.ts',
  'test/integration/cluster-recovery.test.ts',
  'test/integration/cluster-command.test.ts',
];

export default defineConfig({
  test: {
    // Process-level and browser tests start real servers (tsx compiles on a cold cache) and Chromium.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Integration and e2e suites start real servers and browsers: keep parallelism modest on 2 cores.
    maxWorkers: 2,
    projects: [
      // Every test, on the embedded SQLite store — but those that run several Parley processes.
      { extends: true, test: { name: 'default', include: ['test/**/*.test.ts'], exclude: MULTI_PROCESS } },
      // Tests that start several Parley processes, a redis-server of their own and kill them: one at a
      // time, after the rest, so that two cores shared with the whole suite do not turn their timings
      // (a process declared dead after missing its heartbeats) into failures.
      { extends: true, test: { name: 'multi-process', include: MULTI_PROCESS, fileParallelism: false, sequence: { groupOrder: 1 } } },
      // The integration suite again, on the Redis store (REDIS_URL), against one redis-server
      // started for the run. Left out, because they are about what this project does not change:
      {
        extends: true,
        test: {
          name: 'integration-redis',
          include: ['test/integration/**/*.test.ts'],
          exclude: [
            // crash, shutdown, start, store-errors, key-secrecy: spawn `npm start`, read the SQLite
            // file or its errors (redis-store.test.ts covers Redis crashes, shutdown, start);
            'test/integration/crash.test.ts',
            'test/integration/shutdown.test.ts',
            'test/integration/start.test.ts',
            'test/integration/store-errors.test.ts',
            // failing-disk: DATA_DIR on a disk that fills up or turns read-only (the SQLite file);
            'test/integration/failing-disk.test.ts',
            // sqlite-writer: the SQLite store's writer thread, locked files;
            'test/integration/sqlite-writer.test.ts',
            'test/integration/key-secrecy.test.ts',
            // the benchmark and the deck checker CLI use no store;
            'test/integration/bench-quick.test.ts',
            'test/integration/check-deck.test.ts',
            // redis-store and archive (the export and archive CLIs on Redis) start redis-servers of
            // their own and run in the default project.
            'test/integration/redis-store.test.ts',
            'test/integration/archive.test.ts',
            // shared-limits runs two servers on a redis-server of its own, and stops it.
            'test/integration/shared-limits.test.ts',
            // three-processes, cluster-recovery and cluster-command (npm run start:cluster) start redis-servers of their own too.
            'test/integration/three-processes.test.ts',
            'test/integration/cluster-recovery.test.ts',

            'test/integration/cluster-command.test.ts',
            // redis-outage kills and restarts a redis-server of its own.
            'test/integration/redis-outage.test.ts',
          ],
          env: { PARLEY_TEST_STORE: 'redis' },
          globalSetup: ['test/helpers/redis-global.ts'],
        },
      },
    ],
  },
});
