import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness } from './support/emulator-harness.js';

const PARTICIPATIONS = '/sellers/v1/marketplaceParticipations';

describe('SP-API authentication, headers and roles', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ orders: 30, rateLimits: false });
  });
  afterAll(async () => h.app.close());

  const denied = (details: string) => ({
    errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details }],
  });

  it('403 for a missing, unknown or expired token, with Amazon details', async () => {
    const missing = await h.sp(undefined, 'GET', PARTICIPATIONS);
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toEqual(denied('Access token is missing in the request header.'));
    const unknown = await h.sp('Atza|made-up', 'GET', PARTICIPATIONS);
    expect(unknown.json()).toEqual(denied('The access token you provided is revoked, malformed or invalid.'));
    const refreshAsAccess = await h.sp(h.creds.sellers[0]!.refreshToken, 'GET', PARTICIPATIONS);
    expect(refreshAsAccess.statusCode).toBe(403);
    const token = await h.token();
    h.clock.advance(3600_000);
    const expired = await h.sp(token, 'GET', PARTICIPATIONS);
    expect(expired.statusCode).toBe(403);
    expect(expired.json()).toEqual(denied('The access token you provided has expired.'));
    expect(expired.headers['x-amzn-ratelimit-limit']).toBeUndefined();
  });

  it('POST /_emulator/tokens/expire expires every access token and RDT issued so far; new ones work', async () => {
    const token = await h.token();
    const rdt = await h.rdt(token, [
      { method: 'GET', path: '/orders/v0/orders/{orderId}', dataElements: ['buyerInfo'] },
    ]);
    const res = await h.control('POST', '/_emulator/tokens/expire');
    expect(res.statusCode).toBe(200);
    expect(res.json().expired).toBeGreaterThanOrEqual(2);
    for (const t of [token, rdt]) {
      const call = await h.sp(t, 'GET', '/orders/v0/orders/123-1234567-1234567');
      expect(call.json().errors[0].details).toBe('The access token you provided has expired.');
    }
    expect((await h.sp(await h.token(), 'GET', PARTICIPATIONS)).statusCode).toBe(200);
  });

  it('ignores signature headers and authenticates on x-amz-access-token only', async () => {
    const token = await h.token();
    const res = await h.app.inject({
      method: 'GET',
      url: PARTICIPATIONS,
      headers: {
        'user-agent': 'x/1',
        'x-amz-access-token': token,
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIA/20201022/us-east-1/execute-api/aws4_request, Signature=bad',
        'x-amz-security-token': 'nope',
        'x-amz-date': '20190430T123600Z',
      },
    });
    expect(res.statusCode).toBe(200);
    const noToken = await h.app.inject({
      method: 'GET',
      url: PARTICIPATIONS,
      headers: { 'user-agent': 'x/1', authorization: `Bearer ${token}` },
    });
    expect(noToken.statusCode).toBe(403);
  });

  it('400 InvalidInput for a missing or over-long user-agent', async () => {
    const token = await h.token();
    const none = await h.app.inject({
      method: 'GET',
      url: PARTICIPATIONS,
      headers: { 'x-amz-access-token': token, 'user-agent': '' },
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0]).toMatchObject({
      code: 'InvalidInput',
      message: "Missing required header 'user-agent'.",
    });
    const long = await h.app.inject({
      method: 'GET',
      url: PARTICIPATIONS,
      headers: { 'x-amz-access-token': token, 'user-agent': 'a'.repeat(501) },
    });
    expect(long.statusCode).toBe(400);
    expect(long.json().errors[0].message).toMatch(/501 characters long; the limit is 500/);
    const exact = await h.app.inject({
      method: 'GET',
      url: PARTICIPATIONS,
      headers: { 'x-amz-access-token': token, 'user-agent': 'a'.repeat(500) },
    });
    expect(exact.statusCode).toBe(200);
  });

  it('x-amzn-RequestId (UUID) on every response: SP-API, LWA, control, unknown path', async () => {
    const responses = [
      await h.sp(await h.token(), 'GET', PARTICIPATIONS),
      await h.sp(undefined, 'GET', PARTICIPATIONS),
      await h.lwa({ grant_type: 'nope' }),
      await h.control('GET', '/_emulator/stats'),
      await h.sp(undefined, 'GET', '/orders/v0/orderz'),
    ];
    const ids = responses.map((r) => r.headers['x-amzn-requestid']);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('an unknown path answers 403 MissingAuthenticationToken, as Amazon does', async () => {
    const res = await h.sp(await h.token(), 'GET', '/orders/v1/orders');
    expect(res.statusCode).toBe(403);
    expect(res.json().errors[0].code).toBe('MissingAuthenticationToken');
  });

  it('a grantless token on a seller operation is 403 Unauthorized', async () => {
    const lwa = await h.lwa({
      grant_type: 'client_credentials',
      scope: 'sellingpartnerapi::notifications',
      client_id: h.creds.clientId,
      client_secret: h.creds.clientSecret,
    });
    const res = await h.sp(lwa.json().access_token, 'GET', PARTICIPATIONS);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual(denied(''));
  });

  it('payload wrapper exactly where the model has one', async () => {
    const token = await h.token();
    expect(Object.keys((await h.sp(token, 'GET', PARTICIPATIONS)).json())).toEqual(['payload']);
    expect(Object.keys((await h.sp(token, 'GET', '/sellers/v1/account')).json())).toEqual(['payload']);
    const search = await h.sp(
      token,
      'GET',
      '/orders/2026-01-01/orders?createdAfter=2020-01-01T00:00:00Z&maxResultsPerPage=1',
    );
    expect(search.json().payload).toBeUndefined();
    expect(search.json().orders).toHaveLength(1);
    const rdt = await h.sp(token, 'POST', '/tokens/2021-03-01/restrictedDataToken', {
      restrictedResources: [{ method: 'GET', path: '/orders/v0/orders' }],
    });
    expect(rdt.json()).toEqual({
      restrictedDataToken: expect.stringMatching(/^Atz\.sprdt\|/),
      expiresIn: 3600,
    });
  });

  it('roles: GET and PUT /_emulator/app/roles; Orders without inventoryAndOrderTracking is 403', async () => {
    const all = await h.control('GET', '/_emulator/app/roles');
    expect(all.json().roles).toHaveLength(10);
    const bad = await h.control('PUT', '/_emulator/app/roles', { roles: ['pricing', 'superpowers'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/superpowers/);
    const set = await h.control('PUT', '/_emulator/app/roles', { roles: ['pricing'] });
    expect(set.json()).toEqual({ roles: ['pricing'] });
    const token = await h.token();
    const orders = await h.sp(token, 'GET', '/orders/2026-01-01/orders?createdAfter=2020-01-01T00:00:00Z');
    expect(orders.statusCode).toBe(403);
    expect(orders.json()).toEqual(denied(''));
    // The Sellers API needs no role.
    expect((await h.sp(token, 'GET', PARTICIPATIONS)).statusCode).toBe(200);
    await h.control('PUT', '/_emulator/app/roles', { roles: all.json().roles });
  });

  it('operations of the table that the dynamic mode does not implement answer 501 NotImplemented', async () => {
    const res = await h.sp(await h.token(), 'GET', '/orders/v0/orders/123-1234567-1234567/regulatedInfo');
    expect(res.statusCode).toBe(501);
    expect(res.json().errors[0]).toMatchObject({ code: 'NotImplemented' });
  });

  it('a marketplace of another region is 403; an unknown marketplace is 400 naming the parameter', async () => {
    const token = await h.token(0);
    const eu = await h.sp(
      token,
      'GET',
      '/orders/v0/orders?CreatedAfter=2020-01-01T00:00:00Z&MarketplaceIds=A1PA6795UKMFR9',
    );
    expect(eu.statusCode).toBe(403);
    const bogus = await h.sp(
      token,
      'GET',
      '/orders/v0/orders?CreatedAfter=2020-01-01T00:00:00Z&MarketplaceIds=XXX',
    );
    expect(bogus.statusCode).toBe(400);
    expect(bogus.json().errors[0].message).toMatch(/'MarketplaceIds'/);
  });
});
