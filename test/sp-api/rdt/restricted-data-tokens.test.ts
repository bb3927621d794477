import { describe, expect, it } from 'vitest';
import { createSpApiClient, OPERATIONS, SpApiError } from '../../../src/index.js';
import { createFakeClock } from '../../support/fake-clock.js';
import { CREDENTIALS, fakeAmazon, json, type SeenRequest, spError } from '../support/fake-amazon.js';

const RDT_PATH = '/tokens/2021-03-01/restrictedDataToken';

function amazonWithRdt(expiresIn = 3600) {
  let rdts = 0;
  return fakeAmazon((request: SeenRequest) => {
    if (request.path === '/auth/o2/token') return undefined;
    if (request.path === RDT_PATH) {
      rdts += 1;
      return json(200, { restrictedDataToken: `Atz.sprdt|rdt-${rdts}`, expiresIn });
    }
    if (request.path.startsWith('/orders/2026-01-01/')) return json(200, { orders: [], order: {} });
    return json(200, { payload: { AmazonOrderId: request.path.split('/')[4] } });
  });
}

const orderIds = Array.from({ length: 20 }, (_, i) => `111-0000000-${String(i).padStart(7, '0')}`);

describe('Restricted Data Tokens', () => {
  it('requests one RDT with generic paths for many restricted calls, and sends it instead of the LWA token', async () => {
    const amazon = amazonWithRdt();
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
      rateLimit: false,
    });
    await Promise.all(
      orderIds.flatMap((orderId) => [
        client.call('getOrder@v0', { path: { orderId } }),
        client.call('getOrderAddress', { path: { orderId } }),
        client.call('getOrderItems', { path: { orderId } }),
      ]),
    );
    const rdtRequests = amazon.requests.filter((r) => r.path === RDT_PATH);
    expect(rdtRequests).toHaveLength(1);
    const body = rdtRequests[0]?.json as {
      restrictedResources: { method: string; path: string; dataElements?: string[] }[];
    };
    expect(body).not.toHaveProperty('targetApplication');
    expect(body.restrictedResources).toContainEqual({
      method: 'GET',
      path: '/orders/v0/orders/{orderId}',
      dataElements: ['buyerInfo', 'shippingAddress'],
    });
    expect(body.restrictedResources).toContainEqual({
      method: 'GET',
      path: '/orders/v0/orders/{orderId}/address',
    });
    expect(body.restrictedResources).toContainEqual({
      method: 'GET',
      path: '/orders/v0/orders/{orderId}/orderItems',
      dataElements: ['buyerInfo'],
    });
    // The RDT request itself carries the LWA token; every restricted call carries the RDT.
    expect(rdtRequests[0]?.headers['x-amz-access-token']).toBe('Atza|token-1');
    const orderCalls = amazon.spApiRequests().filter((r) => r.path.startsWith('/orders/v0/'));
    expect(orderCalls).toHaveLength(60);
    expect(new Set(orderCalls.map((r) => r.headers['x-amz-access-token']))).toEqual(
      new Set(['Atz.sprdt|rdt-1']),
    );
  });

  it('reuses the RDT until shortly before it expires, then requests a new one', async () => {
    const clock = createFakeClock();
    const amazon = amazonWithRdt(3600);
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock,
      rateLimit: false,
    });
    await client.call('getOrderAddress', { path: { orderId: orderIds[0]! } });
    clock.advance((3600 - 61) * 1000);
    await client.call('getOrderAddress', { path: { orderId: orderIds[1]! } });
    expect(amazon.requests.filter((r) => r.path === RDT_PATH)).toHaveLength(1);
    clock.advance(1000);
    await client.call('getOrderAddress', { path: { orderId: orderIds[2]! } });
    expect(amazon.requests.filter((r) => r.path === RDT_PATH)).toHaveLength(2);
    expect(amazon.spApiRequests().at(-1)?.headers['x-amz-access-token']).toBe('Atz.sprdt|rdt-2');
  });

  it('never requests an RDT for Orders 2026-01-01, which needs none', async () => {
    const amazon = amazonWithRdt();
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
      rateLimit: false,
    });
    await client.call('searchOrders', {
      query: { lastUpdatedAfter: '2026-01-01T00:00:00Z', includedData: ['BUYER', 'RECIPIENT'] },
    });
    for (const orderId of orderIds) {
      await client.call('getOrder@2026-01-01', { path: { orderId }, query: { includedData: ['RECIPIENT'] } });
    }
    expect(OPERATIONS['getOrder@2026-01-01'].restricted).toBe(false);
    expect(amazon.requests.filter((r) => r.path === RDT_PATH)).toHaveLength(0);
    expect(new Set(amazon.spApiRequests().map((r) => r.headers['x-amz-access-token']))).toEqual(
      new Set(['Atza|token-1']),
    );
  });

  it('narrows data elements and operations, and names the target application when given', async () => {
    const amazon = amazonWithRdt();
    const client = createSpApiClient({
      ...CREDENTIALS,
      applicationId: 'amzn1.sp.solution.test',
      transport: amazon.transport,
      clock: createFakeClock(),
      restrictedDataTokens: { dataElements: ['shippingAddress'], operations: ['getOrder@v0'] },
    });
    await client.call('getOrder@v0', { path: { orderId: orderIds[0]! } });
    const body = amazon.requests.find((r) => r.path === RDT_PATH)?.json;
    expect(body).toEqual({
      targetApplication: 'amzn1.sp.solution.test',
      restrictedResources: [
        { method: 'GET', path: '/orders/v0/orders/{orderId}', dataElements: ['shippingAddress'] },
      ],
    });
  });

  it('uses the LWA token for restricted operations when RDTs are off or in the sandbox', async () => {
    for (const options of [{ restrictedDataTokens: false }, { sandbox: true }] as const) {
      const amazon = amazonWithRdt();
      const client = createSpApiClient({
        ...CREDENTIALS,
        ...options,
        transport: amazon.transport,
        clock: createFakeClock(),
      });
      await client.call('getOrderAddress', { path: { orderId: orderIds[0]! } });
      expect(amazon.requests.filter((r) => r.path === RDT_PATH)).toHaveLength(0);
      expect(amazon.spApiRequests()[0]?.headers['x-amz-access-token']).toBe('Atza|token-1');
    }
  });

  it('surfaces a missing PII role with its diagnosis', async () => {
    const amazon = fakeAmazon((request) => {
      if (request.path === '/auth/o2/token') return undefined;
      if (request.path === RDT_PATH) {
        return spError(
          400,
          'InvalidInput',
          'Application does not have access to one or more requested data elements: [shippingAddress]',
        );
      }
      return json(200, { payload: {} });
    });
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
    });
    const error = await client
      .call('getOrderAddress', { path: { orderId: orderIds[0]! } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpApiError);
    expect(error).toMatchObject({
      operation: 'createRestrictedDataToken',
      status: 400,
      code: 'InvalidInput',
      retryable: false,
    });
    expect((error as SpApiError).diagnosis?.cause).toMatch(/restricted \(PII\) role/);
    // The order itself was never requested without the token it needs.
    expect(amazon.spApiRequests().filter((r) => r.path.startsWith('/orders/'))).toHaveLength(0);
  });

  it('refreshes an RDT that Amazon says expired, once', async () => {
    const amazon = fakeAmazon((request) => {
      if (request.path === '/auth/o2/token') return undefined;
      if (request.path === RDT_PATH) {
        const n = amazon.requests.filter((r) => r.path === RDT_PATH).length;
        return json(200, { restrictedDataToken: `Atz.sprdt|rdt-${n}`, expiresIn: 3600 });
      }
      if (request.headers['x-amz-access-token'] === 'Atz.sprdt|rdt-1') {
        return spError(
          403,
          'Unauthorized',
          'Access to requested resource is denied.',
          'The access token you provided has expired.',
        );
      }
      return json(200, { payload: {} });
    });
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
    });
    expect((await client.call('getOrderAddress', { path: { orderId: orderIds[0]! } })).status).toBe(200);
    expect(amazon.requests.filter((r) => r.path === RDT_PATH)).toHaveLength(2);
  });
});

