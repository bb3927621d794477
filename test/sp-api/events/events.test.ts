import { describe, expect, it } from 'vitest';
import {
  type AttemptEvent,
  createSpApiClient,
  type Logger,
  type SpApiClientEvent,
  type WaitEvent,
} from '../../../src/index.js';
import { createFakeClock } from '../../support/fake-clock.js';
import { CREDENTIALS, fakeAmazon, json, spError } from '../support/fake-amazon.js';

const ACCESS_TOKEN = 'Atza|event-access-token';

describe('client events', () => {
  it('reports each attempt, each wait before it begins, and each token request', async () => {
    const clock = createFakeClock();
    let failures = 1;
    const amazon = fakeAmazon(async (request) => {
      if (request.path === '/auth/o2/token') {
        await clock.sleep(150);
        return json(200, { access_token: ACCESS_TOKEN, expires_in: 3600 }, { 'x-amzn-requestid': 'lwa-1' });
      }
      await clock.sleep(40);
      if (failures-- > 0) return spError(503, 'ServiceUnavailable', 'Temporary overloading');
      return json(200, { payload: {} }, { 'x-amzn-requestid': 'rid-ok' });
    });
    const events: SpApiClientEvent[] = [];
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock,
      retry: { random: () => 0.5, baseDelayMs: 400 },
      onEvent: (event) => events.push(event),
    });
    await client.call('getAccount');
    expect(events.map((e) => e.type)).toEqual(['token', 'attempt', 'wait', 'attempt']);
    const [token, failed, wait, succeeded] = events;
    expect(token).toEqual({
      type: 'token',
      grantType: 'refresh_token',
      status: 200,
      requestId: 'lwa-1',
      durationMs: 150,
    });
    expect(failed).toEqual({
      type: 'attempt',
      operation: 'getAccount',
      attempt: 1,
      method: 'GET',
      host: 'sellingpartnerapi-na.amazon.com',
      status: 503,
      requestId: 'req-503',
      durationMs: 40,
      waits: [{ for: 'token', ms: 150 }],
      error: { kind: 'server', code: 'SERVICE_UNAVAILABLE', retryable: true },
    });
    expect(wait).toEqual({
      type: 'wait',
      operation: 'getAccount',
      attempt: 2,
      for: 'retry',
      waitMs: 200,
      reason: expect.stringMatching(/attempt 1 of 8 failed \(server 503\)/),
    });
    expect(succeeded).toMatchObject({
      type: 'attempt',
      attempt: 2,
      status: 200,
      requestId: 'rid-ok',
      waits: [{ for: 'retry', ms: 200 }],
    });
    expect(succeeded).not.toHaveProperty('error');
  });

  it('says how long a call will wait for its rate-limit token before it waits', async () => {
    const clock = createFakeClock();
    const amazon = fakeAmazon((request) =>
      request.path === '/auth/o2/token' ? undefined : json(200, { orders: [] }),
    );
    const client = createSpApiClient({ ...CREDENTIALS, transport: amazon.transport, clock, retry: false });
    const waits: (WaitEvent & { at: number })[] = [];
    const attempts: AttemptEvent[] = [];
    client.on('wait', (event) => waits.push({ ...event, at: clock.elapsed() }));
    client.on('attempt', (event) => attempts.push(event));
    const query = { query: { lastUpdatedAfter: '2026-01-01' } };
    // searchOrders: burst 20, then one call per 1 / 0.0056 s.
    await Promise.all(Array.from({ length: 21 }, () => client.call('searchOrders', query)));
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatchObject({ type: 'wait', for: 'rate-limit', operation: 'searchOrders', at: 0 });
    expect(waits[0]?.waitMs).toBeGreaterThan(170_000);
    expect(waits[0]?.reason).toMatch(/searchOrders bucket/);
    expect(attempts.at(-1)?.waits.find((w) => w.for === 'rate-limit')?.ms).toBe(clock.elapsed());
  });

  it('stops delivering after unsubscribing, and a listener that throws never breaks a call', async () => {
    const logged: string[] = [];
    const logger: Logger = {
      debug: () => {},
      info: () => {},
      warn: (_obj, msg) => logged.push(msg ?? ''),
      error: () => {},
    };
    const amazon = fakeAmazon((request) =>
      request.path === '/auth/o2/token' ? undefined : json(200, { payload: {} }),
    );
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
      logger,
    });
    const seen: number[] = [];
    const unsubscribe = client.on('attempt', (event) => seen.push(event.attempt));
    client.on('attempt', () => {
      throw new Error('listener bug');
    });
    await client.call('getAccount');
    unsubscribe();
    await client.call('getAccount');
    expect(seen).toEqual([1]);
    expect(logged).toContain('sp-api event listener threw');
  });

  it('never carries a token or a secret, even for failures that echo them', async () => {
    const events: SpApiClientEvent[] = [];
    const amazon = fakeAmazon((request) => {
      if (request.path === '/auth/o2/token')
        return json(200, { access_token: ACCESS_TOKEN, expires_in: 3600 });
      return spError(403, 'Unauthorized', `token ${ACCESS_TOKEN} refused`, CREDENTIALS.clientSecret);
    });
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
      onEvent: (event) => events.push(event),
    });
    await expect(client.call('getAccount')).rejects.toMatchObject({ kind: 'role' });
    const text = JSON.stringify(events);
    expect(events.length).toBeGreaterThan(0);
    for (const secret of [ACCESS_TOKEN, CREDENTIALS.clientSecret, CREDENTIALS.refreshToken]) {
      expect(text).not.toContain(secret);
    }
  });
});
