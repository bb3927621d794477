import { describe, expect, it } from 'vitest';
import {
  type AttemptOutcome,
  createSpApiClient,
  isRetryable,
  OPERATIONS,
  SpApiError,
} from '../../../src/index.js';
import { backoffDelay } from '../../../src/sp-api/retry/backoff.js';
import { createFakeClock } from '../../support/fake-clock.js';
import { CREDENTIALS, fakeAmazon, json, networkFailure, spError } from '../support/fake-amazon.js';
import { seededRandom } from '../support/seeded-random.js';

const GET = OPERATIONS.searchOrders;
const CONFIRM = OPERATIONS.confirmShipment; // POST, not idempotent
const SHIPMENT_STATUS = OPERATIONS.updateShipmentStatus; // POST, not idempotent
const VERIFY = OPERATIONS.updateVerificationStatus; // PATCH, not idempotent
const RDT = OPERATIONS.createRestrictedDataToken; // POST, but repeating it changes nothing

const http = (status: number): AttemptOutcome => ({ kind: 'http', status });
const reset: AttemptOutcome = { kind: 'network', errorCode: 'ECONNRESET', reachedServer: true };
const refused: AttemptOutcome = { kind: 'network', errorCode: 'ECONNREFUSED', reachedServer: false };

describe('isRetryable', () => {
  const table: [string, Parameters<typeof isRetryable>[0], AttemptOutcome, boolean][] = [
    ['GET 429', GET, http(429), true],
    ['GET 500', GET, http(500), true],
    ['GET 502', GET, http(502), true],
    ['GET 503', GET, http(503), true],
    ['GET 504', GET, http(504), true],
    ['GET 400', GET, http(400), false],
    ['GET 403', GET, http(403), false],
    ['GET 404', GET, http(404), false],
    ['GET reset', GET, reset, true],
    ['GET refused', GET, refused, true],
    ['GET truncated JSON', GET, { kind: 'invalid-response', status: 200 }, true],
    ['GET aborted', GET, { kind: 'aborted' }, false],
    ['POST confirmShipment 429', CONFIRM, http(429), true],
    ['POST confirmShipment 500', CONFIRM, http(500), false],
    ['POST confirmShipment 503', CONFIRM, http(503), false],
    ['POST confirmShipment reset', CONFIRM, reset, false],
    ['POST confirmShipment refused', CONFIRM, refused, true],
    ['POST confirmShipment truncated JSON', CONFIRM, { kind: 'invalid-response', status: 200 }, false],
    ['POST updateShipmentStatus 502', SHIPMENT_STATUS, http(502), false],
    ['PATCH updateVerificationStatus 500', VERIFY, http(500), false],
    ['POST createRestrictedDataToken 500', RDT, http(500), true],
    ['POST createRestrictedDataToken reset', RDT, reset, true],
    ['LWA 503 before a POST', CONFIRM, { kind: 'lwa', status: 503 }, true],
    ['LWA network failure before a POST', CONFIRM, { kind: 'lwa', status: 0 }, true],
    ['LWA invalid_client', GET, { kind: 'lwa', status: 401, error: 'invalid_client' }, false],
  ];
  it.each(table)('%s → %s', (_name, operation, outcome, expected) => {
    expect(isRetryable(operation, outcome)).toBe(expected);
  });
});

describe('backoff', () => {
  const options = { baseDelayMs: 100, maxDelayMs: 1000 };
  it('doubles the ceiling per attempt up to the cap', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5, 6, 10].map((attempt) => backoffDelay(attempt, options, top))).toEqual([
      99, 199, 399, 799, 999, 999, 999,
    ]);
  });
  it('draws a full-jitter delay between 0 and the ceiling', () => {
    expect(backoffDelay(3, options, () => 0)).toBe(0);
    expect(backoffDelay(3, options, () => 0.5)).toBe(200);
  });
});

