import type { Clock, Timer } from '../../time/clock.js';
import {
  lwaErrorFromResponse,
  lwaInvalidResponse,
  lwaNetworkError,
  lwaRedirect,
  lwaTimeout,
} from '../errors/error-factory.js';
import { isLwaError } from '../errors/guards.js';
import type { LwaError } from '../errors/lwa-error.js';
import { LONG_WAIT_MS } from '../events/announce-wait.js';
import type { TokenEvent, WaitEvent } from '../events/client-events.js';
import { eventError } from '../events/event-hub.js';
import { hostOf } from '../host-of.js';
import { type Logger, redactingLogger } from '../log/logger.js';
import { createRedactor, type Redactor } from '../redact.js';
import { TIMEOUT_DEFAULTS } from '../timeout/call-deadline.js';
import type { Transport, TransportResponse } from '../transport.js';
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
  /**
   * Receives a `token` event per token request, and a `wait` event when the endpoint has not answered for
   * five seconds (the client forwards them to its listeners).
   */
  onEvent?: (event: TokenEvent | WaitEvent) => void;
  /**
   * Gives up on a token request that has no complete answer after this long.
   * @default 30000
   */
  attemptTimeoutMs?: number;
  /**
   * Cuts secrets out of messages and log lines; the provider adds the client secret, the refresh token and
   * every access token it receives.
   * @default a redactor of its own
   */
  redactor?: Redactor;
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
 * one refresh shared by concurrent callers. Errors become `LwaError`s with a diagnosis. A redirect is
 * refused, never followed (it would re-post the client secret and refresh token to another host); a request
 * without an answer is given up after `attemptTimeoutMs`, and said on the logger after five seconds.
 */
export function createLwaTokenProvider(options: LwaTokenProviderOptions): LwaTokenProvider {
  const endpoint = options.lwaEndpoint ?? DEFAULT_LWA_ENDPOINT;
  const margin = options.refreshMarginMs ?? LWA_REFRESH_MARGIN_MS;
  const timeoutMs = options.attemptTimeoutMs ?? TIMEOUT_DEFAULTS.attemptTimeoutMs;
  const redactor = options.redactor ?? createRedactor();
  redactor.remember(options.clientSecret);
  redactor.remember(options.refreshToken);
  const logger = redactingLogger(options.logger, redactor);
  const { clock } = options;

  const post = async (grantType: string, body: string): Promise<TransportResponse> => {
    const controller = new AbortController();
    const timers: Timer[] = [];
    const expiry = new Promise<never>((_resolve, reject) => {
      timers.push(
        clock.setTimer(timeoutMs, () => {
          controller.abort(new Error('timed out'));
          reject(lwaTimeout(grantType, endpoint, timeoutMs));
        }),
      );
    });
    expiry.catch(() => {});
    timers.push(
      clock.setTimer(LONG_WAIT_MS, () => {
        const waitMs = timeoutMs - LONG_WAIT_MS;
        const reason = `no answer from ${hostOf(endpoint)} after ${LONG_WAIT_MS / 1000} s; giving up after ${timeoutMs / 1000} s`;
        options.onEvent?.({ type: 'wait', operation: 'lwa', attempt: 1, for: 'response', waitMs, reason });
        logger.warn({ lwa: grantType, for: 'response', waitMs, reason }, 'lwa token request is slow');
      }),
    );
    try {
      return await Promise.race([
        options.transport({
          method: 'POST',
          url: endpoint,
          headers: {
            'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
            accept: 'application/json',
            'user-agent': options.userAgent,
          },
          body,
          signal: controller.signal,
        }),
        expiry,
      ]);
    } finally {
      for (const timer of timers) timer.cancel();
    }
  };

  const requestToken = async (params: Record<string, string>) => {
    const grantType = params.grant_type ?? 'refresh_token';
    const body = new URLSearchParams({
      ...params,
      client_id: options.clientId,
      client_secret: options.clientSecret,
    }).toString();
    const started = clock.now();
    const fail = (lwaError: LwaError): LwaError => {
      const durationMs = clock.now() - started;
      logger.warn({ lwa: grantType, durationMs, error: lwaError.toJSON() }, 'lwa token request failed');
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
    let response: TransportResponse;
    try {
      response = await post(grantType, body);
    } catch (error) {
      throw fail(isLwaError(error) ? error : lwaNetworkError(grantType, error, redactor));
    }
    const durationMs = clock.now() - started;
    if (response.status >= 300 && response.status < 400) {
      throw fail(lwaRedirect({ grantType, ...response, url: endpoint, redact: redactor }));
    }
    if (response.status < 200 || response.status >= 300) {
      throw fail(lwaErrorFromResponse({ grantType, ...response, redact: redactor }));
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
    redactor.remember(parsed.access_token);
    const expiresIn = Number(parsed.expires_in);
    const expiresInMs = (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600) * 1000;
    logger.debug(
      {
        lwa: grantType,
        scope: params.scope,
        url: redactor.url(endpoint),
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
        clock,
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
          clock,
          margin,
        );
        byScope.set(scope, source);
      }
      return source;
    },
  };
}
