import { describe, expect, it } from 'vitest';
import { buildEmulator } from '../../src/emulator/index.js';
import { createFakeClock } from '../support/fake-clock.js';
import { ALL_INCLUDED, type Harness, harness, iso, T0 } from './support/emulator-harness.js';

interface Order {
  orderId: string;
  createdTime: string;
  lastUpdatedTime: string;
  programs?: string[];
  salesChannel: { marketplaceId: string };
  fulfillment: { fulfillmentStatus: string; fulfilledBy: string };
  proceeds: { grandTotal: { currencyCode: string; amount: string } };
  orderItems: {
    orderItemId: string;
    quantityOrdered: number;
    fulfillment: { quantityFulfilled: number; quantityUnfulfilled: number };
  }[];
  packages?: { packageReferenceId: string; trackingNumber: string; carrier: string }[];
}

const truth = async (h: Harness, index = 0): Promise<Order[]> =>
  (await h.control('GET', `/_emulator/orders?sellerId=${h.sellerId(index)}`)).json().orders;

/** Every order searchOrders returns, page by page. */
async function searchAll(
  h: Harness,
  token: string,
  query: string,
): Promise<{ orders: Order[]; last: Record<string, unknown> }> {
  const orders: Order[] = [];
  let url = `/orders/2026-01-01/orders?${query}`;
  for (;;) {
    const res = await h.sp(token, 'GET', url);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    orders.push(...body.orders);
    if (!body.pagination?.nextToken) return { orders, last: body };
    url = `/orders/2026-01-01/orders?paginationToken=${encodeURIComponent(body.pagination.nextToken)}&includedData=${ALL_INCLUDED}`;
  }
}

