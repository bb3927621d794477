import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpHarness, httpHarness, T0 } from './support/http-harness.js';

// Issue 11, point 7: confirmShipment changes the ground truth (status, packages, tracking) as every view shows
// it, and the emulator's stats count confirmations per order and package.

interface TruthOrder {
  orderId: string;
  salesChannel: { marketplaceId: string };
  fulfillment: { fulfillmentStatus: string; fulfilledBy: string };
  orderItems: {
    orderItemId: string;
    quantityOrdered: number;
    fulfillment?: { quantityFulfilled?: number };
  }[];
  packages?: {
    packageReferenceId: string;
    carrier: string;
    trackingNumber?: string;
    shippingService?: string;
    packageItems: { orderItemId: string; quantity: number }[];
  }[];
}

let h: HttpHarness;
let orders: TruthOrder[];

beforeAll(async () => {
  h = await httpHarness({ orders: 300 });
  orders = (await h.control('GET', `/_emulator/orders?sellerId=${h.sellerId()}`)).json.orders;
});
afterAll(() => h?.close());

const confirm = (
  order: TruthOrder,
  ref: string,
  items: { orderItemId: string; quantity: number }[],
  tracking = `1Z${ref}${order.orderId.replaceAll('-', '')}`,
) =>
  h.sp('POST', `/orders/v0/orders/${order.orderId}/shipmentConfirmation`, {
    body: {
      marketplaceId: order.salesChannel.marketplaceId,
      packageDetail: {
        packageReferenceId: ref,
        carrierCode: 'UPS',
        trackingNumber: tracking,
        shipDate: new Date(T0 - 3_600_000).toISOString(),
        shippingMethod: 'UPS Ground',
        orderItems: items,
      },
    },
  });

const truth = async (orderId: string): Promise<TruthOrder> =>
  (await h.control('GET', `/_emulator/orders?sellerId=${h.sellerId()}`)).json.orders.find(
    (o: TruthOrder) => o.orderId === orderId,
  );

