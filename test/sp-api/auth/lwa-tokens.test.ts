import { describe, expect, it } from 'vitest';
import {
  createLwaTokenProvider,
  createSpApiClient,
  LwaError,
  NOTIFICATIONS_SCOPE,
  type OperationSpec,
  SpApiError,
  silentLogger,
} from '../../../src/index.js';
import { authLayer } from '../../../src/sp-api/auth/auth-layer.js';
import { tokensLayer } from '../../../src/sp-api/auth/tokens-layer.js';
import { composePipeline } from '../../../src/sp-api/pipeline.js';
import { createRedactor } from '../../../src/sp-api/redact.js';
import { createSend } from '../../../src/sp-api/send.js';
import { startCallDeadline } from '../../../src/sp-api/timeout/call-deadline.js';
import { createFakeClock } from '../../support/fake-clock.js';
import { CREDENTIALS, fakeAmazon, json, spError } from '../support/fake-amazon.js';

const ok = json(200, { payload: [] });

describe('LWA tokens', () => {
  it('shares one refresh between 50 concurrent calls', async () => {
    const clock = createFakeClock();
    const amazon = fakeAmazon(async (request) => {
      // The LWA answer takes a while, so every call is waiting on the same refresh.
      if (request.path === '/auth/o2/token') {
        await clock.sleep(200);
        return undefined;
      }
      return ok;
    });
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock,
      rateLimit: false,
    });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => client.call('getMarketplaceParticipations')),
    );
    expect(results).toHaveLength(50);
    expect(amazon.lwaRequests()).toHaveLength(1);
    expect(new Set(amazon.spApiRequests().map((r) => r.headers['x-amz-access-token']))).toEqual(
      new Set(['Atza|token-1']),
    );
  });

  it('sends a form-encoded refresh_token grant with the client credentials', async () => {
    const amazon = fakeAmazon(() => undefined);
    const provider = createLwaTokenProvider({
      ...CREDENTIALS,
      lwaEndpoint: 'http://127.0.0.1:1/auth/o2/token',
      transport: amazon.transport,
      clock: createFakeClock(),
      logger: silentLogger,
      userAgent: 'test/1.0',
    });
    expect(await provider.seller?.get()).toBe('Atza|token-1');
    const [request] = amazon.lwaRequests();
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(request?.form ?? [])).toEqual({
      grant_type: 'refresh_token',
      refresh_token: CREDENTIALS.refreshToken,
      client_id: CREDENTIALS.clientId,
      client_secret: CREDENTIALS.clientSecret,
    });
  });

  it('refreshes 60 s ahead of expiry, not before', async () => {
    const clock = createFakeClock();
    const amazon = fakeAmazon(() => undefined);
    const provider = createLwaTokenProvider({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock,
      logger: silentLogger,
      userAgent: 'test/1.0',
    });
    expect(await provider.seller?.get()).toBe('Atza|token-1');
    clock.advance((3600 - 60) * 1000 - 1);
    expect(await provider.seller?.get()).toBe('Atza|token-1');
    clock.advance(1);
    expect(await provider.seller?.get()).toBe('Atza|token-2');
    expect(amazon.lwaRequests()).toHaveLength(2);
  });

  it("refreshes and resends once on Amazon's 'access token expired' 403", async () => {
    const clock = createFakeClock();
    const amazon = fakeAmazon((request) => {
      if (request.headers['x-amz-access-token'] === 'Atza|token-1') {
        return spError(
          403,
          'Unauthorized',
          'Access to requested resource is denied.',
          'The access token you provided has expired.',
        );
      }
      return request.path === '/auth/o2/token' ? undefined : ok;
    });
    const client = createSpApiClient({ ...CREDENTIALS, transport: amazon.transport, clock, retry: false });
    const response = await client.call('getMarketplaceParticipations');
    expect(response.status).toBe(200);
    expect(amazon.lwaRequests()).toHaveLength(2);
    expect(amazon.spApiRequests().map((r) => r.headers['x-amz-access-token'])).toEqual([
      'Atza|token-1',
      'Atza|token-2',
    ]);
  });

  it('gives up after one refresh when the fresh token is rejected as expired too', async () => {
    const amazon = fakeAmazon((request) =>
      request.path === '/auth/o2/token'
        ? undefined
        : spError(
            403,
            'Unauthorized',
            'Access to requested resource is denied.',
            'The access token you provided has expired.',
          ),
    );
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
    });
    const error = await client.call('getMarketplaceParticipations').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpApiError);
    expect((error as SpApiError).diagnosis?.cause).toMatch(/more than an hour old/);
    expect(amazon.lwaRequests()).toHaveLength(2);
    expect(amazon.spApiRequests()).toHaveLength(2);
  });

  it('does not refresh on a 403 that is not about expiry', async () => {
    const amazon = fakeAmazon((request) =>
      request.path === '/auth/o2/token'
        ? undefined
        : spError(403, 'Unauthorized', 'Access to requested resource is denied.', ''),
    );
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
    });
    await expect(client.call('getAccount')).rejects.toMatchObject({ status: 403, retryable: false });
    expect(amazon.lwaRequests()).toHaveLength(1);
    expect(amazon.spApiRequests()).toHaveLength(1);
  });

  it('uses client_credentials with the operation scope for grantless operations, cached per scope', async () => {
    const clock = createFakeClock();
    const amazon = fakeAmazon((request) => (request.path === '/auth/o2/token' ? undefined : ok));
    const lwa = createLwaTokenProvider({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock,
      logger: silentLogger,
      userAgent: 'test/1.0',
    });
    // The models in the repo have no grantless operation yet; a Notifications-like one stands in.
    const getDestinations: OperationSpec = {
      key: 'getDestinations',
      operationId: 'getDestinations',
      api: 'notifications',
      version: 'v1',
      model: 'notifications.json',
      method: 'GET',
      path: '/notifications/v1/destinations',
      rate: 1,
      burst: 5,
      grantless: true,
      restricted: false,
      dataElements: [],
      impliedDataElement: null,
      deprecated: false,
      successStatus: 200,
      payloadWrapper: true,
      params: [],
      pagination: null,
    };
    const handler = composePipeline(
      { tokens: tokensLayer(lwa, undefined, clock, 120_000), auth: authLayer(clock) },
      createSend(amazon.transport, {
        sandbox: false,
        clock,
        attemptTimeoutMs: 30_000,
        callTimeoutMs: 120_000,
        redactor: createRedactor(),
      }),
    );
    const context = {
      operation: getDestinations,
      request: { method: 'GET', url: 'https://sp.example/notifications/v1/destinations', headers: {} },
      signal: undefined,
      attempt: 1,
      waits: [],
      deadline: startCallDeadline(clock, 120_000),
    };
    await handler(context);
    await handler(context);
    const sellerToken = await lwa.seller?.get();
    const grants = amazon.lwaRequests().map((r) => Object.fromEntries(r.form));
    expect(grants).toHaveLength(2);
    expect(grants[0]).toMatchObject({ grant_type: 'client_credentials', scope: NOTIFICATIONS_SCOPE });
    expect(grants[0]).not.toHaveProperty('refresh_token');
    expect(grants[1]).toMatchObject({ grant_type: 'refresh_token' });
    expect(grants[1]).not.toHaveProperty('scope');
    const spTokens = amazon.spApiRequests().map((r) => r.headers['x-amz-access-token']);
    expect(spTokens).toEqual(['Atza|token-1', 'Atza|token-1']);
    expect(sellerToken).toBe('Atza|token-2');
  });

  it('turns LWA errors into LwaError with the diagnosis (invalid_client, invalid_grant)', async () => {
    const cases = [
      {
        answer: json(401, { error: 'invalid_client', error_description: 'Client authentication failed' }),
        cause: /180-day rotation/,
      },
      {
        answer: json(400, {
          error: 'invalid_grant',
          error_description:
            "The request has an invalid grant parameter : refresh_token. User may have revoked or didn't grant the permission.",
        }),
        cause: /revoked or re-authorized/,
      },
    ];
    for (const { answer, cause } of cases) {
      const amazon = fakeAmazon(() => answer);
      const client = createSpApiClient({
        ...CREDENTIALS,
        transport: amazon.transport,
        clock: createFakeClock(),
      });
      const error = await client.call('getMarketplaceParticipations').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LwaError);
      const lwaError = error as LwaError;
      expect(lwaError.status).toBe(answer.status);
      expect(lwaError.error).toBe(JSON.parse(answer.body).error);
      expect(lwaError.error_description).toBe(JSON.parse(answer.body).error_description);
      expect(lwaError.retryable).toBe(false);
      expect(lwaError.diagnosis?.cause).toMatch(cause);
      // A final LWA error is not retried, and no SP-API request goes out without a token.
      expect(amazon.lwaRequests()).toHaveLength(1);
      expect(amazon.spApiRequests()).toHaveLength(0);
    }
  });

  it('retries an LWA 503 and then calls SP-API', async () => {
    let failures = 1;
    const amazon = fakeAmazon((request) => {
      if (request.path !== '/auth/o2/token') return ok;
      if (failures-- > 0) return json(503, { error: 'temporarily_unavailable' });
      return undefined;
    });
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
    });
    expect((await client.call('getAccount')).status).toBe(200);
    expect(amazon.lwaRequests()).toHaveLength(2);
  });

  it('refuses seller operations without a refresh token, with a diagnosis', async () => {
    const amazon = fakeAmazon(() => undefined);
    const client = createSpApiClient({
      clientId: CREDENTIALS.clientId,
      clientSecret: CREDENTIALS.clientSecret,
      transport: amazon.transport,
      clock: createFakeClock(),
    });
    await expect(client.call('getAccount')).rejects.toMatchObject({
      name: 'SpApiUsageError',
      kind: 'usage',
      code: 'MISSING_REFRESH_TOKEN',
      diagnosis: { code: 'MISSING_REFRESH_TOKEN', fix: expect.stringMatching(/refreshToken/) },
    });
    expect(amazon.requests).toHaveLength(0);
  });
});
