import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStoreRateLimitStore } from '../../src/accounts/rate-limit-store.js';
import {
  createMemoryRateLimitStore,
  createSpApiClient,
  type RateLimitStore,
  type SpApiClient,
} from '../../src/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { type EmulatorProcess, startEmulatorProcess } from '../serve/support/emulator-process.js';
import {
  BACKENDS,
  type Backend,
  backendAvailable,
  freshStore,
  type TestStore,
} from '../store/support/test-stores.js';

const quiet = { notify: () => {} };
const limits = { rate: 2, burst: 3 };

/** The same calls on two stores give the same answers: the store keeps the client's own bucket state. */
async function script(store: RateLimitStore, key: string): Promise<unknown[]> {
  const out: unknown[] = [];
  const margin = 50;
  for (let i = 0; i < 5; i++) out.push(await store.take(key, limits, 1_000, margin));
  await store.sent(key, 1, 1_000);
  await store.answered(key, 1, 30);
  await store.sent(key, 2, 1_005);
  out.push(await store.check(key, 4, 1_200, margin));
  await store.cancel(key, 5);
  out.push(await store.check(key, 5, 1_200, margin));
  await store.setRate(key, 4, 2_000);
  out.push(await store.check(key, 4, 2_000, margin));
  out.push(await store.take(key, limits, 10_000, margin));
  await store.drain(key, 10_000);
  out.push(await store.take(key, limits, 10_000, margin));
  // A rate learnt before the bucket's first take applies to it.
  await store.setRate(`${key}-early`, 0.5, 0);
  for (let i = 0; i < 4; i++) out.push(await store.take(`${key}-early`, { rate: 9, burst: 2 }, 0, 0));
  return out;
}

describe.each(BACKENDS)('rate-limit buckets in the store on %s', (backend: Backend) => {
  const unavailable = !backendAvailable(backend);
  let test: TestStore;
  let store: Store;

  beforeAll(async () => {
    if (unavailable) return;
    test = await freshStore(backend);
    store = await openStore(test.config, quiet);
  });
  afterAll(async () => {
    await store?.close();
    await test?.dispose();
  });

  describe.skipIf(unavailable)(unavailable ? 'needs CSM_TEST_DATABASE_URL' : 'buckets', () => {
    it('answers exactly as the in-memory store does', async () => {
      const expected = await script(createMemoryRateLimitStore(), 'k');
      expect(await script(createStoreRateLimitStore(store.db), 'conformance')).toEqual(expected);
      expect(expected.slice(0, 3)).toEqual([
        { ticket: 1, waitMs: 0 },
        { ticket: 2, waitMs: 0 },
        { ticket: 3, waitMs: 0 },
      ]);
      expect((expected[3] as { waitMs: number }).waitMs).toBeGreaterThan(0);
    });

    it('keeps what was spent across a restart of the process', async () => {
      const first = createStoreRateLimitStore(store.db);
      const memory = createMemoryRateLimitStore();
      for (let i = 1; i <= 3; i++) {
        for (const buckets of [first, memory]) {
          await buckets.take('restart', limits, 5_000, 0);
          await buckets.sent('restart', i, 5_000);
        }
      }
      await store.close();
      store = await openStore(test.config, quiet);
      const second = createStoreRateLimitStore(store.db);
      const next = await second.take('restart', limits, 5_000, 0);
      expect(next.ticket).toBe(4);
      expect(next).toEqual(await memory.take('restart', limits, 5_000, 0));
      expect(next.waitMs).toBeGreaterThan(0);
    });

    it('hands out every ticket once to callers racing on several connections', async () => {
      const buckets = createStoreRateLimitStore(store.db);
      const reservations = await Promise.all(
        Array.from({ length: 40 }, () => buckets.take('race', { rate: 10, burst: 5 }, 0, 0)),
      );
      const tickets = reservations.map((r) => r.ticket).sort((a, b) => a - b);
      expect(tickets).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      // Whoever got ticket n waits as long as ticket n waits in one process's memory.
      const memory = createMemoryRateLimitStore();
      const planned = new Map<number, number>();
      for (let i = 0; i < 40; i++) {
        const r = await memory.take('race', { rate: 10, burst: 5 }, 0, 0);
        planned.set(r.ticket, r.waitMs);
      }
      for (const r of reservations) expect(r.waitMs).toBe(planned.get(r.ticket));
    });
  });
});

