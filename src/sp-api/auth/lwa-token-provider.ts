import type { Clock } from '../../time/clock.js';
import { lwaErrorFromResponse, lwaInvalidResponse, lwaNetworkError } from '../errors/error-factory.js';
import type { LwaError } from '../errors/lwa-error.js';
import type { TokenEvent } from '../events/client-events.js';
import { eventError } from '../events/event-hub.js';
import type { Logger } from '../log/logger.js';
import { redactUrl } from '../redact.js';
import type { Transport } from '../transport.js';
import { createCachedTokenSource, type TokenSource } from './token-source.js';

/** Amazon's own SDK refreshes 60 s before `expires_in` runs out; so does this provider. */
const LWA_REFRESH_MARGIN_MS = 60_000;

/** Options of {@link createLwaTokenProvider}. */
export interface LwaTokenProviderOptions {
  /** @default 'https://api.amazon.com/auth/o2/token' */
  lwaEndpoint?: string;
  clientId: string;
  clientSecret: string;
  /** The seller's or vendor's refresh token; without it only grantless tokens are available. */
  refreshToken?: string | undefined;
  transport: Transport;
  clock: Clock;
  logger: Logger;
  userAgent: string;
  /** Receives a `token` event per token request (the client forwards them to its listeners). */
  onEvent?: (event: TokenEvent) => void;
  /**
   * Refresh this long before the token expires.
   * @default 60000
   */
  refreshMarginMs?: number;
}

/** LWA access tokens: one cached source for the refresh token, one per grantless scope. */
export interface LwaTokenProvider {
  /** The seller's access token source (`grant_type=refresh_token`); `undefined` without a refresh token. */
  readonly seller: TokenSource | undefined;
  /** The grantless token source for a scope (`grant_type=client_credentials`), cached separately per scope. */
  grantless(scope: string): TokenSource;
}

/** Default LWA token endpoint (Amazon uses the one NA host for every region). */
export const DEFAULT_LWA_ENDPOINT = 'https://api.amazon.com/auth/o2/token';

/**
 * Login with Amazon tokens: form-encoded POST to the token endpoint, cached until 60 s before expiry,
 * one refresh shared by concurrent callers. Errors become `LwaError`s with a diagnosis.
 */
export function createLwaTokenProvider(options: LwaTokenProviderOptions): LwaTokenProvider {
  const endpoint = options.lwaEndpoint ?? DEFAULT_LWA_ENDPOINT;
  const margin = options.refreshMarginMs ?? LWA_REFRESH_MARGIN_MS;

  const requestToken = async (params: Record<string, string>) => {
    const grantType = params.grant_type ?? 'refresh_token';
    const body = new URLSearchParams({
      ...params,
      client_id: options.clientId,
      client_secret: options.clientSecret,
    }).toString();
    const started = options.clock.now();
    const fail = (lwaError: LwaError): LwaError => {
      const durationMs = options.clock.now() - started;
      options.logger.warn(
        { lwa: grantType, durationMs, error: lwaError.toJSON() },
        'lwa token request failed',
      );
      options.onEvent?.({
        type: 'token',
        grantType,
        status: lwaError.status || undefined,
        requestId: lwaError.requestId,
        durationMs,
        error: eventError(lwaError),
      });
      return lwaError;
    };
    let response: Awaited<ReturnType<Transport>>;
    try {
      response = await options.transport({
        method: 'POST',
        url: endpoint,
        headers: {
          'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
          accept: 'application/json',
          'user-agent': options.userAgent,
        },
        body,
      });
    } catch (error) {
      throw fail(lwaNetworkError(grantType, error));
    }
    const durationMs = options.clock.now() - started;
    if (response.status < 200 || response.status >= 300) {
      throw fail(lwaErrorFromResponse({ grantType, ...response }));
    }
    let parsed: { access_token?: unknown; expires_in?: unknown } | undefined;
    try {
      parsed = JSON.parse(response.body) as typeof parsed;
    } catch {
      parsed = undefined;
    }
    if (typeof parsed?.access_token !== 'string' || parsed.access_token === '') {
      throw fail(lwaInvalidResponse(grantType, response.status));
    }
    const expiresIn = Number(parsed.expires_in);
    const expiresInMs = (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600) * 1000;
    options.logger.debug(
      {
        lwa: grantType,
        scope: params.scope,
        url: redactUrl(endpoint),
        durationMs,
        expiresIn: expiresInMs / 1000,
      },
      'lwa token issued',
    );
    options.onEvent?.({
      type: 'token',
      grantType,
      status: response.status,
      requestId: response.headers['x-amzn-requestid'],
      durationMs,
    });
    return { token: parsed.access_token, expiresInMs };
  };

  const refreshToken = options.refreshToken;
  const seller = refreshToken
    ? createCachedTokenSource(
        () => requestToken({ grant_type: 'refresh_token', refresh_token: refreshToken }),
        options.clock,
        margin,
      )
    : undefined;

  const byScope = new Map<string, TokenSource>();
  return {
    seller,
    grantless(scope) {
      let source = byScope.get(scope);
      if (!source) {
        source = createCachedTokenSource(
          () => requestToken({ grant_type: 'client_credentials', scope }),
          options.clock,
          margin,
        );
        byScope.set(scope, source);
      }
      return source;
    },
  };
}
