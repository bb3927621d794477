import { grantlessScopeFor } from '../../amazon/grantless-scopes.js';
import type { Clock } from '../../time/clock.js';
import { spApiUsageError } from '../errors/error-factory.js';
import { isSpApiError } from '../errors/guards.js';
import { type CallContext, type Layer, withWait } from '../pipeline.js';
import type { LwaTokenProvider } from './lwa-token-provider.js';
import type { TokenSource } from './token-source.js';

/** Amazon's 403 for a token past its hour: the one 403 that a fresh token fixes. */
function isExpiredTokenError(error: unknown): boolean {
  return (
    isSpApiError(error) &&
    error.status === 403 &&
    /access token.*expired/i.test(`${error.amazonMessage} ${error.details ?? ''}`)
  );
}

/**
 * Puts the access token in `x-amz-access-token` (and the request time in `x-amz-date`): the RDT chosen by
 * the layer above, a grantless token for grantless operations, or the seller's LWA token. When Amazon
 * answers that the token expired, it drops that token, fetches a new one and resends once (a second
 * expiry is thrown). That resend stays inside this attempt: it does not take another rate token, which
 * is acceptable for a rejection that happens at most once per token lifetime.
 */
export function authLayer(lwa: LwaTokenProvider, clock: Clock): Layer {
  return (next) => async (context) => {
    const source = context.tokenSource ?? lwaSourceFor(lwa, context);
    const sendWith = (token: string, waited: CallContext) =>
      next({
        ...waited,
        request: {
          ...context.request,
          headers: {
            ...context.request.headers,
            'x-amz-access-token': token,
            'x-amz-date': amzDate(clock.now()),
          },
        },
      });
    const started = clock.now();
    const token = await source.get(context.signal);
    try {
      return await sendWith(token, withWait(context, { for: 'token', ms: clock.now() - started }));
    } catch (error) {
      if (!isExpiredTokenError(error)) throw error;
      source.invalidate(token);
      const again = clock.now();
      const fresh = await source.get(context.signal);
      return sendWith(fresh, withWait(context, { for: 'token', ms: clock.now() - again }));
    }
  };
}

function lwaSourceFor(lwa: LwaTokenProvider, context: CallContext): TokenSource {
  const { operation } = context;
  if (operation.grantless) {
    const scope = grantlessScopeFor(operation);
    if (!scope) {
      throw spApiUsageError(
        'NO_GRANTLESS_SCOPE',
        `no grantless scope known for the ${operation.api} API`,
        operation,
      );
    }
    return lwa.grantless(scope);
  }
  if (!lwa.seller) {
    throw spApiUsageError(
      'MISSING_REFRESH_TOKEN',
      'this operation needs a refresh token (only grantless operations work without one)',
      operation,
    );
  }
  return lwa.seller;
}

/** `YYYYMMDDTHHMMSSZ`, the format of `x-amz-date`. */
function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
