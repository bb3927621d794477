import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness, iso, T0 } from './support/emulator-harness.js';

describe('input validation (400 InvalidInput naming the parameter)', () => {
  let h: Harness;
  let token: string;
  let mfnUnshipped: {
    orderId: string;
    marketplaceId: string;
    items: { orderItemId: string; quantityOrdered: number }[];
  };
  beforeAll(async () => {
    h = await harness({ orders: 200, rateLimits: false });
    token = await h.token();
    const truth = (await h.control('GET', `/_emulator/orders?sellerId=${h.sellerId()}`)).json().orders;
    const o = truth.find(
      (x: { fulfillment: { fulfillmentStatus: string; fulfilledBy: string } }) =>
        x.fulfillment.fulfillmentStatus === 'UNSHIPPED' && x.fulfillment.fulfilledBy === 'MERCHANT',
    );
    mfnUnshipped = { orderId: o.orderId, marketplaceId: o.salesChannel.marketplaceId, items: o.orderItems };
  });
  afterAll(async () => h.app.close());

  const err = async (url: string, method = 'GET', body?: unknown) => {
    const res = await h.sp(token, method, url, body);
    expect(res.statusCode).toBe(400);
    expect(res.headers['x-amzn-ratelimit-limit']).toBeDefined();
    const e = res.json().errors[0];
    expect(e.code).toBe('InvalidInput');
    return e.message as string;
  };

  it('generic rules from the operation table: required, enum, maxItems, integer, date-time', async () => {
    expect(await err('/orders/v0/orders?CreatedAfter=2020-01-01T00:00:00Z')).toMatch(/'MarketplaceIds'/);
    expect(
      await err('/orders/2026-01-01/orders?createdAfter=2020-01-01T00:00:00Z&includedData=BUYER,NOPE'),
    ).toMatch(/Invalid value 'NOPE' for parameter 'includedData'/);
    expect(await err('/orders/2026-01-01/orders?createdAfter=2020-01-01T00:00:00Z&fulfilledBy=ME')).toMatch(
      /'fulfilledBy'/,
    );
    const fiftyOne = Array.from({ length: 51 }, () => 'ATVPDKIKX0DER').join(',');
    expect(
      await err(`/orders/2026-01-01/orders?createdAfter=2020-01-01T00:00:00Z&marketplaceIds=${fiftyOne}`),
    ).toMatch(/'marketplaceIds' accepts at most 50 values/);
    expect(
      await err('/orders/2026-01-01/orders?createdAfter=2020-01-01T00:00:00Z&maxResultsPerPage=ten'),
    ).toMatch(/'maxResultsPerPage': expected an integer/);
    expect(await err('/orders/2026-01-01/orders?createdAfter=yesterday')).toMatch(
      /'createdAfter': expected an ISO 8601/,
    );
  });

  it('arrays: comma-separated or repeated parameters', async () => {
    const a = await h.sp(
      token,
      'GET',
      '/orders/2026-01-01/orders?createdAfter=2020-01-01T00:00:00Z&fulfillmentStatuses=SHIPPED,UNSHIPPED',
    );
    const b = await h.sp(
      token,
      'GET',
      '/orders/2026-01-01/orders?createdAfter=2020-01-01T00:00:00Z&fulfillmentStatuses=SHIPPED&fulfillmentStatuses=UNSHIPPED',
    );
    expect(a.statusCode).toBe(200);
    expect(a.json().orders).toEqual(b.json().orders);
    const statuses = new Set(a.json().orders.map((o: { orderId: string }) => o.orderId));
    expect(statuses.size).toBeGreaterThan(0);
  });

  it('searchOrders: exactly one of createdAfter/lastUpdatedAfter, no mixing, Before ≥ After and ≥ 2 min old, page size 1-100', async () => {
    expect(await err('/orders/2026-01-01/orders')).toMatch(
      /One of 'createdAfter' or 'lastUpdatedAfter' is required/,
    );
    expect(
      await err(
        '/orders/2026-01-01/orders?createdAfter=2020-01-01T00:00:00Z&lastUpdatedAfter=2020-01-01T00:00:00Z',
      ),
    ).toMatch(/Exactly one of/);
    expect(
      await err(
        '/orders/2026-01-01/orders?createdAfter=2020-01-01T00:00:00Z&lastUpdatedBefore=2021-01-01T00:00:00Z',
      ),
    ).toMatch(/'lastUpdatedBefore' cannot be combined with 'createdAfter'/);
    expect(
      await err(
        '/orders/2026-01-01/orders?lastUpdatedAfter=2020-01-01T00:00:00Z&createdBefore=2021-01-01T00:00:00Z',
      ),
    ).toMatch(/'createdBefore' cannot be combined/);
    expect(
      await err(
        '/orders/2026-01-01/orders?createdAfter=2021-01-01T00:00:00Z&createdBefore=2020-01-01T00:00:00Z',
      ),
    ).toMatch(/'createdBefore' must be equal to or after 'createdAfter'/);
    const tooFresh = iso(h.clock.now() - 60_000);
    expect(
      await err(`/orders/2026-01-01/orders?createdAfter=2020-01-01T00:00:00Z&createdBefore=${tooFresh}`),
    ).toMatch(/at least two minutes before/);
    const okBefore = iso(h.clock.now() - 121_000);
    expect(
      (
        await h.sp(
          token,
          'GET',
          `/orders/2026-01-01/orders?createdAfter=2020-01-01T00:00:00Z&createdBefore=${okBefore}`,
        )
      ).statusCode,
    ).toBe(200);
    expect(
      await err('/orders/2026-01-01/orders?createdAfter=2020-01-01T00:00:00Z&maxResultsPerPage=0'),
    ).toMatch(/between 1 and 100/);
    expect(
      await err('/orders/2026-01-01/orders?createdAfter=2020-01-01T00:00:00Z&maxResultsPerPage=101'),
    ).toMatch(/between 1 and 100/);
    expect(await err(`/orders/2026-01-01/orders?createdAfter=${iso(T0 + 3600_000)}`)).toMatch(
      /must not be in the future/,
    );
  });

  it('getOrders: the same rules with v0 names, AmazonOrderIds format, SellerOrderId exclusions, v0 enums', async () => {
    const mp = 'MarketplaceIds=ATVPDKIKX0DER';
    expect(await err(`/orders/v0/orders?${mp}`)).toMatch(
      /One of 'CreatedAfter' or 'LastUpdatedAfter' is required/,
    );
    expect(
      await err(
        `/orders/v0/orders?${mp}&CreatedAfter=2020-01-01T00:00:00Z&CreatedBefore=${iso(h.clock.now())}`,
      ),
    ).toMatch(/'CreatedBefore' must be at least two minutes/);
    expect(
      await err(`/orders/v0/orders?${mp}&CreatedAfter=2020-01-01T00:00:00Z&MaxResultsPerPage=500`),
    ).toMatch(/'MaxResultsPerPage'/);
    expect(await err(`/orders/v0/orders?${mp}&AmazonOrderIds=123-45`)).toMatch(/'AmazonOrderIds'/);
    expect(
      await err(
        `/orders/v0/orders?${mp}&CreatedAfter=2020-01-01T00:00:00Z&SellerOrderId=SO-1&OrderStatuses=Shipped`,
      ),
    ).toMatch(/'OrderStatuses' cannot be combined with 'SellerOrderId'/);
    expect(await err(`/orders/v0/orders?${mp}&CreatedAfter=2020-01-01T00:00:00Z&OrderStatuses=Lost`)).toMatch(
      /'OrderStatuses'/,
    );
    expect(
      await err(`/orders/v0/orders?${mp}&CreatedAfter=2020-01-01T00:00:00Z&FulfillmentChannels=XYZ`),
    ).toMatch(/'FulfillmentChannels'/);
    // AmazonOrderIds alone is a valid lookup.
    const one = await h.sp(
      token,
      'GET',
      `/orders/v0/orders?MarketplaceIds=${mfnUnshipped.marketplaceId}&AmazonOrderIds=${mfnUnshipped.orderId}`,
    );
    expect(one.json().payload.Orders.map((o: { AmazonOrderId: string }) => o.AmazonOrderId)).toEqual([
      mfnUnshipped.orderId,
    ]);
  });

  it('order ids: malformed is 400, unknown or another seller’s is 404', async () => {
    expect(await err('/orders/2026-01-01/orders/not-an-id')).toMatch(/'orderId'/);
    const unknown = await h.sp(token, 'GET', '/orders/v0/orders/999-9999999-9999999');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().errors[0].code).toBe('NotFound');
    expect(unknown.headers['x-amzn-ratelimit-limit']).toBe('0.5');
    const otherSeller = await h.sp(
      await h.token(1),
      'GET',
      `/orders/2026-01-01/orders/${mfnUnshipped.orderId}`,
    );
    expect(otherSeller.statusCode).toBe(404);
  });

  it('confirmShipment body rules', async () => {
    const url = `/orders/v0/orders/${mfnUnshipped.orderId}/shipmentConfirmation`;
    const item = mfnUnshipped.items[0]!;
    const good = {
      marketplaceId: mfnUnshipped.marketplaceId,
      packageDetail: {
        packageReferenceId: 'P1',
        carrierCode: 'UPS',
        trackingNumber: '1Z999',
        shipDate: iso(h.clock.now() - 3600_000),
        orderItems: [{ orderItemId: item.orderItemId, quantity: item.quantityOrdered }],
      },
    };
    const pd = good.packageDetail;
    expect(await err(url, 'POST', {})).toMatch(/'marketplaceId'/);
    expect(await err(url, 'POST', { ...good, marketplaceId: 'A1PA6795UKMFR9' })).toMatch(/'marketplaceId'/);
    expect(await err(url, 'POST', { marketplaceId: good.marketplaceId })).toMatch(/'packageDetail'/);
    for (const field of ['packageReferenceId', 'carrierCode', 'trackingNumber', 'shipDate'] as const) {
      const { [field]: _omit, ...rest } = pd;
      expect(await err(url, 'POST', { ...good, packageDetail: rest })).toMatch(
        new RegExp(`'packageDetail.${field}'`),
      );
    }
    expect(await err(url, 'POST', { ...good, packageDetail: { ...pd, shipDate: '02/21/2022' } })).toMatch(
      /'packageDetail.shipDate'/,
    );
    expect(await err(url, 'POST', { ...good, packageDetail: { ...pd, carrierCode: 'Other' } })).toMatch(
      /'packageDetail.carrierName'/,
    );
    expect(await err(url, 'POST', { ...good, packageDetail: { ...pd, orderItems: [] } })).toMatch(
      /'packageDetail.orderItems'/,
    );
    expect(
      await err(url, 'POST', {
        ...good,
        packageDetail: { ...pd, orderItems: [{ orderItemId: '1', quantity: 1 }] },
      }),
    ).toMatch(/not part of this order/);
    expect(
      await err(url, 'POST', {
        ...good,
        packageDetail: { ...pd, orderItems: [{ orderItemId: item.orderItemId, quantity: 99 }] },
      }),
    ).toMatch(/exceeds/);
    expect(await err(url, 'POST', { ...good, codCollectionMethod: 'Cash' })).toMatch(/'codCollectionMethod'/);
    const ok = await h.sp(token, 'POST', url, good);
    expect(ok.statusCode).toBe(204);
    expect(ok.body).toBe('');
  });

  it('updateShipmentStatus: 204 for a valid body; 400 naming the field otherwise', async () => {
    const url = `/orders/v0/orders/${mfnUnshipped.orderId}/shipment`;
    expect(
      await err(url, 'POST', { marketplaceId: mfnUnshipped.marketplaceId, shipmentStatus: 'Lost' }),
    ).toMatch(/'shipmentStatus'/);
    expect(await err(url, 'POST', { shipmentStatus: 'PickedUp' })).toMatch(/'marketplaceId'/);
    const ok = await h.sp(token, 'POST', url, {
      marketplaceId: mfnUnshipped.marketplaceId,
      shipmentStatus: 'ReadyForPickup',
    });
    expect(ok.statusCode).toBe(204);
  });

  it('a body that is not JSON is 400 InvalidInput', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/tokens/2021-03-01/restrictedDataToken',
      headers: { 'user-agent': 'x/1', 'x-amz-access-token': token, 'content-type': 'application/json' },
      payload: '{"restrictedResources": [',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].code).toBe('InvalidInput');
  });
});
