import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { deleteExpiredPii } from '../../src/orders/index.js';
import {
  accountSyncRunner,
  PII_CRON,
  PII_QUEUE,
  type ServeEvent,
  startServe,
} from '../../src/serve/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { realClock } from '../../src/time/clock.js';
import { finished, spawnCsm } from '../store/support/processes.js';
import { freshPgliteStore, type TestStore } from '../store/support/test-stores.js';
import { testMasterKey, testVault } from './support/accounts.js';
import { connectSellers } from './support/sync-world.js';

const quiet = { notify: () => {} };
const DAY_MS = 86_400_000;

describe('the scheduled deletion of buyer data', () => {
  let emulator: RunningEmulator;
  let test: TestStore;
  let store: Store;
  const masterKey = testMasterKey();

  beforeAll(async () => {
    emulator = await startEmulator({ sellers: 1, orders: 300, rateScale: 500 });
    test = await freshPgliteStore();
    const [id] = await connectSellers(test, masterKey, emulator);
    store = await openStore(test.config, quiet);
    const vault = await testVault(store, masterKey);
    // Thirty days of orders: buyer data is stored for those delivered less than 30 days ago.
    const runner = accountSyncRunner({
      db: store.db,
      vault,
      clock: realClock,
      client: { rateLimit: { rateScale: 500 } },
    });
    await runner({ accountId: id!, signal: new AbortController().signal, onProgress: () => {} });
  });
  afterAll(async () => {
    await store?.close();
    await test?.dispose();
    await emulator?.close();
  });

  /** Stored buyer data by how long ago the order's retention started. */
  async function piiByAge(): Promise<{ older: number; newer: number }> {
    const cutoff = new Date(realClock.now() - 10 * DAY_MS);
    const { rows } = await sql<{ older: string; newer: string }>`
      select count(*) filter (where o.retention_from <= ${cutoff}) as older,
             count(*) filter (where o.retention_from is null or o.retention_from > ${cutoff}) as newer
      from order_pii p join orders o using (account_id, order_id)`.execute(store.db);
    return { older: Number(rows[0]!.older), newer: Number(rows[0]!.newer) };
  }

  it('runs when csm serve starts and daily, deleting what is past the retention set (10 days here)', async () => {
    const before = await piiByAge();
    expect(before.older).toBeGreaterThan(0);
    expect(before.newer).toBeGreaterThan(0);
    const events: ServeEvent[] = [];
    let deleted!: (orders: number) => void;
    const done = new Promise<number>((resolve) => {
      deleted = resolve;
    });
    const serve = await startServe({
      db: store.db,
      runner: async () => ({ outcome: 'complete', orders: 0, created: 0, updated: 0, recheckUpdated: 0 }),
      deleteExpiredPii: () => deleteExpiredPii({ db: store.db, clock: realClock, retentionDays: 10 }),
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'pii-deleted') deleted(event.orders);
      },
      pollMs: 500,
    });
    try {
      expect(await done).toBe(before.older);
      expect(await piiByAge()).toEqual({ older: 0, newer: before.newer });
      const schedules = await serve.boss.getSchedules();
      expect(schedules).toContainEqual(
        expect.objectContaining({ name: PII_QUEUE, cron: PII_CRON, timezone: 'UTC' }),
      );
    } finally {
      await serve.stop('test over');
    }
  });

  it('is never set longer than Amazon allows', async () => {
    const flag = await finished(
      spawnCsm(['serve', '--pii-retention-days', '31'], { CSM_DATA_DIR: test.dataDir }),
    );
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--pii-retention-days expects a whole number from 0 to 30');
    const env = await finished(
      spawnCsm(['serve'], { CSM_DATA_DIR: test.dataDir, CSM_PII_RETENTION_DAYS: '45' }),
    );
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('CSM_PII_RETENTION_DAYS must be a whole number of days from 0 to 30');
  });
});
