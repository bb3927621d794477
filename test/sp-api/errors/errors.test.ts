import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../../src/amazon/generated/operations.js';
import { type DiagnosisCode, diagnose, LwaError, SpApiError } from '../../../src/index.js';
import {
  lwaErrorFromResponse,
  spApiErrorFromResponse,
  spApiNetworkError,
} from '../../../src/sp-api/errors/error-factory.js';

const body = (code: string, message: string, details?: string) =>
  JSON.stringify({ errors: [{ code, message, ...(details === undefined ? {} : { details }) }] });

describe('error factory', () => {
  it('maps an SP-API error response to SpApiError with every field', () => {
    const error = spApiErrorFromResponse({
      operation: OPERATIONS.getAccount,
      status: 403,
      headers: { 'x-amzn-requestid': 'req-1' },
      body: body('Unauthorized', 'Access to requested resource is denied.', ''),
    });
    expect(error).toBeInstanceOf(SpApiError);
    expect(error).toMatchObject({
      name: 'SpApiError',
      operation: 'getAccount',
      status: 403,
      code: 'Unauthorized',
      amazonMessage: 'Access to requested resource is denied.',
      details: undefined,
      requestId: 'req-1',
      retryable: false,
      errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: '' }],
    });
    expect(error.message).toBe(
      'getAccount: 403 Unauthorized: Access to requested resource is denied. [request req-1]',
    );
    expect(error.diagnosis?.cause).toMatch(/lacks the role/);
    expect(error.diagnosis?.cause).toMatch(/another region/);
    expect(error.diagnosis?.cause).toMatch(/Draft/);
    expect(error.toJSON()).not.toHaveProperty('headers');
  });

  it('copes with a body that is not Amazon JSON', () => {
    const error = spApiErrorFromResponse({
      operation: OPERATIONS.getAccount,
      status: 502,
      headers: {},
      body: '<html>Bad Gateway</html>',
    });
    expect(error).toMatchObject({ code: 'Http502', status: 502, retryable: true, errors: [] });
  });

  it('maps network failures to status 0 NetworkError', () => {
    const error = spApiNetworkError(
      OPERATIONS.getAccount,
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    );
    expect(error).toMatchObject({ status: 0, code: 'NetworkError', retryable: true });
    const fetchFailed = spApiNetworkError(
      OPERATIONS.confirmShipment,
      Object.assign(new TypeError('fetch failed'), {
        cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
      }),
    );
    expect(fetchFailed).toMatchObject({ status: 0, code: 'NetworkError', retryable: true });
    expect(fetchFailed.message).toMatch(/ECONNREFUSED/);
  });

  it('maps LWA error responses to LwaError', () => {
    const error = lwaErrorFromResponse({
      grantType: 'refresh_token',
      status: 401,
      headers: {},
      body: JSON.stringify({
        error: 'invalid_client',
        error_description: 'Client authentication failed',
        request_id: 'r-9',
      }),
    });
    expect(error).toBeInstanceOf(LwaError);
    expect(error).toMatchObject({ status: 401, error: 'invalid_client', requestId: 'r-9', retryable: false });
    expect(error.error_description).toBe('Client authentication failed');
  });
});

