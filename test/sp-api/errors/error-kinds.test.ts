import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createSpApiClient,
  DIAGNOSIS_KINDS,
  type ErrorKind,
  isCsmApiError,
  isLwaError,
  isSpApiError,
  isSpApiUsageError,
  LwaError,
  OPERATIONS,
  SpApiError,
  SpApiUsageError,
} from '../../../src/index.js';
import {
  lwaErrorFromResponse,
  lwaInvalidResponse,
  lwaNetworkError,
  spApiErrorFromResponse,
  spApiInvalidResponse,
  spApiNetworkError,
} from '../../../src/sp-api/errors/error-factory.js';
import { createFakeClock } from '../../support/fake-clock.js';
import { CREDENTIALS, fakeAmazon, json, spError } from '../support/fake-amazon.js';

const amazonError = (code: string, message: string, details?: string) =>
  JSON.stringify({ errors: [{ code, message, ...(details === undefined ? {} : { details }) }] });

const sp = (status: number, body: string, extra: { url?: string; sandbox?: boolean } = {}) =>
  spApiErrorFromResponse({
    operation: OPERATIONS.getOrders,
    status,
    headers: {},
    body,
    ...(extra.sandbox ? { sandbox: true } : {}),
    ...(extra.url ? { request: { url: extra.url } } : {}),
  });

const lwa = (status: number, error: string, description?: string) =>
  lwaErrorFromResponse({
    grantType: 'refresh_token',
    status,
    headers: {},
    body: JSON.stringify({ error, ...(description ? { error_description: description } : {}) }),
  });

describe('error kinds', () => {
  const denied = 'Access to requested resource is denied.';
  const rows: [string, { kind: ErrorKind; diagnosis?: { code: string } | undefined }, ErrorKind, string?][] =
    [
      ['403 access denied', sp(403, amazonError('Unauthorized', denied, '')), 'role', 'ACCESS_DENIED'],
      [
        '403 expired token',
        sp(403, amazonError('Unauthorized', denied, 'The access token you provided has expired.')),
        'auth',
        'TOKEN_EXPIRED',
      ],
      ['401', sp(401, amazonError('Unauthorized', 'Unauthorized')), 'auth', 'UNAUTHENTICATED'],
      [
        '400 data elements',
        sp(
          400,
          amazonError(
            'InvalidInput',
            'Application does not have access to one or more requested data elements: [buyerInfo]',
          ),
        ),
        'role',
        'ROLE_MISSING',
      ],
      ['400 other', sp(400, amazonError('InvalidInput', 'Invalid MarketplaceId')), 'invalid-input'],
      ['422', sp(422, amazonError('Unprocessable', 'bad')), 'invalid-input'],
      ['404', sp(404, amazonError('NotFound', 'not found')), 'not-found', 'NOT_FOUND'],
      ['429', sp(429, amazonError('QuotaExceeded', 'quota')), 'throttled', 'THROTTLED'],
      ['500', sp(500, amazonError('InternalFailure', 'oops')), 'server', 'SERVER_ERROR'],
      ['500 sandbox', sp(500, '', { sandbox: true }), 'server', 'SANDBOX_SERVER_ERROR'],
      ['503', sp(503, '<html>'), 'server', 'SERVICE_UNAVAILABLE'],
      [
        'network',
        spApiNetworkError(OPERATIONS.getOrders, Object.assign(new Error('reset'), { code: 'ECONNRESET' })),
        'network',
        'NETWORK_ERROR',
      ],
      [
        'garbled 200',
        spApiInvalidResponse(OPERATIONS.getOrders, 200, {}),
        'invalid-response',
        'INVALID_RESPONSE',
      ],
      ['LWA invalid_client', lwa(401, 'invalid_client'), 'auth', 'LWA_INVALID_CLIENT'],
      ['LWA invalid_grant', lwa(400, 'invalid_grant', 'refresh_token'), 'auth', 'LWA_INVALID_GRANT'],
      ['LWA unauthorized_client', lwa(400, 'unauthorized_client'), 'auth', 'LWA_UNAUTHORIZED_CLIENT'],
      ['LWA 429', lwa(429, 'too_many'), 'throttled', 'LWA_THROTTLED'],
      ['LWA 503', lwa(503, 'temporarily_unavailable'), 'server', 'LWA_UNAVAILABLE'],
      ['LWA unknown 400', lwa(400, 'something_new'), 'auth'],
      ['LWA network', lwaNetworkError('refresh_token', new Error('x')), 'network', 'LWA_NETWORK_ERROR'],
      ['LWA no token', lwaInvalidResponse('refresh_token', 200), 'invalid-response', 'LWA_INVALID_RESPONSE'],
    ];
  it.each(rows)('%s', (_name, error, kind, code) => {
    expect(error.kind).toBe(kind);
    expect(error.diagnosis?.code).toBe(code);
    if (code) expect(DIAGNOSIS_KINDS[code as keyof typeof DIAGNOSIS_KINDS]).toBe(kind);
  });

  it('tells a region mismatch from a missing role when the request names a marketplace of another region', () => {
    const denied403 = amazonError('Unauthorized', 'Access to requested resource is denied.', '');
    const german = sp(403, denied403, {
      url: 'https://sellingpartnerapi-na.amazon.com/orders/v0/orders?MarketplaceIds=A1PA6795UKMFR9',
    });
    expect(german).toMatchObject({ kind: 'role', diagnosis: { code: 'REGION_MISMATCH' } });
    expect(german.diagnosis?.cause).toMatch(/A1PA6795UKMFR9.*eu region.*na host/);
    expect(german.diagnosis?.fix).toMatch(/region: 'eu'/);
    const american = sp(403, denied403, {
      url: 'https://sellingpartnerapi-na.amazon.com/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER',
    });
    expect(american.diagnosis?.code).toBe('ACCESS_DENIED');
    // The emulator's host has no region: no guess.
    const local = sp(403, denied403, {
      url: 'http://127.0.0.1:8080/orders/v0/orders?MarketplaceIds=A1PA6795UKMFR9',
    });
    expect(local.diagnosis?.code).toBe('ACCESS_DENIED');
  });

  it('lists every diagnosis code with its kind in docs/sp-api-client.md', () => {
    const docs = readFileSync(new URL('../../../docs/sp-api-client.md', import.meta.url), 'utf8');
    for (const [code, kind] of Object.entries(DIAGNOSIS_KINDS)) {
      expect(docs, code).toMatch(new RegExp(`^\\| \`${code}\` \\| \`${kind}\` \\|`, 'm'));
    }
  });
});

