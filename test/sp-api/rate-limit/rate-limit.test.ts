import { describe, expect, it } from 'vitest';
import {
  createMemoryRateLimitStore,
  createSpApiClient,
  OPERATIONS,
  type RateLimitOptions,
} from '../../../src/index.js';
import {
  answered,
  cancelled,
  drained,
  left,
  newBucket,
  replan,
  reserve,
  type TokenBucketState,
  withRate,
} from '../../../src/sp-api/rate-limit/token-bucket.js';
import { createFakeClock } from '../../support/fake-clock.js';
import { CREDENTIALS, fakeAmazon, json, spError } from '../support/fake-amazon.js';

describe('token bucket maths', () => {
  const waitsOf = (bucket: TokenBucketState, now: number, n: number, marginMs: number) => {
    const waits: number[] = [];
    let state = bucket;
    for (let i = 0; i < n; i += 1) {
      const next = reserve(state, now, marginMs);
      state = next.bucket;
      waits.push(next.waitMs);
    }
    return { waits, state };
  };

  it('serves the burst at once, then one token per 1/rate seconds (10 ms after it is due)', () => {
    expect(waitsOf(newBucket(2, 3, 0), 0, 6, 0).waits).toEqual([0, 0, 0, 510, 1010, 1510]);
  });

  it('counts a request not sent yet as arriving one margin late; burst tokens are not delayed', () => {
    expect(waitsOf(newBucket(2, 3, 0), 0, 6, 100).waits).toEqual([0, 0, 0, 610, 1110, 1610]);
  });

  it('spaces requests by 1/rate plus the margin when the burst is 1', () => {
    // Two requests sent 1 s apart may arrive 0.9 s apart: a bucket of one token would not have refilled.
    expect(waitsOf(newBucket(1, 1, 0), 0, 3, 100).waits).toEqual([0, 1110, 2220]);
  });

  it('refills at the rate up to the burst, never above', () => {
    const { state } = waitsOf(newBucket(0.5, 30, 0), 0, 30, 0);
    expect(reserve(state, 10_000, 0).waitMs).toBe(0);
    expect(waitsOf(state, 3_600_000, 31, 0).waits.at(-1)).toBe(2010);
  });

  it('re-plans queued tickets when the rate changes', () => {
    const { state } = waitsOf(newBucket(0.5, 1, 0), 0, 2, 0);
    const sent = answered(left(state, 1, 0), 1, 0);
    expect(replan(sent, 2, 0, 0).waitMs).toBe(2010);
    const faster = withRate(sent, 10);
    expect(replan(faster, 2, 0, 0).waitMs).toBe(110);
    expect(replan(faster, 2, 110, 0).waitMs).toBe(0);
  });

  it('counts a request from when it left and, once answered, as arriving no later than its answer', () => {
    const { state } = waitsOf(newBucket(1, 1, 0), 0, 2, 0);
    expect(replan(state, 2, 0, 0).waitMs).toBe(1010);
    // The first request waited 500 ms for its token before leaving: the second moves with it.
    const late = left(state, 1, 500);
    expect(replan(answered(late, 1, 0), 2, 500, 0).waitMs).toBe(1010);
    // Answered 300 ms after it left: it may have arrived as late as that.
    expect(replan(answered(late, 1, 300), 2, 500, 0).waitMs).toBe(1310);
  });

  it('frees the place of a ticket given up, and empties the bucket after a 429', () => {
    const { state } = waitsOf(newBucket(1, 1, 0), 0, 3, 0);
    expect(replan(cancelled(state, 2), 3, 0, 0).waitMs).toBe(1010);
    const full = newBucket(1, 5, 0);
    expect(reserve(drained(full, 0), 0, 0).waitMs).toBe(1010);
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

  it('counts each request as arriving as late as its answer came back', async () => {
    const run = async (answerMs: number, rateLimit: RateLimitOptions = {}) => {
      const clock = createFakeClock();
      const amazon = fakeAmazon(async (request) => {
        if (request.path === '/auth/o2/token') return undefined;
        await clock.sleep(answerMs);
        return json(200, { order: {} });
      });
      const client = createSpApiClient({
        ...CREDENTIALS,
        transport: amazon.transport,
        clock,
        retry: false,
        rateLimit,
      });
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          client.call('getOrder@2026-01-01', { path: { orderId: `o-${i}` } }),
        ),
      );
      return clock.elapsed();
    };
    // 10 calls past the burst at 0.5/s: 20 s, plus 10 ms of slack for the first token from the refill.
    expect(await run(0)).toBe(20_010);
    // Answers after 300 ms: the burst may have arrived 300 ms late, so the queue starts 300 ms later; the
    // last answer comes 300 ms after the last send.
    expect(await run(300)).toBe(20_010 + 300 + 300);
    // An optional fraction of the rate on top.
    expect(await run(0, { safetyMargin: 0.02 })).toBeGreaterThanOrEqual((10 / (0.5 * 0.98)) * 1000);
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
    });
    await Promise.all(Array.from({ length: 25 }, () => client.call('searchOrders')));
    // 10 past the burst at 5/s, plus the 10 ms of slack of tokens from the refill.
    expect(clock.elapsed()).toBe(2010);
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
