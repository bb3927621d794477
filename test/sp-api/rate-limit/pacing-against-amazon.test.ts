import { describe, expect, it } from 'vitest';
import { ALL_OPERATIONS } from '../../../src/amazon/index.js';
import type { OperationSpec } from '../../../src/amazon/operation-spec.js';
// The emulator's token bucket is the model of Amazon's that the client is tested against (tests only).
import { RateLimiter } from '../../../src/emulator/rate-limiter.js';
import {
  createMemoryRateLimitStore,
  createSpApiClient,
  type RateLimitStore,
  type Transport,
} from '../../../src/index.js';
import { createFakeClock, type FakeClock } from '../../support/fake-clock.js';
import { CREDENTIALS, json } from '../support/fake-amazon.js';
import { seededRandom } from '../support/seeded-random.js';

interface Network {
  /** One-way latency of a request to SP-API, drawn per request. */
  uplinkMs: () => number;
  /** Latency of the LWA token request. */
  lwaMs: number;
  /** Extra latency of createRestrictedDataToken (Amazon's RDT round trip is slow). */
  rdtMs: number;
  /** A host that handles one request at a time, each taking this long: a burst queues before it is counted. */
  serialMs?: number;
}

const byPath = (method: string, path: string): OperationSpec | undefined =>
  ALL_OPERATIONS.find((op) => {
    if (op.method !== method) return false;
    const pattern = new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return pattern.test(path);
  });

/**
 * Amazon over a network, on virtual time: each SP-API request reaches Amazon `uplinkMs` after it was sent,
 * and is counted there by the emulator's token bucket (rate and burst of the operation table); a request
 * that finds no token is answered 429 and recorded.
 */
