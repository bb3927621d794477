import { describe, expect, it } from 'vitest';
import { harness } from './support/emulator-harness.js';

const GET_ORDER = '/orders/2026-01-01/orders/';
const QUOTA = {
  errors: [
    { code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.', details: '' },
  ],
};

describe('rate limits and stats', () => {
  it('a bucket per (app, seller, operation): burst, then 429; refills at the rate on the injected clock', async () => {
    const h = await harness({ orders: 20 });
    const token = await h.token();
    const orderId = (await h.control('GET', `/_emulator/orders?sellerId=${h.sellerId()}`)).json().orders[0]
      .orderId;
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++)
      statuses.push((await h.sp(token, 'GET', `${GET_ORDER}${orderId}`)).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    const throttled = await h.sp(token, 'GET', `${GET_ORDER}${orderId}`);
    expect(throttled.json()).toEqual(QUOTA);
    expect(throttled.headers['x-amzn-ratelimit-limit']).toBeUndefined();
    // Another operation and another seller have their own buckets.
    expect((await h.sp(token, 'GET', `/orders/v0/orders/${orderId}`)).statusCode).toBe(200);
    expect((await h.sp(await h.token(1), 'GET', `${GET_ORDER}999-9999999-9999999`)).statusCode).toBe(404);
    // 0.5 req/s: one token after 2 s, not before.
    h.clock.advance(1900);
    expect((await h.sp(token, 'GET', `${GET_ORDER}${orderId}`)).statusCode).toBe(429);
    h.clock.advance(200);
    expect((await h.sp(token, 'GET', `${GET_ORDER}${orderId}`)).statusCode).toBe(200);
    const stats = (await h.control('GET', '/_emulator/stats')).json();
    expect(stats.operations['getOrder@2026-01-01']).toEqual({ requests: 36, throttled: 4, errors: 1 });
    expect(stats.operations['getOrder@v0']).toEqual({ requests: 1, throttled: 0, errors: 0 });
    expect(stats.operations['getOrder@2026-01-01']).toBeDefined();
    expect((await h.control('DELETE', '/_emulator/stats')).statusCode).toBe(204);
    expect((await h.control('GET', '/_emulator/stats')).json()).toEqual({
      operations: {},
      confirmations: {},
    });
    await h.app.close();
  });

  it('stats count errors (4xx/5xx other than 429) per operation key', async () => {
    const h = await harness({ orders: 5 });
    const token = await h.token();
    await h.sp(token, 'GET', '/orders/v0/orders?CreatedAfter=nope&MarketplaceIds=ATVPDKIKX0DER');
    await h.sp(undefined, 'GET', '/sellers/v1/account');
    await h.sp(token, 'GET', '/sellers/v1/account');
    const stats = (await h.control('GET', '/_emulator/stats')).json().operations;
    expect(stats.getOrders).toEqual({ requests: 1, throttled: 0, errors: 1 });
    expect(stats.getAccount).toEqual({ requests: 2, throttled: 0, errors: 1 });
    await h.app.close();
  });

  it('--no-rate-limits: never 429', async () => {
    const h = await harness({ orders: 5, rateLimits: false });
    const token = await h.token();
    for (let i = 0; i < 40; i++)
      expect((await h.sp(token, 'GET', '/sellers/v1/account')).statusCode).toBe(200);
    await h.app.close();
  });

  it('the header reports the scaled rate; the bucket refills at the scaled rate', async () => {
    const h = await harness({ orders: 5, rateScale: 10 });
    const token = await h.token();
    const res = await h.sp(token, 'GET', '/orders/2026-01-01/orders?createdAfter=2020-01-01T00:00:00Z');
    expect(res.headers['x-amzn-ratelimit-limit']).toBe('0.056');
    expect((await h.sp(token, 'GET', '/sellers/v1/account')).headers['x-amzn-ratelimit-limit']).toBe('0.16');
    for (let i = 0; i < 14; i++) await h.sp(token, 'GET', '/sellers/v1/account');
    expect((await h.sp(token, 'GET', '/sellers/v1/account')).statusCode).toBe(429);
    h.clock.advance(6300); // 0.16 req/s → one token after 6.25 s
    expect((await h.sp(token, 'GET', '/sellers/v1/account')).statusCode).toBe(200);
    await h.app.close();
  });

  it('LWA and /_emulator/* are never rate limited', async () => {
    const h = await harness({ orders: 5 });
    for (let i = 0; i < 40; i++) {
      expect((await h.control('GET', '/_emulator/credentials')).statusCode).toBe(200);
      await h.token();
    }
    await h.app.close();
  });

  it('static mode: 5 req/s burst 15 for every operation, scaled by rate-scale', async () => {
    const h = await harness({ mode: 'static', rateScale: 2 });
    const token = await h.token();
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++)
      statuses.push((await h.sp(token, 'GET', '/sellers/v1/marketplaceParticipations')).statusCode);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    expect(statuses[15]).toBe(429);
    const ok = await h.sp(token, 'GET', '/sellers/v1/account');
    expect(ok.headers['x-amzn-ratelimit-limit']).toBe('10');
    await h.app.close();
  });
});
