import { lwaErrorFromResponse, lwaNetworkError } from '../../../sp-api/errors/error-factory.js';
import { createFetchTransport, type LwaError, type Transport } from '../../../sp-api/index.js';

/** What the authorization-code exchange needs. */
export interface ExchangeCodeOptions {
  /** LWA's token endpoint (`https://api.amazon.com/auth/o2/token`, or the emulator's). */
  readonly lwaEndpoint: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** `spapi_oauth_code` from the redirect: single use, valid 5 minutes. */
  readonly code: string;
  /** The very redirect URI the consent URL named: LWA refuses the code otherwise. */
  readonly redirectUri: string;
  /** @default Node's fetch */
  readonly transport?: Transport;
}

/**
 * Exchanges an authorization code for the seller's refresh token (`grant_type=authorization_code`).
 * Failures are the client's `LwaError`s, with their diagnosis (`LWA_INVALID_CODE` for a code that is
 * used, expired or paired with another redirect URI).
 */
export async function exchangeAuthorizationCode(options: ExchangeCodeOptions): Promise<string> {
  const transport = options.transport ?? createFetchTransport();
  const grantType = 'authorization_code';
  let response: Awaited<ReturnType<Transport>>;
  try {
    response = await transport({
      method: 'POST',
      url: options.lwaEndpoint,
      headers: {
        'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
        accept: 'application/json',
      },
      body: new URLSearchParams({
        grant_type: grantType,
        code: options.code,
        redirect_uri: options.redirectUri,
        client_id: options.clientId,
        client_secret: options.clientSecret,
      }).toString(),
    });
  } catch (error) {
    throw lwaNetworkError(grantType, error);
  }
  if (response.status < 200 || response.status >= 300) {
    throw lwaErrorFromResponse({ grantType, ...response }) satisfies LwaError;
  }
  let token: unknown;
  try {
    token = (JSON.parse(response.body) as { refresh_token?: unknown }).refresh_token;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || token === '') {
    throw lwaErrorFromResponse({
      grantType,
      status: 502,
      headers: response.headers,
      body: '{"error":"invalid_response"}',
    });
  }
  return token;
}
