import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness } from './support/emulator-harness.js';

// The emulator's three surfaces are separate plugins: each answers its own errors and unknown paths in its
// own shape, whatever the other two do.
describe('surfaces: LWA, gateway, controls', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ orders: 5 });
  });
  afterAll(async () => h.app.close());

  const raw = (method: string, url: string, payload?: string) =>
    h.app.inject({
      method: method as 'GET',
      url,
      headers: { 'content-type': 'application/json', 'user-agent': 'csm-tests/1.0' },
      ...(payload === undefined ? {} : { payload }),
    });

  it('unknown paths: LWA 404 invalid_request, controls 404 { error }, elsewhere 403 MissingAuthenticationToken', async () => {
    const lwa = await raw('GET', '/auth/o2/token');
    expect(lwa.statusCode).toBe(404);
    expect(lwa.json()).toEqual({
      error: 'invalid_request',
      error_description: 'No LWA endpoint at GET /auth/o2/token; tokens come from POST /auth/o2/token.',
    });
    const control = await raw('GET', '/_emulator/nothing-here?x=1');
    expect(control.statusCode).toBe(404);
    expect(control.json()).toEqual({ error: 'no control endpoint GET /_emulator/nothing-here' });
    const gateway = await raw('GET', '/orders/v9/orders');
    expect(gateway.statusCode).toBe(403);
    expect(gateway.json().errors[0]).toMatchObject({ code: 'MissingAuthenticationToken' });
    for (const res of [lwa, control, gateway])
      expect(res.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a body that is not JSON: each surface answers in its own shape', async () => {
    const lwa = await raw('POST', '/auth/o2/token', '{nope');
    expect(lwa.statusCode).toBe(400);
    expect(lwa.json()).toMatchObject({ error: 'invalid_request' });
    const control = await raw('PUT', '/_emulator/faults', '{nope');
    expect(control.statusCode).toBe(400);
    expect(control.json()).toEqual({ error: 'The request body is not valid JSON.' });
    const gateway = await raw('POST', '/tokens/2021-03-01/restrictedDataToken', '{nope');
    expect(gateway.statusCode).toBe(400);
    expect(gateway.json().errors[0]).toMatchObject({
      code: 'InvalidInput',
      details: 'The request body is not valid JSON.',
    });
  });

  it('control bodies are checked by their schemas: the error names the field, values are taken as sent', async () => {
    const cases: [string, string, unknown, string][] = [
      ['POST', '/_emulator/activity', { create: 1 }, "body has an unknown field 'create'"],
      ['POST', '/_emulator/activity', { created: '5' }, 'body.created must be integer'],
      ['POST', '/_emulator/activity', { updated: 10_001 }, 'body.updated must be <= 10000'],
      ['POST', '/_emulator/activity', [1], 'body must be object'],
      ['PUT', '/_emulator/app/roles', { roles: 'pricing' }, 'body.roles must be array'],
      ['PUT', '/_emulator/app/roles', {}, "body needs the field 'roles'"],
      ['PUT', '/_emulator/faults', { spec: 429 }, 'body.spec must be string'],
      [
        'POST',
        `/_emulator/sellers/${h.sellerId()}/refresh-token`,
        { clientId: '' },
        'body.clientId must NOT have fewer than 1 characters',
      ],
      [
        'POST',
        `/_emulator/sellers/${h.sellerId()}/authorization-code`,
        { redirectUri: 7 },
        'body.redirectUri must be string',
      ],
      ['GET', '/_emulator/orders', undefined, "querystring needs the field 'sellerId'"],
    ];
    for (const [method, url, body, error] of cases) {
      const res = await h.control(method, url, body);
      expect({ url, status: res.statusCode, body: res.json() }).toEqual({
        url,
        status: 400,
        body: { error },
      });
    }
    // Nothing changed on the way.
    expect((await h.control('GET', '/_emulator/faults')).json().spec).toBe('');
    expect((await h.control('GET', '/_emulator/app/roles')).json().roles).toHaveLength(10);
  });

  it('control changes go through the state: roles, secret expiry, faults', async () => {
    expect((await h.control('PUT', '/_emulator/app/roles', { roles: ['pricing'] })).json()).toEqual({
      roles: ['pricing'],
    });
    expect([...h.app.emulator.roles]).toEqual(['pricing']);
    await h.control('POST', '/_emulator/app/expire-secret');
    expect(h.app.emulator.secretExpired).toBe(true);
    await h.control('POST', '/_emulator/app/rotate-secret');
    expect(h.app.emulator.secretExpired).toBe(false);
    await h.control('PUT', '/_emulator/faults', { spec: 'lwa:latency=5' });
    expect(h.app.emulator.faultRules.operations.lwa).toEqual({ latency: { min: 5, max: 5 } });
  });
});
