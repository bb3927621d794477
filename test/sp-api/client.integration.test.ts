import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { createSpApiClient, LwaError, SpApiError } from '../../src/index.js';
import { clientOptionsFor } from '../support/emulator-client.js';

async function control(
  emulator: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return text ? (JSON.parse(text) as unknown) : undefined;
}

interface Stats {
  operations: Record<string, { requests: number; throttled: number; errors: number }>;
}

const farPast = '2020-01-01T00:00:00Z';

const ALL_ROLES = [...ROLES];

describe('client against the emulator, with injected faults', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    // 2,000 orders are 20 pages of searchOrders; rate-scale keeps the 0.0056/s bucket from stretching the test.
    emulator = await startEmulator({ sellers: 1, orders: 2000, rateScale: 2000, seed: 7 });
  });
  afterAll(() => emulator.close());

  it('searchOrders over 2,000 orders returns exactly the emulator orders, once each, through 429s, 5xx and drops', async () => {
    const client = createSpApiClient({
      ...clientOptionsFor(emulator),
      retry: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 50 },
    });
    // One clean call first: the client learns this seller's (scaled) rate from x-amzn-RateLimit-Limit. Without it,
    // an early 429 would make it wait out the model's default 0.0056/s, as it should against Amazon.
    await client.call('searchOrders', { query: { lastUpdatedAfter: farPast, maxResultsPerPage: 1 } });
    await control(emulator, 'DELETE', '/_emulator/stats');
    await control(emulator, 'PUT', '/_emulator/faults', { spec: '429=0.1,5xx=0.05,drop=0.02' });
    const seen: string[] = [];
    for await (const page of client.paginate('searchOrders', {
      query: { lastUpdatedAfter: farPast, maxResultsPerPage: 100 },
    })) {
      for (const order of page.body.orders) seen.push(order.orderId);
    }
    await control(emulator, 'PUT', '/_emulator/faults', { spec: '' });
    const truth = (await control(
      emulator,
      'GET',
      `/_emulator/orders?sellerId=${emulator.credentials.sellers[0]!.sellerId}`,
    )) as { orders: { orderId: string }[] };
    expect(truth.orders).toHaveLength(2000);
    expect(seen).toHaveLength(new Set(seen).size);
    expect([...seen].sort()).toEqual(truth.orders.map((o) => o.orderId).sort());
    const stats = (await control(emulator, 'GET', '/_emulator/stats')) as Stats;
    // The faults really fired (20 pages took more than 20 requests): the run survived them, not missed them.
    const search = stats.operations.searchOrders!;
    expect(search.requests).toBeGreaterThan(20);
    expect(search.throttled + search.errors).toBeGreaterThan(0);
  });
});