describe('orders data, ground truth and activity', () => {
  it('the generated history spans --days and ends 10 minutes before start, with the variety a sync must handle', async () => {
    const h = await harness({ orders: 400, sellers: 3, days: 30 });
    const orders = [...(await truth(h, 0)), ...(await truth(h, 1)), ...(await truth(h, 2))];
    expect(orders).toHaveLength(1200);
    const created = orders.map((o) => Date.parse(o.createdTime));
    expect(Math.max(...created, ...orders.map((o) => Date.parse(o.lastUpdatedTime)))).toBeLessThanOrEqual(
      T0 - 10 * 60_000,
    );
    expect(Math.min(...created)).toBeGreaterThanOrEqual(T0 - 10 * 60_000 - 30 * 86_400_000);
    expect(new Set(orders.map((o) => o.fulfillment.fulfillmentStatus))).toEqual(
      new Set(['PENDING', 'UNSHIPPED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'CANCELLED']),
    );
    expect(new Set(orders.map((o) => o.fulfillment.fulfilledBy))).toEqual(new Set(['AMAZON', 'MERCHANT']));
    expect(orders.some((o) => o.orderItems.length > 1)).toBe(true);
    expect(orders.some((o) => o.programs?.includes('PRIME'))).toBe(true);
    expect(orders.some((o) => o.programs?.includes('AMAZON_BUSINESS'))).toBe(true);
    expect(new Set(orders.map((o) => o.proceeds.grandTotal.currencyCode))).toEqual(
      new Set(['USD', 'CAD', 'MXN', 'EUR', 'GBP', 'JPY']),
    );
    for (const o of orders) expect(o.orderId).toMatch(/^\d{3}-\d{7}-\d{7}$/);
    // Seller marketplaces only.
    const mine = new Set(h.creds.sellers[1]!.marketplaceIds);
    for (const o of await truth(h, 1)) expect(mine.has(o.salesChannel.marketplaceId)).toBe(true);
    await h.app.close();
  });

  it('orders are deterministic for a seed', async () => {
    const a = await harness({ orders: 50, seed: 9 });
    const b = await harness({ orders: 50, seed: 9 });
    expect(await truth(a)).toEqual(await truth(b));
    await a.app.close();
    await b.app.close();
  });

  it('ground truth equals what searchOrders returns with every includedData (paged, all roles)', async () => {
    const h = await harness({ orders: 250, rateLimits: false });
    const token = await h.token();
    const all = await truth(h);
    const { orders, last } = await searchAll(
      h,
      token,
      `createdAfter=2000-01-01T00:00:00Z&maxResultsPerPage=37&includedData=${ALL_INCLUDED}`,
    );
    expect(orders).toEqual(all);
    expect(last.createdBefore).toBe(iso(T0 - 120_000).replace('.000Z', 'Z'));
    // By lastUpdated too (a different order), same set.
    const byUpdate = await searchAll(
      h,
      token,
      `lastUpdatedAfter=2000-01-01T00:00:00Z&includedData=${ALL_INCLUDED}`,
    );
    expect(new Set(byUpdate.orders.map((o) => o.orderId))).toEqual(new Set(all.map((o) => o.orderId)));
    expect(byUpdate.last.lastUpdatedBefore).toBeDefined();
    await h.app.close();
  });

  it('v0 and 2026-01-01 agree on every order', async () => {
    const h = await harness({ orders: 120, rateLimits: false });
    const token = await h.token();
    const byId = new Map((await truth(h)).map((o) => [o.orderId, o]));
    const mps = h.creds.sellers[0]!.marketplaceIds.join(',');
    const v0: {
      AmazonOrderId: string;
      OrderStatus: string;
      FulfillmentChannel: string;
      PurchaseDate: string;
      NumberOfItemsShipped: number;
      OrderTotal?: { Amount: string };
    }[] = [];
    let url = `/orders/v0/orders?CreatedAfter=2000-01-01T00:00:00Z&MarketplaceIds=${mps}&MaxResultsPerPage=50`;
    for (;;) {
      const payload = (await h.sp(token, 'GET', url)).json().payload;
      v0.push(...payload.Orders);
      if (!payload.NextToken) break;
      url = `/orders/v0/orders?MarketplaceIds=${mps}&NextToken=${encodeURIComponent(payload.NextToken)}`;
    }
    expect(v0).toHaveLength(byId.size);
    const status: Record<string, string> = {
      PENDING: 'Pending',
      UNSHIPPED: 'Unshipped',
      PARTIALLY_SHIPPED: 'PartiallyShipped',
      SHIPPED: 'Shipped',
      CANCELLED: 'Canceled',
    };
    for (const o of v0) {
      const t = byId.get(o.AmazonOrderId)!;
      expect(o.OrderStatus).toBe(status[t.fulfillment.fulfillmentStatus]);
      expect(o.FulfillmentChannel).toBe(t.fulfillment.fulfilledBy === 'AMAZON' ? 'AFN' : 'MFN');
      expect(o.PurchaseDate).toBe(t.createdTime);
      expect(o.NumberOfItemsShipped).toBe(
        t.orderItems.reduce((n, i) => n + i.fulfillment.quantityFulfilled, 0),
      );
      if (o.OrderTotal) expect(o.OrderTotal.Amount).toBe(t.proceeds.grandTotal.amount);
    }
    const sample = v0[0]!.AmazonOrderId;
    const items = (await h.sp(token, 'GET', `/orders/v0/orders/${sample}/orderItems`)).json().payload
      .OrderItems;
    expect(items.map((i: { OrderItemId: string }) => i.OrderItemId)).toEqual(
      byId.get(sample)!.orderItems.map((i) => i.orderItemId),
    );
    await h.app.close();
  });

  it('activity creates and updates orders; nothing newer than 2 minutes is served by searchOrders/getOrders', async () => {
    const h = await harness({ orders: 60, rateLimits: false });
    const token = await h.token();
    const since = iso(T0 - 5 * 60_000);
    const before = (await h.sp(token, 'GET', `/orders/2026-01-01/orders?lastUpdatedAfter=${since}`)).json()
      .orders;
    expect(before).toEqual([]);
    const now = await h.control('POST', '/_emulator/activity', {
      created: 3,
      updated: 2,
      sellerId: h.sellerId(),
    });
    expect(now.statusCode).toBe(200);
    const { created, updated } = now.json();
    expect(created).toHaveLength(3);
    expect(updated).toHaveLength(2);
    // Made just now: invisible for two minutes.
    expect(
      (await h.sp(token, 'GET', `/orders/2026-01-01/orders?lastUpdatedAfter=${since}`)).json().orders,
    ).toEqual([]);
    const v0 = await h.sp(
      token,
      'GET',
      `/orders/v0/orders?LastUpdatedAfter=${since}&MarketplaceIds=${h.creds.sellers[0]!.marketplaceIds.join(',')}`,
    );
    expect(v0.json().payload.Orders).toEqual([]);
    // getOrder serves them at once.
    expect((await h.sp(token, 'GET', `/orders/2026-01-01/orders/${created[0]}`)).statusCode).toBe(200);
    h.clock.advance(121_000);
    const after = (await h.sp(token, 'GET', `/orders/2026-01-01/orders?lastUpdatedAfter=${since}`)).json();
    expect(new Set(after.orders.map((o: Order) => o.orderId))).toEqual(new Set([...created, ...updated]));
    expect(after.lastUpdatedBefore).toBe(iso(h.clock.now() - 120_000).replace('.000Z', 'Z'));
    // "at" in the past: visible at once, without waiting.
    const past = iso(h.clock.now() - 3 * 60_000);
    const back = (await h.control('POST', '/_emulator/activity', { created: 2, at: past })).json();
    const seen = (await h.sp(token, 'GET', `/orders/2026-01-01/orders?createdAfter=${past}`))
      .json()
      .orders.map((o: Order) => o.orderId);
    const seen1 = (await h.sp(await h.token(1), 'GET', `/orders/2026-01-01/orders?createdAfter=${past}`))
      .json()
      .orders.map((o: Order) => o.orderId);
    // Those of the first activity (created at the old now) fall in the window too.
    expect(new Set([...seen, ...seen1])).toEqual(new Set([...back.created, ...created]));
    expect(
      (await h.control('POST', '/_emulator/activity', { created: 1, at: iso(h.clock.now() + 60_000) }))
        .statusCode,
    ).toBe(400);
    expect((await h.control('POST', '/_emulator/activity', { created: -1 })).statusCode).toBe(400);
    await h.app.close();
  });

  it('confirmShipment updates the order everywhere (ground truth, 2026, v0) and is idempotent per package', async () => {
    const h = await harness({ orders: 200, rateLimits: false });
    const token = await h.token();
    const target = (await truth(h)).find(
      (o) =>
        o.fulfillment.fulfillmentStatus === 'UNSHIPPED' &&
        o.fulfillment.fulfilledBy === 'MERCHANT' &&
        o.orderItems.length >= 1,
    )!;
    const first = target.orderItems[0]!;
    const body = (ref: string, tracking: string, items: { orderItemId: string; quantity: number }[]) => ({
      marketplaceId: target.salesChannel.marketplaceId,
      packageDetail: {
        packageReferenceId: ref,
        carrierCode: 'Other',
        carrierName: 'Local Courier',
        trackingNumber: tracking,
        shipDate: iso(h.clock.now() - 60_000),
        orderItems: items,
      },
    });
    const url = `/orders/v0/orders/${target.orderId}/shipmentConfirmation`;
    const all = target.orderItems.map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantityOrdered }));
    const partial = target.orderItems.length > 1 || first.quantityOrdered > 1;
    const firstLines = partial ? [{ orderItemId: first.orderItemId, quantity: 1 }] : all;
    expect((await h.sp(token, 'POST', url, body('A', 'TRACK-A', firstLines))).statusCode).toBe(204);
    expect((await h.sp(token, 'POST', url, body('A', 'TRACK-A', firstLines))).statusCode).toBe(204);
    expect((await h.sp(token, 'POST', url, body('A', 'TRACK-B', firstLines))).statusCode).toBe(400);
    let updated = (await truth(h)).find((o) => o.orderId === target.orderId)!;
    expect(updated.packages?.[0]).toMatchObject({
      packageReferenceId: 'A',
      trackingNumber: 'TRACK-A',
      carrier: 'Local Courier',
    });
    expect(updated.lastUpdatedTime).toBe(iso(h.clock.now()).replace('.000Z', 'Z'));
    if (partial) {
      expect(updated.fulfillment.fulfillmentStatus).toBe('PARTIALLY_SHIPPED');
      const rest = target.orderItems
        .map((i) => ({
          orderItemId: i.orderItemId,
          quantity: i.quantityOrdered - (i.orderItemId === first.orderItemId ? 1 : 0),
        }))
        .filter((l) => l.quantity > 0);
      expect((await h.sp(token, 'POST', url, body('B', 'TRACK-B', rest))).statusCode).toBe(204);
      updated = (await truth(h)).find((o) => o.orderId === target.orderId)!;
    }
    expect(updated.fulfillment.fulfillmentStatus).toBe('SHIPPED');
    for (const item of updated.orderItems) expect(item.fulfillment).toMatchObject({ quantityUnfulfilled: 0 });
    const v2026 = (
      await h.sp(
        token,
        'GET',
        `/orders/2026-01-01/orders/${target.orderId}?includedData=PACKAGES,FULFILLMENT`,
      )
    ).json().order;
    expect(v2026.packages).toEqual(updated.packages);
    const v0 = (await h.sp(token, 'GET', `/orders/v0/orders/${target.orderId}`)).json().payload;
    expect(v0.OrderStatus).toBe('Shipped');
    expect(v0.NumberOfItemsUnshipped).toBe(0);
    // A shipped order cannot be confirmed again with a new package; an AFN order never.
    expect((await h.sp(token, 'POST', url, body('C', 'TRACK-C', all))).statusCode).toBe(400);
    const afn = (await truth(h)).find(
      (o) => o.fulfillment.fulfilledBy === 'AMAZON' && o.fulfillment.fulfillmentStatus === 'UNSHIPPED',
    );
    if (afn) {
      const res = await h.sp(token, 'POST', `/orders/v0/orders/${afn.orderId}/shipmentConfirmation`, {
        ...body('X', 'T', [{ orderItemId: afn.orderItems[0]!.orderItemId, quantity: 1 }]),
        marketplaceId: afn.salesChannel.marketplaceId,
      });
      expect(res.statusCode).toBe(400);
    }
    await h.app.close();
  });

  it('pagination tokens: opaque, bound to the seller, expire after 24 h (2026-01-01)', async () => {
    const h = await harness({ orders: 30, rateLimits: false });
    const token = await h.token();
    const first = (
      await h.sp(
        token,
        'GET',
        '/orders/2026-01-01/orders?createdAfter=2000-01-01T00:00:00Z&maxResultsPerPage=10',
      )
    ).json();
    const next = encodeURIComponent(first.pagination.nextToken);
    const other = await h.sp(await h.token(1), 'GET', `/orders/2026-01-01/orders?paginationToken=${next}`);
    expect(other.statusCode).toBe(400);
    expect(other.json().errors[0].message).toMatch(/'paginationToken'/);
    const forged = await h.sp(
      token,
      'GET',
      `/orders/2026-01-01/orders?paginationToken=${next.slice(0, -2)}xx`,
    );
    expect(forged.statusCode).toBe(400);
    h.clock.advance(23 * 3600_000);
    expect(
      (await h.sp(await h.token(), 'GET', `/orders/2026-01-01/orders?paginationToken=${next}`)).statusCode,
    ).toBe(200);
    h.clock.advance(3600_000 + 1);
    const expired = await h.sp(await h.token(), 'GET', `/orders/2026-01-01/orders?paginationToken=${next}`);
    expect(expired.statusCode).toBe(400);
    expect(expired.json().errors[0].message).toBe("The 'paginationToken' has expired.");
    await h.app.close();
  });

  it('filters: marketplaceIds, fulfillmentStatuses, fulfilledBy', async () => {
    const h = await harness({ orders: 200, rateLimits: false });
    const token = await h.token();
    const all = await truth(h);
    const q = 'createdAfter=2000-01-01T00:00:00Z&includedData=FULFILLMENT';
    const res = (
      await h.sp(
        token,
        'GET',
        `/orders/2026-01-01/orders?${q}&marketplaceIds=A2EUQ1WTGCTBG2&fulfillmentStatuses=SHIPPED&fulfilledBy=MERCHANT`,
      )
    ).json().orders as Order[];
    const expected = all.filter(
      (o) =>
        o.salesChannel.marketplaceId === 'A2EUQ1WTGCTBG2' &&
        o.fulfillment.fulfillmentStatus === 'SHIPPED' &&
        o.fulfillment.fulfilledBy === 'MERCHANT',
    );
    expect(res.map((o) => o.orderId)).toEqual(expected.map((o) => o.orderId));
    expect(res.length).toBeGreaterThan(0);
    // v0: delivery-date bounds filter on the promised window; programs no emulated order has match nothing.
    const mps = h.creds.sellers[0]!.marketplaceIds.join(',');
    const cut = Date.parse(all[Math.floor(all.length / 2)]!.createdTime);
    const v0 = (
      await h.sp(
        token,
        'GET',
        `/orders/v0/orders?CreatedAfter=2000-01-01T00:00:00Z&MarketplaceIds=${mps}&LatestDeliveryDateBefore=${iso(cut)}`,
      )
    ).json().payload.Orders;
    const latest = (o: Order & { fulfillment: { deliverByWindow?: { latestDateTime?: string } } }) =>
      Date.parse(o.fulfillment.deliverByWindow?.latestDateTime ?? '');
    expect(v0.map((o: { AmazonOrderId: string }) => o.AmazonOrderId)).toEqual(
      all.filter((o) => latest(o as never) <= cut).map((o) => o.orderId),
    );
    expect(v0.length).toBeGreaterThan(0);
    const easyShip = await h.sp(
      token,
      'GET',
      `/orders/v0/orders?CreatedAfter=2000-01-01T00:00:00Z&MarketplaceIds=${mps}&EasyShipShipmentStatuses=PendingPickUp`,
    );
    expect(easyShip.json().payload.Orders).toEqual([]);
    await h.app.close();
  });

  // How fast is a benchmark's question (bench/emulator-get-order.ts prints the build time); this asserts the size.
  it('generates 10,000 orders per seller for each of two sellers', () => {
    const app = buildEmulator({ orders: 10_000, clock: createFakeClock(T0) });
    for (const seller of app.emulator.credentials.sellers) {
      expect(app.emulator.orders.all(seller.sellerId)).toHaveLength(10_000);
    }
  });
});