describe('confirmShipment changes the ground truth', () => {
  it('a multi-unit order goes PartiallyShipped with the first package, Shipped with the second, in every view', async () => {
    const order = orders.find(
      (o) =>
        o.fulfillment.fulfilledBy === 'MERCHANT' &&
        o.fulfillment.fulfillmentStatus === 'UNSHIPPED' &&
        o.orderItems.reduce((n, i) => n + i.quantityOrdered, 0) >= 2,
    );
    if (!order) throw new Error('the seed has no unshipped multi-unit FBM order');
    const [first, ...rest] = order.orderItems;
    if (!first) throw new Error('an order without items');
    const firstPackage = [{ orderItemId: first.orderItemId, quantity: 1 }];
    expect((await confirm(order, 'P1', firstPackage)).status).toBe(204);

    const partial = await truth(order.orderId);
    expect(partial.fulfillment.fulfillmentStatus).toBe('PARTIALLY_SHIPPED');
    expect(partial.packages).toEqual([
      expect.objectContaining({
        packageReferenceId: 'P1',
        carrier: 'UPS',
        trackingNumber: `1ZP1${order.orderId.replaceAll('-', '')}`,
        shippingService: 'UPS Ground',
        packageItems: firstPackage,
      }),
    ]);
    const v0 = await h.sp('GET', `/orders/v0/orders/${order.orderId}`);
    expect(v0.json.payload).toMatchObject({ OrderStatus: 'PartiallyShipped', NumberOfItemsShipped: 1 });

    const remaining = [
      ...(first.quantityOrdered > 1
        ? [{ orderItemId: first.orderItemId, quantity: first.quantityOrdered - 1 }]
        : []),
      ...rest.map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantityOrdered })),
    ];
    expect((await confirm(order, 'P2', remaining)).status).toBe(204);
    const shipped = await truth(order.orderId);
    expect(shipped.fulfillment.fulfillmentStatus).toBe('SHIPPED');
    expect(shipped.packages?.map((p) => p.packageReferenceId)).toEqual(['P1', 'P2']);

    const v2026 = await h.sp(
      'GET',
      `/orders/2026-01-01/orders/${order.orderId}?includedData=FULFILLMENT,PACKAGES`,
    );
    expect(v2026.json.order.fulfillment.fulfillmentStatus).toBe('SHIPPED');
    expect(v2026.json.order.packages).toEqual(shipped.packages);
    // searchOrders serves an update two minutes after it happened.
    h.clock.advance(180_000);
    const since = new Date(T0 - 60_000).toISOString();
    const search = await h.sp(
      'GET',
      `/orders/2026-01-01/orders?lastUpdatedAfter=${since}&includedData=PACKAGES,FULFILLMENT&maxResultsPerPage=100`,
    );
    const found = search.json.orders.find((o: { orderId: string }) => o.orderId === order.orderId);
    expect(found?.packages).toEqual(shipped.packages);
    expect(found?.fulfillment.fulfillmentStatus).toBe('SHIPPED');
    const items = await h.sp('GET', `/orders/v0/orders/${order.orderId}/orderItems`);
    for (const item of items.json.payload.OrderItems) expect(item.QuantityShipped).toBe(item.QuantityOrdered);
    const v0Shipped = await h.sp('GET', `/orders/v0/orders/${order.orderId}`);
    expect(v0Shipped.json.payload).toMatchObject({ OrderStatus: 'Shipped', NumberOfItemsUnshipped: 0 });

    const stats = (await h.control('GET', '/_emulator/stats')).json;
    expect(stats.confirmations[order.orderId]).toEqual({
      P1: { count: 1, confirmShipment: 1, feed: 0 },
      P2: { count: 1, confirmShipment: 1, feed: 0 },
    });
  });

  it('a repeated identical confirmation answers 204, changes nothing, and counts twice; refusals do not count', async () => {
    const current: TruthOrder[] = (await h.control('GET', `/_emulator/orders?sellerId=${h.sellerId()}`)).json
      .orders;
    const order = current.find(
      (o) => o.fulfillment.fulfilledBy === 'MERCHANT' && o.fulfillment.fulfillmentStatus === 'UNSHIPPED',
    );
    if (!order) throw new Error('no unshipped FBM order left');
    const all = order.orderItems.map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantityOrdered }));
    await h.control('DELETE', '/_emulator/stats');
    expect((await confirm(order, 'A', all)).status).toBe(204);
    const before = await truth(order.orderId);
    expect((await confirm(order, 'A', all)).status).toBe(204);
    expect(await truth(order.orderId)).toEqual(before);
    // The same package with another tracking number, and a second package when nothing is left to ship.
    const other = await confirm(order, 'A', all, '1ZSOMETHINGELSE');
    expect(other.status).toBe(400);
    expect(other.json.errors[0].message).toMatch(/already confirmed with another tracking number/);
    const extra = await confirm(order, 'B', all);
    expect(extra.status).toBe(400);
    expect(extra.json.errors[0].message).toMatch(/is SHIPPED; only Unshipped or PartiallyShipped/);
    expect((await h.control('GET', '/_emulator/stats')).json.confirmations).toEqual({
      [order.orderId]: { A: { count: 2, confirmShipment: 2, feed: 0 } },
    });
    // Resetting the stats clears the ledger too.
    await h.control('DELETE', '/_emulator/stats');
    expect((await h.control('GET', '/_emulator/stats')).json.confirmations).toEqual({});
  });

  it('drop-after: the confirmation lands and its answer is lost; a blind resend counts twice', async () => {
    const current: TruthOrder[] = (await h.control('GET', `/_emulator/orders?sellerId=${h.sellerId()}`)).json
      .orders;
    const order = current.find(
      (o) => o.fulfillment.fulfilledBy === 'MERCHANT' && o.fulfillment.fulfillmentStatus === 'UNSHIPPED',
    );
    if (!order) throw new Error('no unshipped FBM order left');
    const all = order.orderItems.map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantityOrdered }));
    await h.control('DELETE', '/_emulator/stats');
    expect(
      (await h.control('PUT', '/_emulator/faults', { spec: 'confirmShipment:drop-after=1' })).status,
    ).toBe(200);
    try {
      await expect(confirm(order, 'LOST', all)).rejects.toThrow();
    } finally {
      await h.control('PUT', '/_emulator/faults', { spec: '' });
    }
    // Amazon has it: the order shipped, the package is there, the ledger counted it once.
    expect((await truth(order.orderId)).fulfillment.fulfillmentStatus).toBe('SHIPPED');
    const stats = (await h.control('GET', '/_emulator/stats')).json;
    expect(stats.operations.confirmShipment).toEqual({ requests: 1, throttled: 0, errors: 1 });
    expect(stats.confirmations[order.orderId]).toEqual({ LOST: { count: 1, confirmShipment: 1, feed: 0 } });
    // A client that resends without looking first is answered 204, and the ledger shows the second send.
    expect((await confirm(order, 'LOST', all)).status).toBe(204);
    expect((await h.control('GET', '/_emulator/stats')).json.confirmations[order.orderId].LOST.count).toBe(2);
  });

  it('an Amazon-fulfilled order is refused and counted nowhere', async () => {
    const afn = orders.find(
      (o) => o.fulfillment.fulfilledBy === 'AMAZON' && o.fulfillment.fulfillmentStatus === 'UNSHIPPED',
    );
    if (!afn) return expect(orders.length).toBeGreaterThan(0);
    const res = await confirm(
      afn,
      'X',
      afn.orderItems.map((i) => ({ orderItemId: i.orderItemId, quantity: 1 })),
    );
    expect(res.status).toBe(400);
    expect(res.json.errors[0].message).toMatch(/fulfilled by Amazon/);
    expect((await h.control('GET', '/_emulator/stats')).json.confirmations[afn.orderId]).toBeUndefined();
  });

  it('AFN orders carry the FBA SKU of the product, FBM orders its own SKU, and each has a listing', async () => {
    const listings = (await h.control('GET', `/_emulator/listings?sellerId=${h.sellerId()}`)).json
      .listings as {
      sku: string;
      marketplaceId: string;
      fulfillmentChannelCode: string;
      price: { amount: string; currencyCode: string };
    }[];
    const bySku = new Map(listings.map((l) => [`${l.sku}|${l.marketplaceId}`, l]));
    const full = (await h.control('GET', `/_emulator/orders?sellerId=${h.sellerId()}`)).json.orders;
    let checked = 0;
    for (const order of full) {
      for (const item of order.orderItems) {
        const sku: string = item.product.sellerSku;
        const listing = bySku.get(`${sku}|${order.salesChannel.marketplaceId}`);
        expect(listing, sku).toBeDefined();
        expect(sku.endsWith('-FBA')).toBe(order.fulfillment.fulfilledBy === 'AMAZON');
        expect(listing?.fulfillmentChannelCode.startsWith('AMAZON_')).toBe(
          order.fulfillment.fulfilledBy === 'AMAZON',
        );
        // The listing's price is what the order was sold at.
        expect(listing?.price).toEqual(item.product.price.unitPrice);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });
});
