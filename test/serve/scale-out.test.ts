import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { type Finished, finished, spawnCsm } from '../store/support/processes.js';
import { backendAvailable, freshPostgresStore, type TestStore } from '../store/support/test-stores.js';
import { testMasterKey } from './support/accounts.js';
import { type EmulatorProcess, startEmulatorProcess } from './support/emulator-process.js';
import { compareWithGroundTruth, connectSellers, stderrLines } from './support/sync-world.js';

const quiet = { notify: () => {} };

describe('scale-out: csm serve --workers-only processes on one PostgreSQL', () => {
  const available = backendAvailable('postgres');
  let emulator: EmulatorProcess;
  let test: TestStore;
  let ids: string[];
  const masterKey = testMasterKey();
  const children: ChildProcessWithoutNullStreams[] = [];

  beforeAll(async () => {
    if (!available) return;
    // Three sellers of 2,300 orders: 23 pages each; searchOrders at 36 × Amazon's 1 per 180 s: the burst of
    // 20 at once, then one page every 5 s.
    emulator = await startEmulatorProcess(['--sellers', '3', '--orders', '2300', '--rate-scale', '36']);
    test = await freshPostgresStore();
    ids = await connectSellers(test, masterKey, emulator);
  });
  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await emulator?.close();
    await test?.dispose();
  });

  const start = (args: string[]) => {
    const child = spawnCsm(['serve', ...args], {
      CSM_DATABASE_URL: test.url!,
      CSM_DATA_DIR: test.dataDir,
      CSM_MASTER_KEY: masterKey,
    });
    children.push(child);
    return { child, exit: finished(child), log: stderrLines(child) };
  };

  it.skipIf(!available)(
    'a worker killed mid-sync is taken over by the other: every order once, no 429',
    async () => {
      const logs: { name: string; lines: string[] }[] = [];
      onTestFailed(() => {
        for (const log of logs) process.stderr.write(`--- ${log.name}\n${log.lines.join('\n')}\n`);
      });
      // Two workers of two slots each, so each takes at least one of the three accounts; the scheduler
      // runs apart, in a process with no workers of its own.
      const workers = [
        start(['--workers-only', '--concurrency', '2']),
        start(['--workers-only', '--concurrency', '2']),
      ];
      for (const worker of workers) await worker.log.waitFor(/running 2 sync workers/);
      const scheduler = start(['--concurrency', '0']);
      logs.push(
        { name: 'worker 1', lines: workers[0]!.log.lines },
        { name: 'worker 2', lines: workers[1]!.log.lines },
        { name: 'scheduler', lines: scheduler.log.lines },
      );

      // Wait until each account is syncing past its burst, then kill a worker that holds one.
      const store = await openStore(test.config, quiet);
      let owners: { account_id: string; run_owner: string | null }[] = [];
      for (const worker of workers) await worker.log.waitFor(/page 2[01]: 100 orders/);
      owners = await store.db.selectFrom('sync_schedules').select(['account_id', 'run_owner']).execute();
      const pidOf = (owner: string | null) => Number(owner?.split('/')[1]);
      const [victim, survivor] = owners.some((o) => pidOf(o.run_owner) === workers[0]!.child.pid)
        ? [workers[0]!, workers[1]!]
        : [workers[1]!, workers[0]!];
      const orphaned = owners.filter((o) => pidOf(o.run_owner) === victim.child.pid).map((o) => o.account_id);
      expect(orphaned.length).toBeGreaterThan(0);
      victim.child.kill('SIGKILL');
      const killed: Finished = await victim.exit;
      expect(killed.signal).toBe('SIGKILL');

      // The scheduler sees the dead worker's runs and queues them again; the survivor resumes them.
      await expect
        .poll(
          async () => {
            const rows = await store.db
              .selectFrom('sync_schedules')
              .select(['last_outcome', 'run_owner', 'pending_since'])
              .execute();
            return rows.every((r) => r.last_outcome === 'changed' && r.pending_since === null);
          },
          { timeout: 120_000, interval: 1000 },
        )
        .toBe(true);
      await store.close();
      expect(survivor.log.lines.some((l) => /resuming a run that stopped/.test(l))).toBe(true);
      expect(survivor.log.lines.some((l) => /resuming after page \d+/.test(l))).toBe(true);

      for (const process of [survivor, scheduler]) process.child.kill('SIGTERM');
      expect((await survivor.exit).code).toBe(0);
      expect((await scheduler.exit).code).toBe(0);

      const { stored, expected, orders } = await compareWithGroundTruth(test, masterKey, emulator, ids);
      expect(orders).toBe(3 * 2300);
      expect(stored).toEqual(expected);
      expect(await emulator.throttled()).toBe(0);
    },
    240_000,
  );
});
