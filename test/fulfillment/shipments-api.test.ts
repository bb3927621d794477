import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CARRIER_CODES,
  createShipments,
  findCarrier,
  listShipments,
  retryShipment,
  SHIPMENT_STATUSES,
  suggestCarriers,
} from '../../src/fulfillment/index.js';
import type { AmazonOrder } from '../../src/orders/amazon-order.js';
import type { Store } from '../../src/store/index.js';
import { type ShipWorld, shipWorld, unshipped } from './support/ship-world.js';

describe("Amazon's carrier codes", () => {
  it('finds a code without case, spaces or punctuation, and suggests the nearest for a typo', () => {
    expect(CARRIER_CODES).toContain('USPS');
    expect(new Set(CARRIER_CODES).size).toBe(CARRIER_CODES.length);
    expect(findCarrier('fedex')).toBe('FedEx');
    expect(findCarrier('royal-mail')).toBe('Royal Mail');
    expect(findCarrier('Speedy Couriers')).toBeUndefined();
    expect(suggestCarriers('Fedx')).toEqual(['FedEx']);
    expect(suggestCarriers('Royal Mial')[0]).toBe('Royal Mail');
    expect(suggestCarriers('Deutsche Pst')[0]).toBe('Deutsche Post');
    expect(suggestCarriers('zzzzzzzz')).toEqual([]);
  });
});

describe('the shipments API for the REST server (createShipments, listShipments, retryShipment)', () => {
  let world: ShipWorld;
  let store: Store;
  let open: AmazonOrder[];

  beforeAll(async () => {
    world = await shipWorld({ seed: 36, orders: 60, days: 1 });
    open = unshipped(await world.truth());
    store = await world.open();
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await world?.close();
  });

  it('returns validation errors by field and index, storing nothing', async () => {
    const order = open[0]!;
    const result = await createShipments(store, {
      shipments: [
        { orderId: order.orderId, carrier: 'UPS', trackingNumber: '1Z0000000000000021' },
        { orderId: order.orderId, carrier: 'Fedx', trackingNumber: 'x', shipDate: 'yesterday' },
        { orderId: '111-1111111-1111111', carrier: 'UPS', trackingNumber: '1Z0000000000000022' },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.index, e.field])).toEqual([
      [1, 'carrier'],
      [1, 'trackingNumber'],
      [1, 'shipDate'],
      [2, 'orderId'],
    ]);
    expect(await listShipments(store)).toEqual([]);
  });

  it('stores pending packages, lists them by status and order, and retries failed ones', async () => {
    const order = open[0]!;
    const created = await createShipments(store, {
      shipments: [{ orderId: order.orderId, carrier: 'UPS', trackingNumber: '1Z0000000000000021' }],
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const [pkg] = created.packages;
    expect(pkg).toMatchObject({
      index: 0,
      orderId: order.orderId,
      packageReferenceId: '1',
      existing: false,
      status: 'pending',
    });
    const listed = await listShipments(store, { status: 'pending' });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      account: 'seller-1',
      orderId: order.orderId,
      status: 'pending',
      source: 'api',
      failureReason: null,
      packages: [{ packageReferenceId: '1', carrierCode: 'UPS', status: 'pending', via: 'confirmShipment' }],
    });
    expect(SHIPMENT_STATUSES).toEqual(['pending', 'sending', 'confirmed', 'failed']);

    await store.db
      .updateTable('shipment_packages')
      .set({ status: 'failed', failure_reason: 'Amazon answered 400 InvalidInput' })
      .execute();
    await store.db
      .updateTable('shipments')
      .set({ status: 'failed', failure_reason: 'package 1: Amazon answered 400' })
      .execute();
    expect((await listShipments(store, { status: 'failed' }))[0]?.packages[0]?.failureReason).toBe(
      'Amazon answered 400 InvalidInput',
    );
    const retried = await retryShipment(store, pkg!.packageId);
    expect(retried?.retried).toEqual([pkg!.packageId]);
    expect(retried?.shipment).toMatchObject({ status: 'pending', failureReason: null });
    expect(await retryShipment(store, '00000000-0000-0000-0000-000000000000')).toBeUndefined();

    // The same request again finds the stored package.
    const again = await createShipments(store, {
      shipments: [{ orderId: order.orderId, carrier: 'UPS', trackingNumber: '1Z0000000000000021' }],
    });
    expect(again.ok && again.packages[0]).toMatchObject({ packageId: pkg!.packageId, existing: true });
    // Another package of the whole order finds nothing left: the first one holds every unit.
    const more = await createShipments(store, {
      shipments: [{ orderId: order.orderId, carrier: 'UPS', trackingNumber: '1Z0000000000000023' }],
    });
    expect(!more.ok && more.errors[0]).toMatchObject({
      field: 'items',
      message: expect.stringMatching(/no unit left to ship/),
    });
  });
});
