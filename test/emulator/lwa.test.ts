import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness } from './support/emulator-harness.js';

describe('LWA token endpoint', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ orders: 10 });
  });
  afterAll(async () => h.app.close());

  const base = () => ({ client_id: h.creds.clientId, client_secret: h.app.emulator.clientSecret });

  it('refresh_token grant, form-encoded and JSON: Atza| token, bearer, 3600 s, no-store', async () => {
    for (const json of [false, true]) {
      const res = await h.lwa(
        { grant_type: 'refresh_token', refresh_token: h.creds.sellers[0]!.refreshToken, ...base() },
        json,
      );
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.pragma).toBe('no-cache');
      const body = res.json();
      expect(body.access_token).toMatch(/^Atza\|[A-Za-z0-9_-]{32,}$/);
      expect(body).toMatchObject({
        token_type: 'bearer',
        expires_in: 3600,
        refresh_token: h.creds.sellers[0]!.refreshToken,
      });
    }
  });

  it('client_credentials grant for grantless scopes; no refresh token', async () => {
    for (const scope of [
      'sellingpartnerapi::notifications',
      'sellingpartnerapi::client_credential:rotation',
    ]) {
      const res = await h.lwa({ grant_type: 'client_credentials', scope, ...base() });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ token_type: 'bearer', expires_in: 3600, scope });
      expect(res.json().refresh_token).toBeUndefined();
    }
  });

  it('invalid_client 401 for a wrong secret or client id', async () => {
    const wrongSecret = await h.lwa({
      grant_type: 'refresh_token',
      refresh_token: h.creds.sellers[0]!.refreshToken,
      client_id: h.creds.clientId,
      client_secret: 'amzn1.oa2-cs.v1.nope',
    });
    expect(wrongSecret.statusCode).toBe(401);
    expect(wrongSecret.json()).toEqual({
      error: 'invalid_client',
      error_description: 'Client authentication failed',
    });
    const wrongId = await h.lwa({
      grant_type: 'client_credentials',
      scope: 'sellingpartnerapi::notifications',
      client_id: 'amzn1.application-oa2-client.x',
      client_secret: h.creds.clientSecret,
    });
    expect(wrongId.statusCode).toBe(401);
  });

  it('invalid_grant 400 for an unknown refresh token', async () => {
    const res = await h.lwa({ grant_type: 'refresh_token', refresh_token: 'Atzr|unknown', ...base() });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'invalid_grant',
      error_description:
        "The request has an invalid grant parameter : refresh_token. User may have revoked or didn't grant the permission.",
    });
  });

  it('unauthorized_client 400 for a refresh token minted for another client, and for a retired scope', async () => {
    const minted = await h.control('POST', `/_emulator/sellers/${h.sellerId(1)}/refresh-token`, {
      clientId: 'amzn1.application-oa2-client.0000',
    });
    expect(minted.statusCode).toBe(200);
    const res = await h.lwa({
      grant_type: 'refresh_token',
      refresh_token: minted.json().refreshToken,
      ...base(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'unauthorized_client',
      error_description: 'Not authorized for requested operation',
    });
    const retired = await h.lwa({
      grant_type: 'client_credentials',
      scope: 'sellingpartnerapi::migration',
      ...base(),
    });
    expect(retired.json().error).toBe('unauthorized_client');
    // A second refresh token for the same app works, and does not invalidate the first.
    const own = await h.control('POST', `/_emulator/sellers/${h.sellerId(1)}/refresh-token`, {});
    expect(
      (await h.lwa({ grant_type: 'refresh_token', refresh_token: own.json().refreshToken, ...base() }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await h.lwa({
          grant_type: 'refresh_token',
          refresh_token: h.creds.sellers[1]!.refreshToken,
          ...base(),
        })
      ).statusCode,
    ).toBe(200);
  });

  it('invalid_scope 400 for an unknown scope or a scope with refresh_token', async () => {
    const unknown = await h.lwa({
      grant_type: 'client_credentials',
      scope: 'sellingpartnerapi::notification',
      ...base(),
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toBe('invalid_scope');
    const withRefresh = await h.lwa({
      grant_type: 'refresh_token',
      refresh_token: h.creds.sellers[0]!.refreshToken,
      scope: 'sellingpartnerapi::notifications',
      ...base(),
    });
    expect(withRefresh.json().error).toBe('invalid_scope');
  });

  it('unsupported_grant_type 400 and invalid_request 400 for missing parameters', async () => {
    const grantless = await h.lwa({ grant_type: 'grantless', ...base() });
    expect(grantless.statusCode).toBe(400);
    expect(grantless.json().error).toBe('unsupported_grant_type');
    for (const [body, param] of [
      [{ ...base() }, 'grant_type'],
      [{ grant_type: 'refresh_token', client_secret: h.creds.clientSecret }, 'client_id'],
      [{ grant_type: 'refresh_token', ...base() }, 'refresh_token'],
      [{ grant_type: 'client_credentials', ...base() }, 'scope'],
      [{ grant_type: 'authorization_code', ...base() }, 'code'],
    ] as const) {
      const res = await h.lwa(body as Record<string, string>);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({
        error: 'invalid_request',
        error_description: `The request is missing a required parameter : ${param}`,
      });
    }
    const garbage = await h.app.inject({
      method: 'POST',
      url: '/auth/o2/token',
      headers: { 'content-type': 'application/json' },
      payload: '{nope',
    });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().error).toBe('invalid_request');
  });

  it('authorization_code: single use, 300 s, redirect_uri must match; yields a new working refresh token', async () => {
    const minted = await h.control('POST', `/_emulator/sellers/${h.sellerId(0)}/authorization-code`, {
      redirectUri: 'https://app.example/cb',
    });
    expect(minted.statusCode).toBe(200);
    const { code, sellerId } = minted.json();
    expect(sellerId).toBe(h.sellerId(0));
    const wrongUri = await h.lwa({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'https://evil.example/cb',
      ...base(),
    });
    expect(wrongUri.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'The request has an invalid grant parameter : code',
    });
    // The mismatch did not consume it: Amazon checks before redeeming.
    const minted2 = await h.control('POST', `/_emulator/sellers/${h.sellerId(0)}/authorization-code`, {});
    const ok = await h.lwa({ grant_type: 'authorization_code', code: minted2.json().code, ...base() });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().refresh_token).toMatch(/^Atzr\|/);
    expect(ok.json().refresh_token).not.toBe(h.creds.sellers[0]!.refreshToken);
    const again = await h.lwa({ grant_type: 'authorization_code', code: minted2.json().code, ...base() });
    expect(again.json().error).toBe('invalid_grant');
    const refreshed = await h.lwa({
      grant_type: 'refresh_token',
      refresh_token: ok.json().refresh_token,
      ...base(),
    });
    expect(refreshed.statusCode).toBe(200);
    const late = await h.control('POST', `/_emulator/sellers/${h.sellerId(0)}/authorization-code`, {});
    h.clock.advance(301_000);
    const expired = await h.lwa({ grant_type: 'authorization_code', code: late.json().code, ...base() });
    expect(expired.json().error).toBe('invalid_grant');
  });

  it('revoke: the refresh token gets invalid_grant and the seller access tokens stop working', async () => {
    const h2 = await harness({ orders: 5 });
    const token = await h2.token(1);
    expect((await h2.sp(token, 'GET', '/sellers/v1/marketplaceParticipations')).statusCode).toBe(200);
    const revoked = await h2.control('POST', `/_emulator/sellers/${h2.sellerId(1)}/revoke`);
    expect(revoked.statusCode).toBe(200);
    const res = await h2.lwa({
      grant_type: 'refresh_token',
      refresh_token: h2.creds.sellers[1]!.refreshToken,
      client_id: h2.creds.clientId,
      client_secret: h2.creds.clientSecret,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('invalid_grant');
    const call = await h2.sp(token, 'GET', '/sellers/v1/marketplaceParticipations');
    expect(call.statusCode).toBe(403);
    expect(call.json().errors[0].details).toBe(
      'The access token you provided is revoked, malformed or invalid.',
    );
    // Seller 0 is unaffected.
    expect((await h2.sp(await h2.token(0), 'GET', '/sellers/v1/marketplaceParticipations')).statusCode).toBe(
      200,
    );
    expect((await h2.control('POST', '/_emulator/sellers/ANOBODY/revoke')).statusCode).toBe(404);
    await h2.app.close();
  });

  it('expire-secret: invalid_client until the secret is rotated', async () => {
    const h2 = await harness({ orders: 5 });
    expect((await h2.control('POST', '/_emulator/app/expire-secret')).statusCode).toBe(200);
    const res = await h2.lwa({
      grant_type: 'refresh_token',
      refresh_token: h2.creds.sellers[0]!.refreshToken,
      client_id: h2.creds.clientId,
      client_secret: h2.creds.clientSecret,
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({
      error: 'invalid_client',
      error_description: 'Client authentication failed',
    });
    const rotated = await h2.control('POST', '/_emulator/app/rotate-secret');
    const secret = rotated.json().clientSecret;
    expect(secret).toMatch(/^amzn1\.oa2-cs\.v1\.[0-9a-f]{64}$/);
    expect((await h2.control('GET', '/_emulator/credentials')).json().clientSecret).toBe(secret);
    const ok = await h2.lwa({
      grant_type: 'refresh_token',
      refresh_token: h2.creds.sellers[0]!.refreshToken,
      client_id: h2.creds.clientId,
      client_secret: secret,
    });
    expect(ok.statusCode).toBe(200);
    await h2.app.close();
  });
});
