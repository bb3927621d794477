import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AmazonOrder } from '../../src/orders/amazon-order.js';
import { deleteExpiredPii, type SyncSummary, syncAccount } from '../../src/orders/sync/index.js';
import type { SyncDeps } from '../../src/orders/sync/sync-types.js';
import { realClock } from '../../src/time/clock.js';
import { BACKENDS, type Backend, backendAvailable } from '../store/support/test-stores.js';
import {
  activity,
  asSynced,
  byId,
  emulatorStats,
  groundTruth,
  type SyncWorld,
  setFaults,
  storedOrders,
  syncWorld,
} from './support/sync-harness.js';

/** Calls syncAccount until a call completes, as the jobs do after a failure; returns every summary. */
async function syncUntilComplete(deps: SyncDeps, maxCalls = 20): Promise<SyncSummary[]> {
  const summaries: SyncSummary[] = [];
  for (let i = 0; i < maxCalls; i++) {
    try {
      const summary = await syncAccount(deps);
      summaries.push(summary);
      if (summary.outcome === 'complete') return summaries;
    } catch (error) {
      // A call that fails leaves the state consistent; the next one resumes.
      if (i === maxCalls - 1) throw error;
    }
  }
  throw new Error(`no sync completed in ${maxCalls} calls`);
}

