import { describe, expect, it } from 'vitest';
import { parseFaultSpec, startEmulator } from '../../src/emulator/index.js';
import { createFakeClock } from '../support/fake-clock.js';
import { harness } from './support/emulator-harness.js';

const SEARCH = '/orders/2026-01-01/orders?createdAfter=2020-01-01T00:00:00Z&maxResultsPerPage=5';

describe('fault SPEC parsing', () => {
  it('parses global and per-operation rules', () => {
    expect(parseFaultSpec('429=0.1,5xx=0.05,drop=0.02;searchOrders:latency=20-80')).toEqual({
      global: { '429': 0.1, '5xx': 0.05, drop: 0.02 },
      operations: { searchOrders: { latency: { min: 20, max: 80 } } },
    });
    expect(
      parseFaultSpec('getOrder@2026-01-01:malformed=1,expired-token=0.5,latency=5;500=0.2,503=0.3'),
    ).toEqual({
      global: { '500': 0.2, '503': 0.3 },
      operations: {
        'getOrder@2026-01-01': { malformed: 1, 'expired-token': 0.5, latency: { min: 5, max: 5 } },
      },
    });
    expect(parseFaultSpec('')).toEqual({ global: {}, operations: {} });
  });

  it('names the bad part', () => {
    expect(() => parseFaultSpec('429=2')).toThrow(
      /'429=2': the probability must be a decimal number between 0 and 1 \(e.g. 0.1\)/,
    );
    expect(() => parseFaultSpec('teapot=0.1')).toThrow(/unknown fault kind 'teapot'/);
    expect(() => parseFaultSpec('getOrder:429=0.1')).toThrow(/unknown operation 'getOrder'/);
    expect(() => parseFaultSpec('latency=80-20')).toThrow(/'latency=80-20'/);
    expect(() => parseFaultSpec('latency=fast')).toThrow(/latency must be MS or MIN-MAX/);
    expect(() => parseFaultSpec('429')).toThrow(/'429' needs the form kind=value/);
    expect(() => parseFaultSpec('429=0.1,,500=0.1')).toThrow(/empty setting/);
  });

  it('is strict: decimal probabilities, no empty rule, each kind once per key, latency capped', () => {
    for (const value of ['0x1', '1e-1', '+0.1', '-0', 'Infinity', '0.1.2', ' ', '']) {
      expect(() => parseFaultSpec(`429=${value}`), value).toThrow(/the probability must be a decimal number/);
    }
    for (const value of ['0', '1', '0.25', '.5', '1.0']) {
      expect(parseFaultSpec(`429=${value}`).global['429']).toBe(Number(value));
    }
    expect(() => parseFaultSpec('429=0.1;;500=0.1')).toThrow(/rule 2 of the fault SPEC is empty/);
    expect(() => parseFaultSpec('429=0.1;')).toThrow(/rule 2 of the fault SPEC is empty/);
    expect(() => parseFaultSpec('searchOrders:')).toThrow(/fault rule 'searchOrders:' has no settings/);
    expect(() => parseFaultSpec('429=0.1,429=0.2')).toThrow(
      /fault kind '429' appears twice in rule '429=0.1,429=0.2'/,
    );
    expect(() => parseFaultSpec('searchOrders:latency=5,latency=9')).toThrow(/'latency' appears twice/);
    expect(() => parseFaultSpec('searchOrders:429=0.1;searchOrders:429=0.2')).toThrow(
      /fault kind '429' is set twice for searchOrders: in 'searchOrders:429=0.1' and in 'searchOrders:429=0.2'/,
    );
    expect(() => parseFaultSpec('500=1;500=0')).toThrow(/'500' is set twice for every operation/);
    // The same kind for different keys, or different kinds for one key, is what rules are for.
    expect(parseFaultSpec('500=1;getAccount:500=0;getAccount:429=1').operations.getAccount).toEqual({
      '500': 0,
      '429': 1,
    });
    expect(parseFaultSpec('latency=600000').global.latency).toEqual({ min: 600_000, max: 600_000 });
    expect(() => parseFaultSpec('latency=600001')).toThrow(
      /'latency=600001': latency must be at most 600000 ms/,
    );
    expect(() => parseFaultSpec('latency=10-3000000000')).toThrow(/at most 600000 ms/);
    expect(() => parseFaultSpec('latency=-5')).toThrow(/latency must be MS or MIN-MAX/);
  });

  it('takes lwa as a key for the token endpoint: latency, 500, 503, 5xx, drop', () => {
    expect(parseFaultSpec('lwa:latency=300,5xx=0.1,drop=0.05;lwa:500=0.2,503=0.3')).toEqual({
      global: {},
      operations: {
        lwa: { latency: { min: 300, max: 300 }, '5xx': 0.1, drop: 0.05, '500': 0.2, '503': 0.3 },
      },
    });
    expect(() => parseFaultSpec('lwa:429=0.1')).toThrow(
      /fault kind '429' in '429=0.1' does not apply to lwa \(lwa kinds: 500, 503, 5xx, drop, latency\)/,
    );
    expect(() => parseFaultSpec('lwa:malformed=1')).toThrow(/'malformed' .* does not apply to lwa/);
    expect(() => parseFaultSpec('LWA:500=1')).toThrow(/unknown operation 'LWA'.*or lwa/);
  });
});