describe('diagnoses: the catalogue of setup errors', () => {
  const sp = (status: number, code: string, message: string, details?: string, extra: object = {}) =>
    diagnose({ source: 'sp-api', status, code, message, details, ...extra });
  const lwa = (status: number, error: string, errorDescription?: string) =>
    diagnose({ source: 'lwa', status, error, errorDescription });

  const rows: [string, ReturnType<typeof diagnose>, RegExp, DiagnosisCode][] = [
    [
      '403 access denied',
      sp(403, 'Unauthorized', 'Access to requested resource is denied.', ''),
      /lacks the role/,
      'ACCESS_DENIED',
    ],
    [
      '403 expired token',
      sp(
        403,
        'Unauthorized',
        'Access to requested resource is denied.',
        'The access token you provided has expired.',
      ),
      /more than an hour old/,
      'TOKEN_EXPIRED',
    ],
    [
      '403 revoked token',
      sp(
        403,
        'Unauthorized',
        'Access to requested resource is denied.',
        'The access token you provided is revoked, malformed or invalid.',
      ),
      /not a valid access token/,
      'TOKEN_INVALID',
    ],
    [
      '403 missing token',
      sp(403, 'Unauthorized', 'Access token is missing in the request header.'),
      /no x-amz-access-token/,
      'TOKEN_MISSING',
    ],
    [
      '403 MissingAuthenticationToken',
      sp(403, 'MissingAuthenticationToken', 'Access to requested resource is denied.'),
      /wrong host/,
      'WRONG_HOST_OR_PATH',
    ],
    [
      '403 InvalidSignature',
      sp(
        403,
        'InvalidSignature',
        'The request signature we calculated does not match the signature you provided.',
      ),
      /SigV4/,
      'SIGNATURE_REJECTED',
    ],
    [
      '403 STS expired',
      sp(403, 'Unauthorized', 'The security token included in the request is expired'),
      /STS/,
      'STS_EXPIRED',
    ],
    [
      '400 no access to data elements',
      sp(
        400,
        'InvalidInput',
        'Application does not have access to one or more requested data elements: [buyerInfo, shippingAddress]',
        undefined,
        {
          operation: 'createRestrictedDataToken',
        },
      ),
      /restricted \(PII\) role/,
      'ROLE_MISSING',
    ],
    [
      '400 RDT invalid input',
      sp(400, 'InvalidInput', 'Invalid Input', undefined, { operation: 'createRestrictedDataToken' }),
      /Malformed restrictedResources/,
      'RDT_INVALID_RESOURCES',
    ],
    [
      '400 sandbox no match',
      sp(400, 'InvalidInput', 'Could not match input arguments'),
      /static sandbox/,
      'SANDBOX_NO_MATCH',
    ],
    [
      '400 rotation not enrolled',
      sp(400, 'InvalidInput', 'Application is not enrolled for rotation notification.'),
      /SQS destination/,
      'ROTATION_NOT_ENROLLED',
    ],
    [
      '429 QuotaExceeded',
      sp(429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.'),
      /bucket/,
      'THROTTLED',
    ],
    [
      '500 InternalFailure',
      sp(500, 'InternalFailure', 'We encountered an internal error. Please try again.'),
      /transient/,
      'SERVER_ERROR',
    ],
    [
      '500 InternalFailure in sandbox',
      sp(500, 'InternalFailure', 'We encountered an internal error.', undefined, { sandbox: true }),
      /sandbox/,
      'SANDBOX_SERVER_ERROR',
    ],
    ['503', sp(503, 'ServiceUnavailable', 'Temporary overloading'), /overloaded/, 'SERVICE_UNAVAILABLE'],
    ['network', sp(0, 'NetworkError', 'ECONNRESET'), /No complete response/, 'NETWORK_ERROR'],
    [
      'LWA invalid_client',
      lwa(401, 'invalid_client', 'Client authentication failed'),
      /180-day rotation/,
      'LWA_INVALID_CLIENT',
    ],
    [
      'LWA secret expired',
      lwa(403, 'unauthorized', 'The LWA secret token you provided has expired.'),
      /180 days/,
      'LWA_SECRET_EXPIRED',
    ],
    [
      'LWA invalid_grant refresh_token',
      lwa(400, 'invalid_grant', 'The request has an invalid grant parameter : refresh_token'),
      /revoked or re-authorized/,
      'LWA_INVALID_GRANT',
    ],
    [
      'LWA invalid_grant code',
      lwa(400, 'invalid_grant', 'The request has an invalid grant parameter : code'),
      /older than 5 minutes/,
      'LWA_INVALID_CODE',
    ],
    [
      'LWA unauthorized_client',
      lwa(400, 'unauthorized_client', 'Not authorized for requested operation'),
      /different LWA client/,
      'LWA_UNAUTHORIZED_CLIENT',
    ],
    ['LWA invalid_scope', lwa(400, 'invalid_scope'), /grantless scope/, 'LWA_INVALID_SCOPE'],
    [
      'LWA unsupported_grant_type',
      lwa(400, 'unsupported_grant_type'),
      /grant_type/,
      'LWA_UNSUPPORTED_GRANT_TYPE',
    ],
    ['LWA server_error', lwa(500, 'server_error'), /failing or overloaded/, 'LWA_UNAVAILABLE'],
  ];
  it.each(rows)('%s', (_name, diagnosis, cause, code) => {
    expect(diagnosis?.code).toBe(code);
    expect(diagnosis?.cause).toMatch(cause);
    expect(diagnosis?.fix.length).toBeGreaterThan(10);
  });
});
