import { describe, expect, it } from 'vitest';
import { createMemoryRateLimitStore, createSpApiClient, OPERATIONS } from '../../../src/index.js';
import {
  newBucket,
  refill,
  reserve,
  waitForTicket,
  withRate,
} from '../../../src/sp-api/rate-limit/token-bucket.js';
import { createFakeClock } from '../../support/fake-clock.js';
import { CREDENTIALS, fakeAmazon, json, spError } from '../support/fake-amazon.js';

describe('token bucket maths', () => {
  it('serves the burst at once, then one token per 1/rate seconds', () => {
    let bucket = newBucket(2, 3, 0);
    const waits: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const next = reserve(bucket, 0);
      bucket = next.bucket;
      waits.push(next.waitMs);
    }
    expect(waits).toEqual([0, 0, 0, 500, 1000, 1500]);
  });

  it('refills at the rate up to the burst, never above', () => {
    const empty = { ...newBucket(0.5, 30, 0), tokens: 0 };
    expect(refill(empty, 10_000).tokens).toBeCloseTo(5);
    expect(refill(empty, 3_600_000).tokens).toBe(30);
  });

  it('re-plans queued tickets when the rate changes', () => {
    let bucket = { ...newBucket(0.5, 1, 0), tokens: 0 };
    const first = reserve(bucket, 0);
    bucket = first.bucket;
    expect(first.waitMs).toBe(2000);
    bucket = withRate(bucket, 10, 0);
    expect(waitForTicket(bucket, first.ticket, 0)).toBe(100);
    expect(waitForTicket(bucket, first.ticket, 100)).toBe(0);
  });
});