describe('client pacing and tokens against the emulator', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    // getOrder@2026-01-01 is 0.5/s, burst 30; scaled ×20 it is 10/s.
    emulator = await startEmulator({ sellers: 2, orders: 100, rateScale: 20, seed: 3 });
  });
  afterAll(() => emulator.close());

  it('waits for the bucket instead of meeting 429s when it makes twice the burst of calls', async () => {
    await control(emulator, 'DELETE', '/_emulator/stats');
    const seller = emulator.credentials.sellers[0]!;
    const truth = (await control(emulator, 'GET', `/_emulator/orders?sellerId=${seller.sellerId}`)) as {
      orders: { orderId: string }[];
    };
    const client = createSpApiClient({ ...clientOptionsFor(emulator), retry: false });
    const ids = truth.orders.slice(0, 60).map((o) => o.orderId);
    const bodies = await Promise.all(
      ids.map((orderId) => client.call('getOrder@2026-01-01', { path: { orderId } })),
    );
    expect(bodies.map((r) => r.body.order.orderId)).toEqual(ids);
    const stats = (await control(emulator, 'GET', '/_emulator/stats')) as Stats;
    expect(stats.operations['getOrder@2026-01-01']).toMatchObject({ requests: 60, throttled: 0 });
  });

  it('refreshes once and retries when Amazon says the access token expired', async () => {
    const client = createSpApiClient(clientOptionsFor(emulator, 1));
    await client.call('getMarketplaceParticipations');
    await control(emulator, 'POST', '/_emulator/tokens/expire');
    const again = await client.call('getMarketplaceParticipations');
    expect(again.status).toBe(200);
  });

  it('fetches v0 PII with one automatic RDT and 2026-01-01 PII with none', async () => {
    await control(emulator, 'DELETE', '/_emulator/stats');
    const seller = emulator.credentials.sellers[0]!;
    const truth = (await control(emulator, 'GET', `/_emulator/orders?sellerId=${seller.sellerId}`)) as {
      orders: { orderId: string; fulfillment?: { fulfilledBy?: string }; recipient?: unknown }[];
    };
    const shipped = truth.orders.filter((o) => o.recipient).slice(0, 5);
    const client = createSpApiClient(clientOptionsFor(emulator));
    for (const order of shipped) {
      const address = await client.call('getOrderAddress', { path: { orderId: order.orderId } });
      expect(address.body.payload?.ShippingAddress?.AddressLine1).toBeTruthy();
      const modern = await client.call('getOrder@2026-01-01', {
        path: { orderId: order.orderId },
        query: { includedData: ['RECIPIENT'] },
      });
      expect(modern.body.order.recipient?.deliveryAddress?.addressLine1).toBeTruthy();
    }
    const stats = (await control(emulator, 'GET', '/_emulator/stats')) as Stats;
    expect(stats.operations.createRestrictedDataToken?.requests).toBe(1);
  });

  it('gets v0 addresses for an app with the shipping role but no tax role', async () => {
    const withoutTax = ['productListing', 'inventoryAndOrderTracking', 'directToConsumerShipping'];
    await control(emulator, 'PUT', '/_emulator/app/roles', { roles: withoutTax });
    try {
      const seller = emulator.credentials.sellers[0]!;
      const truth = (await control(emulator, 'GET', `/_emulator/orders?sellerId=${seller.sellerId}`)) as {
        orders: { orderId: string; recipient?: unknown }[];
      };
      const order = truth.orders.find((o) => o.recipient)!;
      const client = createSpApiClient(clientOptionsFor(emulator));
      const address = await client.call('getOrderAddress', { path: { orderId: order.orderId } });
      expect(address.body.payload?.ShippingAddress?.AddressLine1).toBeTruthy();
    } finally {
      await control(emulator, 'PUT', '/_emulator/app/roles', { roles: ALL_ROLES });
    }
  });

  it('explains a revoked refresh token and a wrong secret without echoing them', async () => {
    const seller = emulator.credentials.sellers[1]!;
    const wrongSecret = createSpApiClient({
      ...clientOptionsFor(emulator, 1),
      clientSecret: 'amzn1.oa2-cs.v1.wrongwrongwrongwrong',
    });
    const secretError = await wrongSecret.call('getMarketplaceParticipations').catch((e: unknown) => e);
    expect(secretError).toBeInstanceOf(LwaError);
    expect(String((secretError as LwaError).diagnosis?.cause)).toMatch(/secret/i);
    expect(JSON.stringify(secretError) + String(secretError)).not.toContain('wrongwrongwrong');

    await control(emulator, 'POST', `/_emulator/sellers/${seller.sellerId}/revoke`);
    const revoked = createSpApiClient(clientOptionsFor(emulator, 1));
    const grantError = await revoked.call('getMarketplaceParticipations').catch((e: unknown) => e);
    expect(grantError).toBeInstanceOf(LwaError);
    expect((grantError as LwaError).diagnosis?.fix).toMatch(/authori[sz]e/i);
    expect(JSON.stringify(grantError) + String(grantError)).not.toContain(seller.refreshToken);
  });

  it('turns a missing role into a diagnosis naming the role', async () => {
    await control(emulator, 'PUT', '/_emulator/app/roles', { roles: ['productListing'] });
    try {
      const client = createSpApiClient(clientOptionsFor(emulator));
      const error = await client
        .call('searchOrders', { query: { lastUpdatedAfter: farPast } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SpApiError);
      expect((error as SpApiError).status).toBe(403);
      expect((error as SpApiError).diagnosis?.cause).toMatch(/role/i);
    } finally {
      await control(emulator, 'PUT', '/_emulator/app/roles', { roles: ALL_ROLES });
    }
  });
});
