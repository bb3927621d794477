import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start emulators on loopback ports; the machine has two cores.
    pool: 'forks',
    maxWorkers: 2,
    globalSetup: ['./test/support/build-dist.ts', './test/support/postgres.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
