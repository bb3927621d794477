import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVault } from '../../src/accounts/vault/index.js';
import { accountClients, listShipments } from '../../src/fulfillment/index.js';
import type { AmazonOrder } from '../../src/orders/amazon-order.js';
import { type RunningServe, type ServeEvent, startServe } from '../../src/serve/index.js';
import type { Store } from '../../src/store/index.js';
import { realClock } from '../../src/time/clock.js';
import { csm } from '../cli/support/memory-context.js';
import { confirmations, type ShipWorld, shipWorld, unshipped } from './support/ship-world.js';

describe('csm ship while csm serve owns the store: the serve’s shipment queue sends', () => {
  let world: ShipWorld;
  let store: Store;
  let serve: RunningServe;
  let open: AmazonOrder[];
  const events: ServeEvent[] = [];

  beforeAll(async () => {
    world = await shipWorld({ seed: 34, orders: 120, days: 1 });
    open = unshipped(await world.truth());
    store = await world.open();
    const vault = await openVault({
      db: store.db,
      env: world.env,
      dataDir: world.test.dataDir,
      notify: () => {},
    });
    serve = await startServe({
      db: store.db,
      runner: async () => ({ outcome: 'complete', orders: 0, created: 0, updated: 0, recheckUpdated: 0 }),
      deleteExpiredPii: async () => 0,
      onEvent: (event) => events.push(event),
      workersOnly: true,
      pollMs: 200,
      shipments: { clientFor: accountClients(store.db, vault, realClock, { rateLimit: { rateScale: 200 } }) },
    });
  }, 120_000);
  afterAll(async () => {
    await serve?.stop('test over');
    await store?.close();
    await world?.close();
  });

  it('queues the package in the same transaction as the shipment; a serve worker confirms it; csm ship waits', async () => {
    const order = open[0]!;
    const run = await csm(
      ['ship', order.orderId, '--carrier', 'USPS', '--tracking', '9400100000000000000011'],
      {
        env: world.env,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`^${order.orderId}\\t1\\tconfirmed\\tUSPS\\t9400100000000000000011\\t`),
    );
    expect((await confirmations(world.emulator))[order.orderId]?.['1']?.count).toBe(1);
    expect(events).toContainEqual({
      type: 'shipment',
      event: expect.objectContaining({ type: 'confirmed', orderId: order.orderId, packageReferenceId: '1' }),
    });
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
  }, 60_000);

  it('--no-wait returns once queued; the serve sends it', async () => {
    const order = open[1]!;
    const run = await csm(
      ['ship', order.orderId, '--carrier', 'UPS', '--tracking', '1Z0000000000000011', '--no-wait'],
      {
        env: world.env,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/queued; csm serve sends them/);
    await expect
      .poll(async () => (await listShipments(store, { orderId: order.orderId }))[0]?.status, {
        timeout: 30_000,
      })
      .toBe('confirmed');
    expect((await confirmations(world.emulator))[order.orderId]?.['1']?.count).toBe(1);
    const truth = (await world.truth()).find((o) => o.orderId === order.orderId)!;
    expect(truth.fulfillment?.fulfillmentStatus).toBe('SHIPPED');
  }, 60_000);
});
