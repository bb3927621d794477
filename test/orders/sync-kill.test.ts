import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVault } from '../../src/accounts/vault/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import type { SyncTarget } from '../../src/orders/sync/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { finished, spawnScript, waitForLine } from '../store/support/processes.js';
import {
  BACKENDS,
  type Backend,
  backendAvailable,
  freshStore,
  type TestStore,
} from '../store/support/test-stores.js';
import {
  activity,
  asSynced,
  byId,
  groundTruth,
  insertAccounts,
  storedOrders,
  testMasterKey,
} from './support/sync-harness.js';

const KILLS = 20;
const RATE_SCALE = 1000;
const PAGE_SIZE = 10;

/** A small seeded PRNG (mulberry32): the kill points are random, and the same seed repeats them. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(BACKENDS)('a sync killed with SIGKILL at random points on %s', (backend: Backend) => {
  const unavailable = !backendAvailable(backend);
  let emulator: RunningEmulator;
  let test: TestStore;
  let target: SyncTarget;
  const masterKey = testMasterKey();
  const seed = Number(process.env.CSM_KILL_SEED ?? Date.now() % 100_000);

  beforeAll(async () => {
    if (unavailable) return;
    // Each page answers after 20–60 ms, so a sync of 30 pages spans about two seconds for the kills to land in.
    emulator = await startEmulator({
      seed: 31,
      orders: 300,
      sellers: 1,
      rateScale: RATE_SCALE,
      faults: 'searchOrders:latency=20-60',
    });
    test = await freshStore(backend);
    const store = await openStore(test.config, { notify: () => {} });
    await openVault({
      db: store.db,
      env: { CSM_MASTER_KEY: masterKey },
      dataDir: test.dataDir,
      notify: () => {},
    });
    target = (await insertAccounts(store, emulator))[0]!;
    await store.close();
  });
  afterAll(async () => {
    await test?.dispose();
    await emulator?.close();
  });

  const childEnv = (mode: string): Record<string, string> => {
    const seller = emulator.credentials.sellers[0]!;
    return {
      ...(test.config.backend === 'postgres'
        ? { CSM_DATABASE_URL: test.config.url, CSM_DATA_DIR: test.dataDir }
        : { CSM_DATA_DIR: test.dataDir, CSM_DATABASE_URL: '' }),
      CSM_MASTER_KEY: masterKey,
      SYNC_TARGET: JSON.stringify(target),
      SYNC_MODE: mode,
      EMULATOR_URL: emulator.url,
      CLIENT_ID: emulator.credentials.clientId,
      CLIENT_SECRET: emulator.credentials.clientSecret,
      REFRESH_TOKEN: seller.refreshToken,
      RATE_SCALE: String(RATE_SCALE),
      PAGE_SIZE: String(PAGE_SIZE),
    };
  };

  it.skipIf(unavailable)(
    `is killed ${KILLS} times, resumes, and ends with every order of the ground truth exactly once, latest version`,
    async () => {
      const random = prng(seed);
      let kills = 0;
      const pagesAtKill: number[] = [];
      while (kills < KILLS) {
        const child = spawnScript('test/orders/support/sync-child.ts', [], childEnv('churn'));
        const exit = finished(child);
        let pages = 0;
        child.stdout.on('data', (d: Buffer) => {
          pages += (d.toString().match(/^page /gm) ?? []).length;
        });
        await waitForLine(child, 'stdout', /^ready$/);
        // Anywhere from before the first request to deep into a re-sync. Every other kill first waits for a
        // committed page, so kills land within the sync however slowly the child starts on a loaded machine.
        if (kills % 2 === 1) await waitForLine(child, 'stdout', /^page /).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 2000)));
        child.kill('SIGKILL');
        const result = await exit;
        expect(result.signal, result.stderr).toBe('SIGKILL');
        pagesAtKill.push(pages);
        kills++;
        // Amazon moves on meanwhile: new orders, status changes (stamped 3 minutes ago, visible at once).
        await activity(emulator, {
          created: Math.floor(random() * 4),
          updated: Math.floor(random() * 6),
          at: new Date(Date.now() - 3 * 60_000).toISOString(),
        });
      }
      // Kills landed between and within pages, not only before the first one: at least the half that
      // waited for a committed page.
      expect(
        pagesAtKill.filter((p) => p > 0).length,
        `seed ${seed}: pages at kills ${pagesAtKill}`,
      ).toBeGreaterThanOrEqual(KILLS / 2);

      const final = spawnScript('test/orders/support/sync-child.ts', [], childEnv('final'));
      const done = await finished(final);
      expect(done.code, done.stderr).toBe(0);
      expect(done.stdout).toMatch(/done\n$/);

      const store: Store = await openStore(test.config, { notify: () => {} });
      try {
        const vault = await openVault({
          db: store.db,
          env: { CSM_MASTER_KEY: masterKey },
          dataDir: test.dataDir,
          notify: () => {},
        });
        const truth = await groundTruth(emulator, target.sellerId);
        const stored = await storedOrders({ store, vault }, target.accountId);
        const ids = stored.map((o) => o.orderId);
        expect(new Set(ids).size, 'no order twice').toBe(ids.length);
        expect(stored.length, `seed ${seed}`).toBe(truth.length);
        expect(byId(stored), `seed ${seed}`).toEqual(byId(truth.map((o) => asSynced(o))));
        const state = await store.db.selectFrom('order_sync_state').selectAll().executeTakeFirstOrThrow();
        expect(state.window_after).toBeNull();
        expect(state.lease_owner).toBeNull();
      } finally {
        await store.close();
      }
    },
    900_000,
  );
});