function amazonOverNetwork(clock: FakeClock, network: Network) {
  const limiter = new RateLimiter();
  const rejected: { operation: string; arrivedAt: number }[] = [];
  const arrivals: Record<string, number[]> = {};
  let rdts = 0;
  let busyUntil = 0;
  const transport: Transport = async (request) => {
    const url = new URL(request.url);
    if (url.pathname === '/auth/o2/token') {
      await clock.sleep(network.lwaMs);
      return json(200, { access_token: 'Atza|network-token', expires_in: 3600 });
    }
    const op = byPath(request.method, url.pathname);
    if (!op) throw new Error(`no operation for ${request.method} ${url.pathname}`);
    await clock.sleep(network.uplinkMs() + (op.key === 'createRestrictedDataToken' ? network.rdtMs : 0));
    if (network.serialMs) {
      busyUntil = Math.max(busyUntil, clock.now()) + network.serialMs;
      await clock.sleep(busyUntil - clock.now());
    }
    const arrivedAt = clock.now();
    const rateHeader = { 'x-amzn-ratelimit-limit': String(op.rate) };
    if (!limiter.take(op.key, op.rate, op.burst, arrivedAt)) {
      rejected.push({ operation: op.key, arrivedAt });
      return json(429, { errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota.' }] });
    }
    arrivals[op.key] = [...(arrivals[op.key] ?? []), arrivedAt];
    if (op.key === 'createRestrictedDataToken') {
      rdts += 1;
      return json(200, { restrictedDataToken: `Atz.sprdt|rdt-${rdts}`, expiresIn: 3600 }, rateHeader);
    }
    return json(200, { payload: { OrderItems: [] } }, rateHeader);
  };
  return { transport, rejected, arrivals, rdts: () => rdts };
}

const ITEMS = ALL_OPERATIONS.find((op) => op.key === 'getOrderItems')!; // 0.5/s, burst 30, restricted
const ORDER = ALL_OPERATIONS.find((op) => op.key === 'getOrder@2026-01-01')!; // 0.5/s, burst 30

function newClient(clock: FakeClock, transport: Transport, store?: RateLimitStore) {
  // Default pacing options; retries off, so a 429 fails the call instead of hiding behind a retry.
  return createSpApiClient({
    ...CREDENTIALS,
    transport,
    clock,
    retry: false,
    ...(store ? { rateLimitStore: store, sellerId: 'A1SELLER' } : {}),
  });
}

/** The least time n calls can take: the burst at once, then one per 1 / rate seconds. */
const minimumMs = (n: number, op: OperationSpec) => (Math.max(0, n - op.burst) / op.rate) * 1000;

describe('pacing against Amazon’s bucket, counted at arrival', () => {
  it.each([1, 2, 3])(
    'cold start, slow LWA and RDT round trips, 45 concurrent getOrderItems: no 429 (seed %i)',
    async (seed) => {
      const clock = createFakeClock();
      const random = seededRandom(seed);
      const amazon = amazonOverNetwork(clock, { uplinkMs: () => 20 + random() * 80, lwaMs: 300, rdtMs: 300 });
      const client = newClient(clock, amazon.transport);
      await Promise.all(
        Array.from({ length: 45 }, (_, i) => client.call('getOrderItems', { path: { orderId: `o-${i}` } })),
      );
      expect(amazon.rejected).toEqual([]);
      expect(amazon.arrivals.getOrderItems).toHaveLength(45);
      expect(amazon.rdts()).toBe(1);
      // Close to the minimum: tokens and RDT first (about 0.7 s), then the bucket's own pace.
      expect(clock.elapsed()).toBeLessThan(minimumMs(45, ITEMS) * 1.05);
    },
  );

  it.each([1, 2, 3])('cold start, the same 45 calls one after another: no 429 (seed %i)', async (seed) => {
    const clock = createFakeClock();
    const random = seededRandom(seed);
    const amazon = amazonOverNetwork(clock, { uplinkMs: () => 20 + random() * 80, lwaMs: 300, rdtMs: 300 });
    const client = newClient(clock, amazon.transport);
    for (let i = 0; i < 45; i += 1) await client.call('getOrderItems', { path: { orderId: `o-${i}` } });
    expect(amazon.rejected).toEqual([]);
    expect(amazon.arrivals.getOrderItems).toHaveLength(45);
    expect(clock.elapsed()).toBeLessThan(minimumMs(45, ITEMS) * 1.05);
  });

  it('a token fetch slower than the whole refill interval still sends nothing early', async () => {
    const clock = createFakeClock();
    const amazon = amazonOverNetwork(clock, { uplinkMs: () => 30, lwaMs: 2500, rdtMs: 2500 });
    const client = newClient(clock, amazon.transport);
    await Promise.all(
      Array.from({ length: 34 }, (_, i) => client.call('getOrderItems', { path: { orderId: `o-${i}` } })),
    );
    expect(amazon.rejected).toEqual([]);
  });

  it.each([4, 5, 6])(
    'wide jitter in arrivals (0–400 ms), 60 concurrent calls: no 429 (seed %i)',
    async (seed) => {
      const clock = createFakeClock();
      const random = seededRandom(seed);
      // Half the requests are slow, half fast: the worst case for a fixed margin.
      const amazon = amazonOverNetwork(clock, {
        uplinkMs: () => (random() < 0.5 ? 0 : 400),
        lwaMs: 50,
        rdtMs: 0,
      });
      const client = newClient(clock, amazon.transport);
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          client.call('getOrder@2026-01-01', { path: { orderId: `o-${i}` } }),
        ),
      );
      expect(amazon.rejected).toEqual([]);
      expect(amazon.arrivals['getOrder@2026-01-01']).toHaveLength(60);
    },
  );

  it('a host that queues the burst and counts the last of it 450 ms late: no 429', async () => {
    const clock = createFakeClock();
    const amazon = amazonOverNetwork(clock, { uplinkMs: () => 5, lwaMs: 60, rdtMs: 0, serialMs: 15 });
    const client = newClient(clock, amazon.transport);
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        client.call('getOrder@2026-01-01', { path: { orderId: `o-${i}` } }),
      ),
    );
    expect(amazon.rejected).toEqual([]);
    const arrivals = amazon.arrivals['getOrder@2026-01-01']!;
    expect(arrivals[29]! - arrivals[0]!).toBeGreaterThanOrEqual(29 * 15);
  });

  it('many concurrent callers in two clients sharing one seller’s store, three operations: no 429', async () => {
    const clock = createFakeClock();
    const random = seededRandom(9);
    const amazon = amazonOverNetwork(clock, { uplinkMs: () => 10 + random() * 150, lwaMs: 200, rdtMs: 250 });
    const store = createMemoryRateLimitStore();
    const clients = [newClient(clock, amazon.transport, store), newClient(clock, amazon.transport, store)];
    const calls = Array.from({ length: 240 }, (_, i) => {
      const client = clients[i % 2]!;
      const orderId = `o-${i}`;
      if (i % 3 === 0) return client.call('getOrderItems', { path: { orderId } });
      if (i % 3 === 1) return client.call('getOrder@2026-01-01', { path: { orderId } });
      return client.call('getOrderAddress', { path: { orderId } });
    });
    await Promise.all(calls);
    expect(amazon.rejected).toEqual([]);
    expect(amazon.arrivals.getOrderItems).toHaveLength(80);
    expect(amazon.arrivals['getOrder@2026-01-01']).toHaveLength(80);
    expect(clock.elapsed()).toBeLessThan(minimumMs(80, ORDER) * 1.05);
  });
});
