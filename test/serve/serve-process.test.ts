import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { finished, spawnCsm } from '../store/support/processes.js';
import { freshPgliteStore, type TestStore } from '../store/support/test-stores.js';
import { testMasterKey } from './support/accounts.js';
import { type EmulatorProcess, startEmulatorProcess } from './support/emulator-process.js';
import { compareWithGroundTruth, connectSellers, stderrLines } from './support/sync-world.js';

const quiet = { notify: () => {} };

describe('csm serve on the embedded store', () => {
  let emulator: EmulatorProcess;
  let test: TestStore;
  let ids: string[];
  const masterKey = testMasterKey();

  beforeAll(async () => {
    // 26 pages of 100 orders; searchOrders at 9 × Amazon's 1 per 180 s: the burst of 20, then one every 20 s,
    // so the commands started after page 21 (slow process starts on a loaded machine) still meet the sync running.
    emulator = await startEmulatorProcess(['--sellers', '1', '--orders', '2600', '--rate-scale', '9']);
    test = await freshPgliteStore();
    ids = await connectSellers(test, masterKey, emulator);
  });
  afterAll(async () => {
    await emulator?.close();
    await test?.dispose();
  });

  const env = () => ({ CSM_DATA_DIR: test.dataDir, CSM_MASTER_KEY: masterKey });

  it('lets every other command use the store it owns, stops on SIGTERM mid-sync, and resumes on the next start', async () => {
    const serve = spawnCsm(['serve'], env());
    const exit = finished(serve);
    const log = stderrLines(serve);
    await log.waitFor(/seller-1: page 21: 100 orders/);

    // Other commands reach the owner's store through its socket.
    const schedule = await finished(spawnCsm(['schedule', '--json'], env()));
    expect(schedule.code).toBe(0);
    expect(JSON.parse(schedule.stdout.trim())).toMatchObject({ account: 'seller-1', state: 'running' });
    const request = await finished(spawnCsm(['schedule', 'run', '--account', 'seller-1'], env()));
    expect(request.code).toBe(0);
    expect(request.stdout).toBe('seller-1: a sync is queued or running; one more follows it\n');

    serve.kill('SIGTERM');
    const stopped = await exit;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toContain('SIGTERM: stopping; 1 running sync abandons the page in flight');
    expect(stopped.stderr).toContain('seller-1: sync stopped; its page in flight was abandoned');
    expect(stopped.stderr).toMatch(/csm serve: stopped\n$/);

    const store = await openStore(test.config, quiet);
    const committed = await store.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const row = await store.db
      .selectFrom('sync_schedules')
      .select(['last_outcome', 'pending_since', 'run_owner'])
      .where('account_id', '=', ids[0]!)
      .executeTakeFirstOrThrow();
    await store.close();
    // Whole pages only, and the run is over: nobody holds the account.
    expect(Number(committed.n) % 100).toBe(0);
    expect(Number(committed.n)).toBeGreaterThanOrEqual(2100);
    expect(row).toEqual({ last_outcome: 'aborted', pending_since: null, run_owner: null });

    const again = spawnCsm(['serve'], env());
    const againExit = finished(again);
    const againLog = stderrLines(again);
    await againLog.waitFor(/seller-1: orders last updated .*, resuming after page 2\d/);
    await againLog.waitFor(/seller-1: sync done/);
    again.kill('SIGTERM');
    expect((await againExit).code).toBe(0);

    const { stored, expected, orders } = await compareWithGroundTruth(test, masterKey, emulator, ids);
    expect(orders).toBe(2600);
    expect(stored).toEqual(expected);
    expect(await emulator.throttled()).toBe(0);
  }, 420_000);
});
