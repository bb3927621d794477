import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_INCLUDED, type Harness, harness } from './support/emulator-harness.js';

interface TruthOrder {
  orderId: string;
  buyer?: { buyerName?: string; buyerEmail?: string };
  recipient?: { deliveryAddress?: Record<string, string> };
  fulfillment?: { fulfillmentStatus: string; fulfilledBy: string };
  orderItems: {
    orderItemId: string;
    fulfillment?: { packing?: { giftOption?: { giftMessage?: string } } };
  }[];
}

describe('Restricted Data Tokens and PII', () => {
  let h: Harness;
  let token: string;
  let order: TruthOrder;
  let giftOrder: TruthOrder | undefined;
  beforeAll(async () => {
    h = await harness({ orders: 300, rateLimits: false });
    token = await h.token();
    const truth = (await h.control('GET', `/_emulator/orders?sellerId=${h.sellerId()}`)).json()
      .orders as TruthOrder[];
    order = truth.find(
      (o) => o.fulfillment?.fulfillmentStatus === 'SHIPPED' && o.fulfillment.fulfilledBy === 'MERCHANT',
    )!;
    giftOrder = truth.find((o) => o.orderItems.some((i) => i.fulfillment?.packing?.giftOption?.giftMessage));
  });
  afterAll(async () => h.app.close());

  const createRdt = (resources: unknown) =>
    h.sp(token, 'POST', '/tokens/2021-03-01/restrictedDataToken', { restrictedResources: resources });

  it('createRestrictedDataToken: Atz.sprdt| for 3600 s, specific and generic paths', async () => {
    const res = await createRdt([
      {
        method: 'GET',
        path: `/orders/v0/orders/${order.orderId}`,
        dataElements: ['buyerInfo', 'shippingAddress'],
      },
      { method: 'GET', path: '/orders/v0/orders/{orderId}/orderItems', dataElements: ['buyerInfo'] },
      { method: 'GET', path: '/orders/v0/orders/{orderId}/address' },
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json().restrictedDataToken).toMatch(/^Atz\.sprdt\|[A-Za-z0-9_-]{32,}$/);
    expect(res.json().expiresIn).toBe(3600);
  });

  it('400 InvalidRequest: no resources, more than 50, bad method', async () => {
    const none = await createRdt([]);
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0]).toMatchObject({
      code: 'InvalidRequest',
      message: 'Request is missing or has invalid parameters',
      details: 'Resource not provided.',
    });
    const many = await createRdt(
      Array.from({ length: 51 }, () => ({ method: 'GET', path: '/orders/v0/orders' })),
    );
    expect(many.json().errors[0].code).toBe('InvalidRequest');
    expect(many.json().errors[0].details).toMatch(/maximum is 50/);
    const fifty = await createRdt(
      Array.from({ length: 50 }, () => ({ method: 'GET', path: '/orders/v0/orders' })),
    );
    expect(fifty.statusCode).toBe(200);
    const patch = await createRdt([{ method: 'PATCH', path: '/orders/v0/orders' }]);
    expect(patch.json().errors[0].code).toBe('InvalidRequest');
  });

  it('400 InvalidInput: a path that is not restricted, a trailing slash, a data element the operation does not take', async () => {
    for (const resource of [
      { method: 'GET', path: '/sellers/v1/marketplaceParticipations' },
      { method: 'GET', path: '/orders/v0/orders/' },
      { method: 'GET', path: '/orders/v0/orders/{orderId}/address', dataElements: ['buyerInfo'] },
      { method: 'GET', path: '/orders/v0/orders/{orderId}', dataElements: ['favouriteColour'] },
    ]) {
      const res = await createRdt([resource]);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0]).toMatchObject({ code: 'InvalidInput', message: 'Invalid Input' });
    }
  });

  it('400 when the app lacks the restricted role of a data element', async () => {
    await h.control('PUT', '/_emulator/app/roles', {
      roles: ['inventoryAndOrderTracking', 'directToConsumerShipping'],
    });
    const res = await createRdt([
      {
        method: 'GET',
        path: '/orders/v0/orders',
        dataElements: ['buyerInfo', 'shippingAddress', 'buyerTaxInformation'],
      },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toEqual({
      code: 'InvalidInput',
      message:
        'Application does not have access to one or more requested data elements: [buyerInfo, buyerTaxInformation]',
    });
    await h.control('PUT', '/_emulator/app/roles', { roles: ['inventoryAndOrderTracking'] });
    const address = await createRdt([{ method: 'GET', path: '/orders/v0/orders/{orderId}/address' }]);
    expect(address.statusCode).toBe(400);
    await h.control('PUT', '/_emulator/app/roles', { roles: ALL_ROLES });
  });

  it('v0 getOrder: LWA token sees City/StateOrRegion/PostalCode/CountryCode only and no BuyerInfo', async () => {
    const res = await h.sp(token, 'GET', `/orders/v0/orders/${order.orderId}`);
    expect(res.statusCode).toBe(200);
    const o = res.json().payload;
    expect(Object.keys(o.ShippingAddress).sort()).toEqual([
      'City',
      'CountryCode',
      'PostalCode',
      'StateOrRegion',
    ]);
    expect(o.BuyerInfo).toBeUndefined();
  });

  it('v0 getOrder with an RDT (specific or generic path) sees full address and BuyerInfo', async () => {
    for (const path of [`/orders/v0/orders/${order.orderId}`, '/orders/v0/orders/{orderId}']) {
      const rdt = await h.rdt(token, [
        { method: 'GET', path, dataElements: ['buyerInfo', 'shippingAddress'] },
      ]);
      const o = (await h.sp(rdt, 'GET', `/orders/v0/orders/${order.orderId}`)).json().payload;
      expect(o.ShippingAddress.Name).toBe(order.recipient?.deliveryAddress?.name);
      expect(o.ShippingAddress.AddressLine1).toBe(order.recipient?.deliveryAddress?.addressLine1);
      expect(o.ShippingAddress.Phone).toBe(order.recipient?.deliveryAddress?.phone);
      expect(o.BuyerInfo.BuyerName).toBe(order.buyer?.buyerName);
      expect(o.BuyerInfo.BuyerEmail).toBe(order.buyer?.buyerEmail);
    }
    // Only the data elements named: shippingAddress without buyerInfo.
    const rdt = await h.rdt(token, [
      { method: 'GET', path: '/orders/v0/orders/{orderId}', dataElements: ['shippingAddress'] },
    ]);
    const o = (await h.sp(rdt, 'GET', `/orders/v0/orders/${order.orderId}`)).json().payload;
    expect(o.ShippingAddress.Name).toBeDefined();
    expect(o.BuyerInfo).toBeUndefined();
  });

  it('an RDT used on a path or method it does not cover is 403 Unauthorized', async () => {
    const rdt = await h.rdt(token, [
      { method: 'GET', path: `/orders/v0/orders/${order.orderId}`, dataElements: ['buyerInfo'] },
    ]);
    const other = await h.sp(rdt, 'GET', '/orders/v0/orders/123-1234567-1234567');
    expect(other.statusCode).toBe(403);
    expect(other.json().errors[0]).toEqual({
      code: 'Unauthorized',
      message: 'Access to requested resource is denied.',
      details: '',
    });
    expect((await h.sp(rdt, 'GET', `/orders/v0/orders/${order.orderId}/orderItems`)).statusCode).toBe(403);
    expect((await h.sp(rdt, 'GET', '/sellers/v1/marketplaceParticipations')).statusCode).toBe(403);
    expect(
      (await h.sp(rdt, 'GET', '/orders/2026-01-01/orders?createdAfter=2020-01-01T00:00:00Z')).statusCode,
    ).toBe(403);
  });

  it('getOrderAddress / getOrderBuyerInfo / getOrderItemsBuyerInfo: 403 with an LWA token, data with an RDT', async () => {
    const paths = ['address', 'buyerInfo', 'orderItems/buyerInfo'].map(
      (p) => `/orders/v0/orders/${order.orderId}/${p}`,
    );
    for (const path of paths) expect((await h.sp(token, 'GET', path)).statusCode).toBe(403);
    const rdt = await h.rdt(token, [
      { method: 'GET', path: '/orders/v0/orders/{orderId}/address' },
      { method: 'GET', path: '/orders/v0/orders/{orderId}/buyerInfo' },
      { method: 'GET', path: '/orders/v0/orders/{orderId}/orderItems/buyerInfo' },
    ]);
    const address = (await h.sp(rdt, 'GET', paths[0]!)).json().payload;
    expect(address.AmazonOrderId).toBe(order.orderId);
    expect(address.ShippingAddress.Name).toBe(order.recipient?.deliveryAddress?.name);
    const buyer = (await h.sp(rdt, 'GET', paths[1]!)).json().payload;
    expect(buyer).toMatchObject({
      AmazonOrderId: order.orderId,
      BuyerName: order.buyer?.buyerName,
      BuyerEmail: order.buyer?.buyerEmail,
    });
    const items = (await h.sp(rdt, 'GET', paths[2]!)).json().payload;
    expect(items.OrderItems.map((i: { OrderItemId: string }) => i.OrderItemId)).toEqual(
      order.orderItems.map((i) => i.orderItemId),
    );
  });

  it('v0 getOrderItems: item BuyerInfo (gift message) only with an RDT carrying buyerInfo', async () => {
    expect(giftOrder).toBeDefined();
    const path = `/orders/v0/orders/${giftOrder!.orderId}/orderItems`;
    const plain = (await h.sp(token, 'GET', path)).json().payload;
    expect(plain.OrderItems.some((i: { BuyerInfo?: unknown }) => i.BuyerInfo)).toBe(false);
    const rdt = await h.rdt(token, [
      { method: 'GET', path: '/orders/v0/orders/{orderId}/orderItems', dataElements: ['buyerInfo'] },
    ]);
    const full = (await h.sp(rdt, 'GET', path)).json().payload;
    expect(
      full.OrderItems.some((i: { BuyerInfo?: { GiftMessageText?: string } }) => i.BuyerInfo?.GiftMessageText),
    ).toBe(true);
  });

  it('v0 getOrders: PII with an RDT for GET /orders/v0/orders', async () => {
    const url = `/orders/v0/orders?CreatedAfter=2020-01-01T00:00:00Z&MarketplaceIds=${h.creds.sellers[0]!.marketplaceIds.join(',')}`;
    const plain = (await h.sp(token, 'GET', url)).json().payload.Orders;
    expect(plain.some((o: { BuyerInfo?: unknown }) => o.BuyerInfo)).toBe(false);
    const rdt = await h.rdt(token, [
      { method: 'GET', path: '/orders/v0/orders', dataElements: ['buyerInfo', 'shippingAddress'] },
    ]);
    const full = (await h.sp(rdt, 'GET', url)).json().payload.Orders;
    expect(
      full.find((o: { AmazonOrderId: string }) => o.AmazonOrderId === order.orderId).ShippingAddress.Name,
    ).toBeDefined();
  });

  it('v0 RDT PII disappears when the role is withdrawn after issue', async () => {
    const rdt = await h.rdt(token, [
      { method: 'GET', path: '/orders/v0/orders/{orderId}', dataElements: ['buyerInfo', 'shippingAddress'] },
    ]);
    await h.control('PUT', '/_emulator/app/roles', { roles: ['inventoryAndOrderTracking'] });
    const o = (await h.sp(rdt, 'GET', `/orders/v0/orders/${order.orderId}`)).json().payload;
    expect(o.BuyerInfo).toBeUndefined();
    expect(o.ShippingAddress.Name).toBeUndefined();
    await h.control('PUT', '/_emulator/app/roles', { roles: ALL_ROLES });
  });

  it('2026-01-01: PII by role only; without restricted roles the documented fields are kept', async () => {
    const url = `/orders/2026-01-01/orders/${order.orderId}?includedData=${ALL_INCLUDED}`;
    const full = (await h.sp(token, 'GET', url)).json().order;
    expect(full.buyer.buyerName).toBe(order.buyer?.buyerName);
    expect(full.recipient.deliveryAddress).toEqual(order.recipient?.deliveryAddress);
    await h.control('PUT', '/_emulator/app/roles', { roles: ['inventoryAndOrderTracking'] });
    const reduced = (await h.sp(token, 'GET', url)).json().order;
    expect(reduced.buyer).toBeUndefined();
    const kept = [
      'addressType',
      'city',
      'countryCode',
      'districtOrCounty',
      'municipality',
      'postalCode',
      'stateOrRegion',
    ];
    for (const key of Object.keys(reduced.recipient.deliveryAddress)) expect(kept).toContain(key);
    expect(reduced.recipient.deliveryAddress.city).toBe(order.recipient?.deliveryAddress?.city);
    expect(reduced.recipient.deliveryAddress.name).toBeUndefined();
    await h.control('PUT', '/_emulator/app/roles', {
      roles: ['inventoryAndOrderTracking', 'directToConsumerShipping'],
    });
    const shipping = (await h.sp(token, 'GET', url)).json().order;
    expect(shipping.recipient.deliveryAddress.name).toBe(order.recipient?.deliveryAddress?.name);
    expect(shipping.buyer).toEqual({ buyerEmail: order.buyer?.buyerEmail });
    await h.control('PUT', '/_emulator/app/roles', { roles: ALL_ROLES });
    // An RDT plays no part in 2026-01-01.
    expect(
      (await h.sp(token, 'GET', `/orders/2026-01-01/orders/${order.orderId}?includedData=BUYER`)).json().order
        .buyer.buyerName,
    ).toBeDefined();
  });
});

const ALL_ROLES = [
  'productListing',
  'pricing',
  'amazonFulfillment',
  'buyerCommunication',
  'sellingPartnerInsights',
  'financeAndAccounting',
  'inventoryAndOrderTracking',
  'directToConsumerShipping',
  'taxInvoicing',
  'taxRemittance',
];