describe('faults at runtime', () => {
  it('PUT/GET /_emulator/faults; bad SPEC is 400; empty clears', async () => {
    const h = await harness({ orders: 5, faults: '429=0.5' });
    expect((await h.control('GET', '/_emulator/faults')).json()).toEqual({
      spec: '429=0.5',
      rules: { global: { '429': 0.5 }, operations: {} },
    });
    const bad = await h.control('PUT', '/_emulator/faults', { spec: 'searchOrders:oops=1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/unknown fault kind 'oops'/);
    expect((await h.control('PUT', '/_emulator/faults', { spec: '' })).json()).toEqual({
      spec: '',
      rules: { global: {}, operations: {} },
    });
    await h.app.close();
  });

  it('429, 500, 503 with Amazon bodies; counted in stats; only on SP-API routes', async () => {
    const h = await harness({ orders: 5, rateLimits: false });
    const token = await h.token();
    const cases = [
      ['429=1', 429, 'QuotaExceeded'],
      ['500=1', 500, 'InternalFailure'],
      ['503=1', 503, 'ServiceUnavailable'],
    ] as const;
    for (const [spec, status, code] of cases) {
      await h.control('PUT', '/_emulator/faults', { spec });
      const res = await h.sp(token, 'GET', '/sellers/v1/account');
      expect(res.statusCode).toBe(status);
      expect(res.json().errors[0].code).toBe(code);
      expect(res.headers['x-amzn-requestid']).toBeDefined();
      expect(res.headers['x-amzn-ratelimit-limit']).toBeUndefined();
      // LWA and control endpoints are never faulted.
      await h.token();
      expect((await h.control('GET', '/_emulator/credentials')).statusCode).toBe(200);
    }
    expect((await h.control('GET', '/_emulator/stats')).json().operations.getAccount).toEqual({
      requests: 3,
      throttled: 1,
      errors: 2,
    });
    await h.app.close();
  });

  it('5xx splits between 500 and 503; dice are reproducible for a seed', async () => {
    const run = async () => {
      const h = await harness({ orders: 5, rateLimits: false, faults: '5xx=0.5', seed: 3 });
      const token = await h.token();
      const out: number[] = [];
      for (let i = 0; i < 60; i++) out.push((await h.sp(token, 'GET', '/sellers/v1/account')).statusCode);
      await h.app.close();
      return out;
    };
    const a = await run();
    expect(a).toEqual(await run());
    expect(a).toContain(500);
    expect(a).toContain(503);
    expect(a).toContain(200);
    expect(a.every((s) => [200, 500, 503].includes(s))).toBe(true);
  });

  it('per-operation settings override global ones of the same kind', async () => {
    const h = await harness({ orders: 5, rateLimits: false, faults: '500=1;getAccount:500=0' });
    const token = await h.token();
    expect((await h.sp(token, 'GET', '/sellers/v1/account')).statusCode).toBe(200);
    expect((await h.sp(token, 'GET', '/sellers/v1/marketplaceParticipations')).statusCode).toBe(500);
    await h.app.close();
  });

  it('lwa: 500 server_error, 503 temporarily_unavailable, drop; SP-API operations untouched', async () => {
    const h = await harness({ orders: 5, rateLimits: false });
    const token = await h.token();
    const grant = {
      grant_type: 'refresh_token',
      refresh_token: h.creds.sellers[0]!.refreshToken,
      client_id: h.creds.clientId,
      client_secret: h.creds.clientSecret,
    };
    const cases = [
      ['lwa:500=1', 500, 'server_error'],
      ['lwa:503=1', 503, 'temporarily_unavailable'],
    ] as const;
    for (const [spec, status, error] of cases) {
      await h.control('PUT', '/_emulator/faults', { spec });
      const res = await h.lwa(grant);
      expect(res.statusCode).toBe(status);
      expect(res.json()).toMatchObject({ error });
      expect(res.json().error_description).toEqual(expect.any(String));
      expect(res.headers['cache-control']).toBe('no-store');
      expect((await h.sp(token, 'GET', '/sellers/v1/account')).statusCode).toBe(200);
    }
    await h.control('PUT', '/_emulator/faults', { spec: 'lwa:drop=1' });
    await expect(h.lwa(grant)).rejects.toThrow(/destroyed/);
    await h.control('PUT', '/_emulator/faults', { spec: 'lwa:5xx=0.5' });
    const statuses = new Set<number>();
    for (let i = 0; i < 40; i++) statuses.add((await h.lwa(grant)).statusCode);
    expect([...statuses].sort()).toEqual([200, 500, 503]);
    // Global settings are for SP-API operations; they never reach LWA.
    await h.control('PUT', '/_emulator/faults', { spec: '500=1,drop=0' });
    expect((await h.lwa(grant)).statusCode).toBe(200);
    expect((await h.sp(token, 'GET', '/sellers/v1/account')).statusCode).toBe(500);
    await h.app.close();
  });

  it('drop also works under app.inject(): the injected request rejects', async () => {
    const h = await harness({ orders: 5, rateLimits: false, faults: 'getAccount:drop=1' });
    const token = await h.token();
    await expect(h.sp(token, 'GET', '/sellers/v1/account')).rejects.toThrow(/destroyed/);
    expect((await h.sp(token, 'GET', '/sellers/v1/marketplaceParticipations')).statusCode).toBe(200);
    await h.app.close();
  });

  it('malformed: 200 with a truncated JSON body', async () => {
    const h = await harness({ orders: 5, rateLimits: false, faults: 'searchOrders:malformed=1' });
    const token = await h.token();
    const res = await h.sp(token, 'GET', SEARCH);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(() => JSON.parse(res.body)).toThrow();
    expect(res.body.startsWith('{"orders":[')).toBe(true);
    await h.app.close();
  });

  it('expired-token: only requests carrying a pagination token get 400 InvalidInput', async () => {
    const h = await harness({ orders: 30, rateLimits: false });
    const token = await h.token();
    const first = (await h.sp(token, 'GET', SEARCH)).json();
    await h.control('PUT', '/_emulator/faults', { spec: 'expired-token=1' });
    expect((await h.sp(token, 'GET', SEARCH)).statusCode).toBe(200);
    const next = await h.sp(
      token,
      'GET',
      `/orders/2026-01-01/orders?paginationToken=${encodeURIComponent(first.pagination.nextToken)}`,
    );
    expect(next.statusCode).toBe(400);
    expect(next.json().errors[0]).toMatchObject({
      code: 'InvalidInput',
      message: 'The paginationToken has expired.',
    });
    await h.app.close();
  });

  it('drop destroys the socket without a response; latency delays SP-API and LWA (real HTTP)', async () => {
    const clock = createFakeClock();
    const emu = await startEmulator({
      clock,
      orders: 5,
      rateLimits: false,
      faults: 'getAccount:drop=1;getMarketplaceParticipations:latency=60;lwa:latency=60',
    });
    try {
      const c = emu.credentials;
      const lwa = await fetch(`${emu.url}/auth/o2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'refresh_token',
          refresh_token: c.sellers[0]!.refreshToken,
          client_id: c.clientId,
          client_secret: c.clientSecret,
        }),
      });
      expect(lwa.status).toBe(200);
      // Latency waits on the emulator's clock: the fake one moves by exactly the fault's delay.
      expect(clock.elapsed()).toBe(60);
      const headers = {
        'x-amz-access-token': ((await lwa.json()) as { access_token: string }).access_token,
        'user-agent': 'faults-test/1',
      };
      await expect(fetch(`${emu.url}/sellers/v1/account`, { headers })).rejects.toThrow();
      const slow = await fetch(`${emu.url}/sellers/v1/marketplaceParticipations`, { headers });
      expect(slow.status).toBe(200);
      expect(clock.elapsed()).toBe(120);
      const stats = (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as {
        operations: Record<string, unknown>;
      };
      expect(stats.operations.getAccount).toEqual({ requests: 1, throttled: 0, errors: 1 });
    } finally {
      await emu.close();
    }
  });
});