describe.skipIf(!backendAvailable('postgres'))(
  'processes sharing one PostgreSQL against the emulator',
  () => {
    let emulator: EmulatorProcess;
    let test: TestStore;
    const stores: Store[] = [];

    beforeAll(async () => {
      test = await freshStore('postgres');
    });
    // A fresh emulator (full buckets) and empty store buckets for each test.
    beforeEach(async () => {
      const store = await openStore(test.config, quiet);
      await store.db.deleteFrom('rate_limit_buckets').execute();
      await store.close();
      // getOrder: 0.5/s × 2 = 1/s, burst 30.
      emulator = await startEmulatorProcess(['--sellers', '1', '--orders', '40', '--rate-scale', '2']);
    });
    afterEach(async () => {
      for (const store of stores.splice(0)) await store.close();
      await emulator.close();
    });
    afterAll(async () => {
      await test?.dispose();
    });

    /** A client as a separate process has it: its own pool on the store, its own token cache. */
    async function processClient(buckets: 'store' | 'memory'): Promise<SpApiClient> {
      const store = await openStore(test.config, quiet);
      stores.push(store);
      const seller = emulator.credentials.sellers[0]!;
      const client = createSpApiClient({
        endpoint: emulator.url,
        lwaEndpoint: `${emulator.url}/auth/o2/token`,
        clientId: emulator.credentials.clientId,
        clientSecret: emulator.credentials.clientSecret,
        refreshToken: seller.refreshToken,
        sellerId: seller.sellerId,
        rateLimit: { rateScale: 2 },
        retry: false,
        rateLimitStore:
          buckets === 'store' ? createStoreRateLimitStore(store.db) : createMemoryRateLimitStore(),
      });
      // The LWA token first, through another operation's bucket: the getOrder calls then go as soon as
      // their tokens are due, not after a token request.
      await client.call('getMarketplaceParticipations');
      return client;
    }

    /** `n` getOrder calls at once; resolves with how many failed. */
    async function callGetOrder(client: SpApiClient, n: number): Promise<number> {
      const { orders } = await emulator.control<{ orders: { orderId: string }[] }>(
        'GET',
        `/orders?sellerId=${emulator.credentials.sellers[0]!.sellerId}`,
      );
      const results = await Promise.allSettled(
        Array.from({ length: n }, (_, i) =>
          client.call('getOrder@2026-01-01', { path: { orderId: orders[i % orders.length]!.orderId } }),
        ),
      );
      return results.filter((r) => r.status === 'rejected').length;
    }

    it('a process started after another spent the burst waits for it: no 429', async () => {
      await callGetOrder(await processClient('store'), 30);
      expect(await callGetOrder(await processClient('store'), 5)).toBe(0);
      expect(await emulator.throttled()).toBe(0);
    });

    it('(the control: with buckets in each process’s memory, the same two steps meet 429s)', async () => {
      await callGetOrder(await processClient('memory'), 30);
      expect(await callGetOrder(await processClient('memory'), 5)).toBeGreaterThan(0);
      expect(await emulator.throttled()).toBeGreaterThan(0);
    });

    it('two processes calling for one seller at once share its bucket: no 429', async () => {
      const [a, b] = [await processClient('store'), await processClient('store')];
      const failures = await Promise.all([callGetOrder(a, 18), callGetOrder(b, 18)]);
      expect(failures).toEqual([0, 0]);
      expect(await emulator.throttled()).toBe(0);
    });
  },
);