describe("the client's own refusals are usage errors, apart from Amazon's answers", () => {
  it('refuses bad options, unknown operations, missing parameters, missing refresh tokens and loops', async () => {
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error;
      }
      throw new Error('did not throw');
    };
    expect(refusal(() => createSpApiClient({ ...CREDENTIALS, clientSecret: ' ' }))).toMatchObject({
      name: 'SpApiUsageError',
      kind: 'usage',
      code: 'INVALID_OPTION',
      retryable: false,
    });

    const amazon = fakeAmazon((request) => {
      if (request.path === '/auth/o2/token') return undefined;
      return json(200, { orders: [], pagination: { nextToken: 'same' } });
    });
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
    });
    await expect(client.call('nope' as never)).rejects.toMatchObject({
      kind: 'usage',
      code: 'UNKNOWN_OPERATION',
    });
    await expect(client.call('getOrderAddress', { path: {} } as never)).rejects.toMatchObject({
      kind: 'usage',
      code: 'MISSING_PATH_PARAMETER',
      operation: 'getOrderAddress',
    });
    const loop = async () => {
      for await (const _page of client.paginate('searchOrders')) {
        // keep paging
      }
    };
    await expect(loop()).rejects.toMatchObject({ kind: 'usage', code: 'PAGINATION_LOOP' });
    const notPaged = async () => {
      for await (const _page of client.paginate('getAccount' as never)) {
        // never reached
      }
    };
    await expect(notPaged()).rejects.toMatchObject({ kind: 'usage', code: 'NOT_PAGINATED' });

    const withoutRefreshToken = createSpApiClient({
      clientId: CREDENTIALS.clientId,
      clientSecret: CREDENTIALS.clientSecret,
      transport: amazon.transport,
      clock: createFakeClock(),
    });
    const missing = await withoutRefreshToken.call('getAccount').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(SpApiUsageError);
    expect(missing).not.toBeInstanceOf(SpApiError);
    expect(missing).toMatchObject({ kind: 'usage', code: 'MISSING_REFRESH_TOKEN' });
    expect((missing as SpApiUsageError).toJSON()).toMatchObject({
      kind: 'usage',
      code: 'MISSING_REFRESH_TOKEN',
    });
  });

  it('surfaces an Amazon answer as SpApiError, never as a usage error', async () => {
    const amazon = fakeAmazon((request) =>
      request.path === '/auth/o2/token' ? undefined : spError(404, 'NotFound', 'Order not found'),
    );
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
    });
    const error = await client
      .call('getOrder@2026-01-01', { path: { orderId: '1' } })
      .catch((e: unknown) => e);
    expect(isSpApiError(error)).toBe(true);
    expect(isSpApiUsageError(error)).toBe(false);
    expect(error).toMatchObject({ kind: 'not-found', status: 404, diagnosis: { code: 'NOT_FOUND' } });
  });
});

describe('type guards', () => {
  const spApi = sp(429, amazonError('QuotaExceeded', 'quota'));
  const lwaError = lwa(401, 'invalid_client');
  const usage = new SpApiUsageError({ code: 'INVALID_OPTION', message: 'm', cause: 'c', fix: 'f' });

  it('match by class', () => {
    expect([isSpApiError(spApi), isLwaError(spApi), isSpApiUsageError(spApi), isCsmApiError(spApi)]).toEqual([
      true,
      false,
      false,
      true,
    ]);
    expect([isSpApiError(lwaError), isLwaError(lwaError), isCsmApiError(lwaError)]).toEqual([
      false,
      true,
      true,
    ]);
    expect([isSpApiError(usage), isSpApiUsageError(usage), isCsmApiError(usage)]).toEqual([
      false,
      true,
      true,
    ]);
    expect(spApi).toBeInstanceOf(SpApiError);
    expect(lwaError).toBeInstanceOf(LwaError);
  });

  it('match by name, so the errors of another copy of the package are recognised', () => {
    // What an error of a second copy of this package looks like from here: same name and kind, other class.
    const foreign = (name: string) => Object.assign(new Error('from another copy'), { name, kind: 'server' });
    expect(isSpApiError(foreign('SpApiError'))).toBe(true);
    expect(isLwaError(foreign('LwaError'))).toBe(true);
    expect(isSpApiUsageError(foreign('SpApiUsageError'))).toBe(true);
    expect(isCsmApiError(foreign('LwaError'))).toBe(true);
  });

  it('reject everything else', () => {
    for (const value of [
      new Error('plain'),
      new TypeError('type'),
      Object.assign(new Error('no kind'), { name: 'SpApiError' }),
      { name: 'SpApiError' },
      'SpApiError',
      null,
      undefined,
      42,
    ]) {
      expect([
        isSpApiError(value),
        isLwaError(value),
        isSpApiUsageError(value),
        isCsmApiError(value),
      ]).toEqual([false, false, false, false]);
    }
  });
});