describe('retry layer', () => {
  it('retries a GET on 500, 503 and dropped connections with backoff on the clock', async () => {
    const clock = createFakeClock();
    const answers = [
      () => spError(500, 'InternalFailure', 'We encountered an internal error. Please try again.'),
      () => spError(503, 'ServiceUnavailable', 'Temporary overloading or maintenance of the server.'),
      () => {
        throw networkFailure('ECONNRESET', 'socket hang up');
      },
      () => ({ status: 200, headers: {}, body: '{"orders":[{"orderId":"1"' }),
      () => json(200, { orders: [] }),
    ];
    const amazon = fakeAmazon((request) =>
      request.path === '/auth/o2/token' ? undefined : answers.shift()!(),
    );
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock,
      rateLimit: false,
      retry: { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 },
    });
    const response = await client.call('searchOrders');
    expect(response.body).toEqual({ orders: [] });
    expect(amazon.spApiRequests()).toHaveLength(5);
    expect(clock.elapsed()).toBe(50 + 100 + 200 + 400);
  });

  it.each([
    ['500', () => spError(500, 'InternalFailure', 'We encountered an internal error. Please try again.')],
    [
      'a dropped connection',
      () => {
        throw networkFailure('ECONNRESET', 'socket hang up');
      },
    ],
    ['a cut-off body', () => ({ status: 200, headers: {}, body: '{"payl' })],
  ])('does not resend confirmShipment after %s', async (_name, answer) => {
    const amazon = fakeAmazon((request) => (request.path === '/auth/o2/token' ? undefined : answer()));
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
    });
    const error = await client
      .call('confirmShipment', {
        path: { orderId: '111-0000000-0000001' },
        body: {
          marketplaceId: 'ATVPDKIKX0DER',
          packageDetail: {
            packageReferenceId: '1',
            carrierCode: 'UPS',
            trackingNumber: '1Z',
            shipDate: '2026-01-01T00:00:00Z',
            orderItems: [{ orderItemId: '1', quantity: 1 }],
          },
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpApiError);
    expect((error as SpApiError).retryable).toBe(false);
    expect(amazon.spApiRequests()).toHaveLength(1);
  });

  it('resends confirmShipment after a 429 and after a refused connection (nothing was processed)', async () => {
    const answers = [
      () => spError(429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.', ''),
      () => {
        throw Object.assign(new TypeError('fetch failed'), { cause: networkFailure('ECONNREFUSED') });
      },
      () => ({ status: 204, headers: {}, body: '' }),
    ];
    const amazon = fakeAmazon((request) =>
      request.path === '/auth/o2/token' ? undefined : answers.shift()!(),
    );
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
    });
    const response = await client.call('confirmShipment', {
      path: { orderId: '111-0000000-0000001' },
      body: {
        marketplaceId: 'ATVPDKIKX0DER',
        packageDetail: {
          packageReferenceId: '1',
          carrierCode: 'UPS',
          trackingNumber: '1Z',
          shipDate: '2026-01-01T00:00:00Z',
          orderItems: [{ orderItemId: '1', quantity: 1 }],
        },
      },
    });
    expect(response).toMatchObject({ status: 204, body: undefined });
    expect(amazon.spApiRequests()).toHaveLength(3);
  });

  it('stops after maxAttempts and throws the last error', async () => {
    const amazon = fakeAmazon((request) =>
      request.path === '/auth/o2/token' ? undefined : spError(503, 'ServiceUnavailable', 'down'),
    );
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
      retry: { maxAttempts: 3 },
    });
    await expect(client.call('getAccount')).rejects.toMatchObject({ status: 503, retryable: true });
    expect(amazon.spApiRequests()).toHaveLength(3);
  });

  it('surfaces network failures as SpApiError with status 0 and code NetworkError', async () => {
    const amazon = fakeAmazon((request) => {
      if (request.path === '/auth/o2/token') return undefined;
      throw networkFailure('ECONNRESET', 'socket hang up');
    });
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
      retry: false,
    });
    await expect(client.call('getAccount')).rejects.toMatchObject({
      status: 0,
      code: 'NetworkError',
      retryable: true,
      diagnosis: { cause: expect.stringMatching(/No complete response/) },
    });
  });

  it('pages through 30 pages with 10% 429, 5% 5xx and 2% dropped connections, each page once', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = seededRandom(seed);
      const clock = createFakeClock();
      const served: number[] = [];
      const amazon = fakeAmazon((request) => {
        if (request.path === '/auth/o2/token') return undefined;
        const roll = random();
        if (roll < 0.1)
          return spError(429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.', '');
        if (roll < 0.15)
          return spError(roll < 0.125 ? 500 : 503, 'InternalFailure', 'We encountered an internal error.');
        if (roll < 0.17) throw networkFailure('ECONNRESET', 'socket hang up');
        const page = Number(request.query.get('paginationToken') ?? '0');
        served.push(page);
        return json(200, {
          orders: [{ orderId: `order-${page}` }],
          pagination: page < 29 ? { nextToken: String(page + 1) } : {},
        });
      });
      const client = createSpApiClient({
        ...CREDENTIALS,
        transport: amazon.transport,
        clock,
        retry: { random },
      });
      const ids: string[] = [];
      for await (const page of client.paginate('searchOrders', {
        query: { lastUpdatedAfter: '2026-01-01' },
      })) {
        for (const order of page.body.orders) ids.push(order.orderId);
      }
      expect(ids).toEqual(Array.from({ length: 30 }, (_, i) => `order-${i}`));
      expect(served).toEqual(Array.from({ length: 30 }, (_, i) => i));
    }
  });
});