describe.each(BACKENDS)('syncAccount against the emulator on %s', (backend: Backend) => {
  const unavailable = !backendAvailable(backend);
  let world: SyncWorld;
  const deps = (extra: Partial<SyncDeps> = {}): SyncDeps => ({
    db: world.store.db,
    client: world.client(0),
    clock: realClock,
    vault: world.vault,
    target: world.targets[0]!,
    ...extra,
  });
  const expectGroundTruth = async () => {
    const target = world.targets[0]!;
    const truth = await groundTruth(world.emulator, target.sellerId);
    const stored = await storedOrders(world, target.accountId);
    expect(stored.length).toBe(truth.length);
    expect(byId(stored)).toEqual(byId(truth.map((o) => asSynced(o))));
  };

  beforeAll(async () => {
    if (unavailable) return;
    world = await syncWorld({ backend, emulator: { seed: 11, orders: 230, sellers: 1 } });
  });
  afterAll(async () => {
    await world?.close();
  });

  describe.skipIf(unavailable)(unavailable ? 'needs CSM_TEST_DATABASE_URL' : 'sync', () => {
    it('a first sync stores exactly the ground truth, without a single 429', async () => {
      const summary = await syncAccount(deps());
      expect(summary).toMatchObject({
        outcome: 'complete',
        pages: 3,
        orders: 230,
        created: 230,
        throttled: 0,
      });
      expect(summary.watermark).toBe(summary.before);
      await expectGroundTruth();
      const stats = await emulatorStats(world.emulator);
      expect(stats.searchOrders?.throttled).toBe(0);
      const pii = await world.store.db
        .selectFrom('order_pii')
        .select(({ fn }) => fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(pii.n)).toBeGreaterThan(100);
    });

    it('an incremental sync picks up new and updated orders, and only those are written', async () => {
      const at = new Date(Date.now() - 3 * 60_000).toISOString();
      const changed = await activity(world.emulator, { created: 7, updated: 9, at });
      const summary = await syncAccount(deps());
      expect(summary.outcome).toBe('complete');
      expect(summary.created).toBe(7);
      expect(summary.updated).toBe(changed.updated.length);
      await expectGroundTruth();
      const versions = await world.store.db
        .selectFrom('orders')
        .select(['order_id', 'version'])
        .where('order_id', 'in', changed.updated)
        .execute();
      expect(versions.every((v) => v.version === 2)).toBe(true);
    });

    it('with 429s, 5xx, dropped connections and expired page tokens, it ends at exactly the ground truth', async () => {
      await activity(world.emulator, {
        created: 40,
        updated: 30,
        at: new Date(Date.now() - 3 * 60_000).toISOString(),
      });
      // Restarting a window on an expired token is safe but starts it over, so its odds stay modest here.
      await setFaults(world.emulator, '429=0.1,5xx=0.05,drop=0.03;searchOrders:expired-token=0.05');
      try {
        const summaries = await syncUntilComplete(
          deps({ since: new Date(Date.now() - 40 * 86_400_000), options: { pageSize: 50 } }),
        );
        const total = (key: 'throttled' | 'retries' | 'tokenRestarts') =>
          summaries.reduce((sum, s) => sum + s[key], 0);
        // The faults did happen, and were survived.
        expect(total('retries')).toBeGreaterThan(0);
      } finally {
        await setFaults(world.emulator, '');
      }
      await expectGroundTruth();
    });

    it('a stopped sync commits nothing of the page in flight and the next call resumes at the next page', async () => {
      await activity(world.emulator, {
        created: 25,
        updated: 0,
        at: new Date(Date.now() - 3 * 60_000).toISOString(),
      });
      const controller = new AbortController();
      const first = await syncAccount(
        deps({
          since: new Date(Date.now() - 40 * 86_400_000),
          signal: controller.signal,
          options: { pageSize: 50 },
          onProgress: (e) => {
            if (e.type === 'page' && e.page === 2) controller.abort();
          },
        }),
      );
      expect(first.outcome).toBe('aborted');
      expect(first.pages).toBe(2);
      const state = await world.store.db
        .selectFrom('order_sync_state')
        .selectAll()
        .where('account_id', '=', world.targets[0]!.accountId)
        .executeTakeFirstOrThrow();
      expect(state.page_token).not.toBeNull();
      expect(state.pages_done).toBe(2);
      expect(state.lease_owner).toBeNull();
      const second = await syncAccount(deps({ options: { pageSize: 50 } }));
      expect(second).toMatchObject({
        outcome: 'complete',
        resumedAtPage: 2,
        after: first.after,
        before: first.before,
      });
      expect(second.pages).toBe(Math.ceil((230 + 7 + 40 + 25) / 50) - 2);
      await expectGroundTruth();
    });

    it('an expired page token restarts the window; one that keeps expiring fails the call, which the next resumes', async () => {
      await setFaults(world.emulator, 'searchOrders:expired-token=1');
      const restarts: string[] = [];
      try {
        const error = await syncAccount(
          deps({
            since: new Date(Date.now() - 40 * 86_400_000),
            options: { pageSize: 100, maxTokenRestarts: 2 },
            onProgress: (e) => {
              if (e.type === 'restart') restarts.push(e.reason);
            },
          }),
        ).catch((e: unknown) => e);
        expect(error).toMatchObject({ name: 'SyncError', code: 'SYNC_TOKEN_RESTARTS' });
        expect(restarts).toEqual(['pagination-token-expired', 'pagination-token-expired']);
      } finally {
        await setFaults(world.emulator, '');
      }
      const state = await world.store.db
        .selectFrom('order_sync_state')
        .select(['window_after', 'last_error', 'lease_owner'])
        .where('account_id', '=', world.targets[0]!.accountId)
        .executeTakeFirstOrThrow();
      expect(state.window_after).not.toBeNull();
      expect(state.last_error).toMatch(/pagination token expired/);
      expect(state.lease_owner).toBeNull();
      const next = await syncAccount(deps());
      expect(next.outcome).toBe('complete');
      await expectGroundTruth();
    });

    it('one sync per account: a second call while one runs is refused with SYNC_BUSY', async () => {
      const controller = new AbortController();
      let release: () => void = () => {};
      const paused = new Promise<void>((resolve) => {
        release = resolve;
      });
      let started: () => void = () => {};
      const running = new Promise<void>((resolve) => {
        started = resolve;
      });
      const first = syncAccount(
        deps({
          signal: controller.signal,
          onProgress: (e) => {
            if (e.type === 'start') started();
          },
          client: {
            ...world.client(0),
            call: (async (...args: Parameters<ReturnType<SyncWorld['client']>['call']>) => {
              await paused;
              return world.client(0).call(...args);
            }) as ReturnType<SyncWorld['client']>['call'],
          },
        }),
      );
      await running;
      const error = await syncAccount(deps()).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'SyncError', code: 'SYNC_BUSY' });
      expect((error as Error).message).toMatch(new RegExp(`process ${process.pid}`));
      release();
      expect((await first).outcome).toBe('complete');
    });

    it('re-checks open orders that stopped changing: an update the search window missed still arrives', async () => {
      // Updates stamped before the last window's start (watermark − 10 minutes): no incremental window
      // covers them, as with an update Amazon makes visible late.
      await activity(world.emulator, {
        created: 3,
        updated: 0,
        at: new Date(Date.now() - 40 * 60_000).toISOString(),
      });
      await syncAccount(deps({ since: new Date(Date.now() - 60 * 60_000) }));
      const old = new Date(Date.now() - 30 * 60_000).toISOString();
      const changed = await activity(world.emulator, { created: 0, updated: 3, at: old });
      const open = await world.store.db
        .selectFrom('orders')
        .select('order_id')
        .where('order_id', 'in', changed.updated)
        .where('status', 'in', ['PENDING', 'UNSHIPPED', 'PARTIALLY_SHIPPED'])
        .execute();
      expect(open.length).toBeGreaterThan(0);
      const summary = await syncAccount(deps({ options: { recheckAfterMs: 0, recheckLimit: 1000 } }));
      expect(summary.rechecked).toBeGreaterThan(0);
      expect(summary.recheckUpdated).toBe(open.length);
      await expectGroundTruth();
    });

    it('deletes buyer data past its retention, never stores it again, and refuses a retention over 30 days', async () => {
      const count = async () =>
        Number(
          (
            await world.store.db
              .selectFrom('order_pii')
              .select(({ fn }) => fn.countAll<string>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      await expect(
        deleteExpiredPii({ db: world.store.db, clock: realClock, retentionDays: 31 }),
      ).rejects.toThrow(/from 0 to 30/);
      expect(await deleteExpiredPii({ db: world.store.db, clock: realClock })).toBe(0);
      const deleted = await deleteExpiredPii({ db: world.store.db, clock: realClock, retentionDays: 0 });
      expect(deleted).toBeGreaterThan(0);
      expect(await count()).toBe(before - deleted);
      const kept = await world.store.db
        .selectFrom('order_pii')
        .innerJoin('orders', (j) =>
          j
            .onRef('orders.account_id', '=', 'order_pii.account_id')
            .onRef('orders.order_id', '=', 'order_pii.order_id'),
        )
        .select(['orders.status', 'orders.retention_from'])
        .execute();
      expect(kept.every((k) => k.retention_from === null)).toBe(true);
      // A full re-sync sees those orders again: their buyer data stays deleted.
      await syncAccount(deps({ since: new Date(Date.now() - 40 * 86_400_000) }));
      expect(await count()).toBe(before - deleted);
      const order = (await storedOrders(world, world.targets[0]!.accountId)).find((o) =>
        ['SHIPPED', 'CANCELLED'].includes(o.fulfillment?.fulfillmentStatus ?? ''),
      ) as AmazonOrder;
      expect(order.buyer).toBeUndefined();
      expect(order.recipient).toBeUndefined();
    });
  });
});

describe('syncAccount on the v0 fallback (getOrders + getOrderItems with an RDT)', () => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await syncWorld({ api: 'v0', emulator: { seed: 5, orders: 60, sellers: 1 } });
  });
  afterAll(async () => {
    await world?.close();
  });

  const essentials = (o: AmazonOrder) => {
    const status = o.fulfillment?.fulfillmentStatus;
    const address = o.recipient?.deliveryAddress;
    return {
      orderId: o.orderId,
      lastUpdatedTime: o.lastUpdatedTime,
      status,
      fulfilledBy: o.fulfillment?.fulfilledBy,
      buyerName: o.buyer?.buyerName,
      address:
        status === 'PENDING' || status === 'CANCELLED'
          ? undefined
          : [address?.addressLine1, address?.city, address?.postalCode, address?.countryCode],
      items: o.orderItems.map((i) => [
        i.orderItemId,
        i.product.sellerSku,
        i.quantityOrdered,
        i.fulfillment?.quantityFulfilled,
      ]),
    };
  };

  it('stores every order with its items and buyer data, in the 2026-01-01 shape', async () => {
    const target = world.targets[0]!;
    const summary = await syncAccount({
      db: world.store.db,
      client: world.client(0),
      clock: realClock,
      vault: world.vault,
      target,
    });
    expect(summary).toMatchObject({ outcome: 'complete', api: 'v0', created: 60, throttled: 0 });
    const truth = await groundTruth(world.emulator, target.sellerId);
    const stored = await storedOrders(world, target.accountId);
    expect(byId(stored).map(essentials)).toEqual(byId(truth).map(essentials));
    const stats = await emulatorStats(world.emulator);
    expect(stats.getOrderItems?.requests).toBe(60);
    // An unchanged order costs no getOrderItems call on the next sync.
    await syncAccount({
      db: world.store.db,
      client: world.client(0),
      clock: realClock,
      vault: world.vault,
      target,
    });
    expect((await emulatorStats(world.emulator)).getOrderItems?.requests).toBe(60);
  });
});

describe('syncAccount without buyer data allowed', () => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await syncWorld({ piiAllowed: false, emulator: { seed: 3, orders: 40, sellers: 1 } });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('asks for no BUYER or RECIPIENT and stores no buyer data', async () => {
    const target = world.targets[0]!;
    await syncAccount({
      db: world.store.db,
      client: world.client(0),
      clock: realClock,
      vault: world.vault,
      target,
    });
    const pii = await world.store.db.selectFrom('order_pii').selectAll().execute();
    expect(pii).toEqual([]);
    const truth = await groundTruth(world.emulator, target.sellerId);
    const stored = await storedOrders(world, target.accountId);
    expect(byId(stored)).toEqual(byId(truth.map((o) => asSynced(o, false))));
  });
});
