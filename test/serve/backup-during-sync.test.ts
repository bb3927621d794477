import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { finished, spawnCsm } from '../store/support/processes.js';
import { freshPgliteStore, type TestStore } from '../store/support/test-stores.js';
import { testMasterKey } from './support/accounts.js';
import { type EmulatorProcess, startEmulatorProcess } from './support/emulator-process.js';
import { compareWithGroundTruth, connectSellers, stderrLines } from './support/sync-world.js';

const quiet = { notify: () => {} };

describe('a backup taken during a sync', () => {
  let emulator: EmulatorProcess;
  let source: TestStore;
  let target: TestStore;
  let ids: string[];
  const masterKey = testMasterKey();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'csm-backup-sync-'));
  const file = path.join(dir, 'mid-sync.csm-backup');

  beforeAll(async () => {
    // 25 pages of 100 orders; searchOrders at 18 × Amazon's 1 per 180 s: the burst of 20, then one every
    // 10 s, so the backup (a process start, slow on a loaded machine) lands well inside the window.
    emulator = await startEmulatorProcess(['--sellers', '1', '--orders', '2500', '--rate-scale', '18']);
    source = await freshPgliteStore();
    target = await freshPgliteStore({ empty: true });
    ids = await connectSellers(source, masterKey, emulator);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await emulator?.close();
    await source?.dispose();
    await target?.dispose();
  });

  it('restores to a store that syncs on to the ground truth', async () => {
    const env = (test: TestStore) => ({ CSM_DATA_DIR: test.dataDir, CSM_MASTER_KEY: masterKey });
    const serve = spawnCsm(['serve'], env(source));
    const exit = finished(serve);
    const log = stderrLines(serve);
    await log.waitFor(/seller-1: page 20: 100 orders/);
    const backup = await finished(spawnCsm(['backup', file], env(source)));
    expect(backup.code).toBe(0);
    serve.kill('SIGTERM');
    expect((await exit).code).toBe(0);

    const restore = await finished(spawnCsm(['restore', file, '--json'], env(target)));
    expect(restore.code).toBe(0);
    const restored = JSON.parse(restore.stdout) as { rowsByTable: Record<string, number> };
    // Taken mid-window: some pages, not all of them.
    expect(restored.rowsByTable.orders).toBeGreaterThanOrEqual(2000);
    expect(restored.rowsByTable.orders).toBeLessThan(2500);
    expect(restored.rowsByTable.orders! % 100).toBe(0);

    const again = spawnCsm(['serve'], env(target));
    const againExit = finished(again);
    const againLog = stderrLines(again);
    await againLog.waitFor(/seller-1: sync done/);
    again.kill('SIGTERM');
    expect((await againExit).code).toBe(0);
    // It went on from the pages the backup had committed.
    const pages = restored.rowsByTable.orders! / 100;
    expect(againLog.lines).toContainEqual(expect.stringMatching(new RegExp(`resuming after page ${pages}$`)));

    const { stored, expected, orders } = await compareWithGroundTruth(target, masterKey, emulator, ids);
    expect(orders).toBe(2500);
    expect(stored).toEqual(expected);
    const store = await openStore(target.config, quiet);
    const row = await store.db.selectFrom('sync_schedules').select('last_outcome').executeTakeFirstOrThrow();
    await store.close();
    expect(row.last_outcome).toBe('changed');
  }, 300_000);
});