describe('rate-limit layer', () => {
  const getOrder = OPERATIONS['getOrder@2026-01-01']; // 0.5/s, burst 30

  it('paces more calls than the burst: total simulated time is (n - burst) / rate, with no 429', async () => {
    const clock = createFakeClock();
    const sentAt: number[] = [];
    const amazon = fakeAmazon((request) => {
      if (request.path === '/auth/o2/token') return undefined;
      sentAt.push(clock.elapsed());
      return json(200, { order: {} });
    });
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock,
      retry: false,
      rateLimit: { safetyMargin: 0 },
    });
    const n = 50;
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        client.call('getOrder@2026-01-01', { path: { orderId: `o-${i}` } }),
      ),
    );
    const expectedMs = ((n - getOrder.burst) / getOrder.rate) * 1000; // 40 s
    expect(sentAt).toHaveLength(n);
    expect(sentAt.slice(0, getOrder.burst).every((t) => t === 0)).toBe(true);
    expect(clock.elapsed()).toBeGreaterThanOrEqual(expectedMs);
    expect(clock.elapsed()).toBeLessThan(expectedMs * 1.01);
    // Never more than burst + rate * t calls by time t: what Amazon's own bucket allows.
    sentAt.forEach((t, i) => {
      expect(i + 1).toBeLessThanOrEqual(getOrder.burst + (t / 1000) * getOrder.rate + 1e-9);
    });
  });

  it('keeps the safety margin below the advertised rate', async () => {
    const clock = createFakeClock();
    const amazon = fakeAmazon((request) =>
      request.path === '/auth/o2/token' ? undefined : json(200, { order: {} }),
    );
    const client = createSpApiClient({ ...CREDENTIALS, transport: amazon.transport, clock, retry: false });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        client.call('getOrder@2026-01-01', { path: { orderId: `o-${i}` } }),
      ),
    );
    // 10 calls past the burst at 0.5/s × 0.98.
    expect(clock.elapsed()).toBeGreaterThanOrEqual((10 / (0.5 * 0.98)) * 1000);
  });

  it('learns the rate from x-amzn-RateLimit-Limit, also for calls already queued', async () => {
    const clock = createFakeClock();
    const amazon = fakeAmazon((request) =>
      request.path === '/auth/o2/token'
        ? undefined
        : json(200, { order: {} }, { 'x-amzn-ratelimit-limit': '10' }),
    );
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock,
      retry: false,
      rateLimit: { safetyMargin: 0 },
    });
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        client.call('getOrder@2026-01-01', { path: { orderId: `o-${i}` } }),
      ),
    );
    // At the table's 0.5/s the 30 calls past the burst would take 60 s; at the header's 10/s, 3 s.
    expect(clock.elapsed()).toBeGreaterThanOrEqual(3000);
    expect(clock.elapsed()).toBeLessThan(5000);
  });

  it('never lets one operation wait for another', async () => {
    const clock = createFakeClock();
    const sent: { path: string; at: number }[] = [];
    const amazon = fakeAmazon((request) => {
      if (request.path === '/auth/o2/token') return undefined;
      sent.push({ path: request.path, at: clock.elapsed() });
      return json(200, { orders: [], payload: {} });
    });
    const client = createSpApiClient({ ...CREDENTIALS, transport: amazon.transport, clock, retry: false });
    // searchOrders (0.0056/s, burst 20): the 21st call waits about three minutes.
    const slow = Array.from({ length: 21 }, () =>
      client.call('searchOrders', { query: { lastUpdatedAfter: '2026-01-01' } }),
    );
    const fast = await client.call('getMarketplaceParticipations');
    expect(fast.status).toBe(200);
    const participations = sent.find((s) => s.path === '/sellers/v1/marketplaceParticipations');
    expect(participations?.at).toBe(0);
    await Promise.all(slow);
    expect(clock.elapsed()).toBeGreaterThan(170_000);
  });

  it('serves concurrent calls of one operation in call order', async () => {
    const clock = createFakeClock();
    const order: string[] = [];
    const amazon = fakeAmazon((request) => {
      if (request.path === '/auth/o2/token') return undefined;
      order.push(request.path.split('/').at(-1) ?? '');
      return json(200, { order: {} });
    });
    const client = createSpApiClient({ ...CREDENTIALS, transport: amazon.transport, clock, retry: false });
    const ids = Array.from({ length: 40 }, (_, i) => `o-${String(i).padStart(2, '0')}`);
    await Promise.all(ids.map((orderId) => client.call('getOrder@2026-01-01', { path: { orderId } })));
    expect(order).toEqual(ids);
  });

  it('keys buckets by seller: two sellers do not share a bucket, one seller in two clients does', async () => {
    const clock = createFakeClock();
    const store = createMemoryRateLimitStore();
    const amazon = fakeAmazon((request) =>
      request.path === '/auth/o2/token' ? undefined : json(200, { orders: [] }),
    );
    const client = (sellerId: string) =>
      createSpApiClient({
        ...CREDENTIALS,
        sellerId,
        transport: amazon.transport,
        clock,
        rateLimitStore: store,
        retry: false,
      });
    const a1 = client('A');
    const a2 = client('A');
    const b = client('B');
    const query = { query: { lastUpdatedAfter: '2026-01-01' } };
    await Promise.all(Array.from({ length: 20 }, () => a1.call('searchOrders', query)));
    await Promise.all(Array.from({ length: 20 }, () => b.call('searchOrders', query)));
    expect(clock.elapsed()).toBe(0);
    await a2.call('searchOrders', query);
    expect(clock.elapsed()).toBeGreaterThan(170_000);
  });

  it('drains the bucket when a 429 still happens, so the retry waits for a fresh token', async () => {
    const clock = createFakeClock();
    let throttled = false;
    const sentAt: number[] = [];
    const amazon = fakeAmazon((request) => {
      if (request.path === '/auth/o2/token') return undefined;
      sentAt.push(clock.elapsed());
      if (!throttled) {
        throttled = true;
        return spError(429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.', '');
      }
      return json(200, { order: {} });
    });
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock,
      rateLimit: { safetyMargin: 0 },
      retry: { baseDelayMs: 1, maxDelayMs: 1 },
    });
    await client.call('getOrder@2026-01-01', { path: { orderId: 'o-1' } });
    // The bucket was full (burst 30), yet after the 429 the retry waited one token: 1 / 0.5 s.
    expect(sentAt).toHaveLength(2);
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(2000);
  });

  it('uses the flat sandbox plan (5/s, burst 15) in the sandbox', async () => {
    const clock = createFakeClock();
    const amazon = fakeAmazon((request) =>
      request.path === '/auth/o2/token' ? undefined : json(200, { orders: [] }),
    );
    const client = createSpApiClient({
      ...CREDENTIALS,
      sandbox: true,
      transport: amazon.transport,
      clock,
      retry: false,
      rateLimit: { safetyMargin: 0 },
    });
    await Promise.all(Array.from({ length: 25 }, () => client.call('searchOrders')));
    expect(clock.elapsed()).toBe(2000);
    expect(amazon.spApiRequests()[0]?.url).toMatch(/^https:\/\/sandbox\.sellingpartnerapi-na\.amazon\.com\//);
  });

  it('stops waiting for a token when the caller aborts, without sending', async () => {
    const clock = createFakeClock();
    const amazon = fakeAmazon((request) =>
      request.path === '/auth/o2/token' ? undefined : json(200, { orders: [] }),
    );
    const client = createSpApiClient({ ...CREDENTIALS, transport: amazon.transport, clock });
    const query = { lastUpdatedAfter: '2026-01-01' };
    await Promise.all(Array.from({ length: 20 }, () => client.call('searchOrders', { query })));
    const controller = new AbortController();
    const waiting = client.call('searchOrders', { query, signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(amazon.spApiRequests()).toHaveLength(20);
    expect(clock.elapsed()).toBe(0);
  });
});