describe('Restricted Data Tokens and retries', () => {
  it('retries a failing RDT request in its own pipeline only, not again for every attempt of the order call', async () => {
    const amazon = fakeAmazon((request) => {
      if (request.path === '/auth/o2/token') return undefined;
      if (request.path === RDT_PATH) return spError(503, 'ServiceUnavailable', 'down');
      return json(200, { payload: {} });
    });
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
      retry: { maxAttempts: 3 },
    });
    await expect(client.call('getOrderAddress', { path: { orderId: orderIds[0]! } })).rejects.toMatchObject({
      operation: 'createRestrictedDataToken',
      status: 503,
    });
    expect(amazon.requests.filter((r) => r.path === RDT_PATH)).toHaveLength(3);
  });
});

describe('Restricted Data Tokens for an app without every restricted role', () => {
  it('drops the data elements Amazon refuses and asks once more, so addresses still come through', async () => {
    const amazon = fakeAmazon((request: SeenRequest) => {
      if (request.path === '/auth/o2/token') return undefined;
      if (request.path === RDT_PATH) {
        const body = request.json as { restrictedResources: { path: string; dataElements?: string[] }[] };
        const asksBuyer = body.restrictedResources.some(
          (r) => r.dataElements?.includes('buyerInfo') || r.path.endsWith('/buyerInfo'),
        );
        if (asksBuyer) {
          return spError(
            400,
            'InvalidInput',
            'Application does not have access to one or more requested data elements: [buyerInfo]',
          );
        }
        return json(200, { restrictedDataToken: 'Atz.sprdt|shipping-only', expiresIn: 3600 });
      }
      return json(200, { payload: { ShippingAddress: { AddressLine1: 'x' } } });
    });
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
      rateLimit: false,
    });
    const address = await client.call('getOrderAddress', { path: { orderId: orderIds[0]! } });
    expect(address.status).toBe(200);
    const rdtRequests = amazon.requests.filter((r) => r.path === RDT_PATH);
    expect(rdtRequests).toHaveLength(2);
    const orderCall = amazon.requests.find((r) => r.path.endsWith('/address'));
    expect(orderCall?.headers['x-amz-access-token']).toBe('Atz.sprdt|shipping-only');
    // An operation that is wholly about the refused element fails with Amazon's refusal, without a call.
    const before = amazon.requests.length;
    const error = await client
      .call('getOrderBuyerInfo', { path: { orderId: orderIds[0]! } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpApiError);
    expect((error as SpApiError).amazonMessage).toMatch(/\[buyerInfo\]/);
    expect(amazon.requests.length).toBe(before);
  });

  it('turns an RDT answer without a token into an error of kind invalid-response', async () => {
    const amazon = fakeAmazon((request) => {
      if (request.path === '/auth/o2/token') return undefined;
      if (request.path === RDT_PATH) return json(200, { expiresIn: 3600 });
      return json(200, { payload: {} });
    });
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
    });
    const error = await client.call('getOrderAddress', { path: { orderId: '1' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'SpApiError',
      kind: 'invalid-response',
      operation: 'createRestrictedDataToken',
      diagnosis: { code: 'INVALID_RESPONSE' },
    });
    expect(amazon.requests.filter((r) => r.path.endsWith('/address'))).toHaveLength(0);
  });
});
