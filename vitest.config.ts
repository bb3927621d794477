import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Bounds that catch a hang, not speed goals: process-spawning tests take minutes on a loaded machine.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Integration tests start emulators on loopback ports; the machine has two cores.
    pool: 'forks',
    maxWorkers: 2,
    globalSetup: ['./test/support/build-dist.ts', './test/support/postgres.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
