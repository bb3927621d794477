import type { Clock } from '../../time/clock.js';
import { isSpApiError } from '../errors/guards.js';
import { type CallContext, type Layer, withWait } from '../pipeline.js';

/** Amazon's 403 for a token past its hour: the one 403 that a fresh token fixes. */
function isExpiredTokenError(error: unknown): boolean {
  return (
    isSpApiError(error) &&
    error.status === 403 &&
    /access token.*expired/i.test(`${error.amazonMessage} ${error.details ?? ''}`)
  );
}

/**
 * Puts the access token in `x-amz-access-token` (and the request time in `x-amz-date`), read from the
 * source the tokens layer chose (an RDT, a grantless or the seller's LWA token), which normally has it
 * cached by now. When Amazon answers that the token expired, it drops that token, fetches a new one and
 * resends once (a second expiry is thrown). That resend stays inside this attempt: it does not take another
 * rate token, which is acceptable for a rejection that happens at most once per token lifetime.
 */
export function authLayer(clock: Clock): Layer {
  return (next) => async (context) => {
    const source = context.tokenSource;
    if (!source) throw new Error('auth layer: no token source (the tokens layer must run first)');
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
    const token = await source.get(context.signal);
    try {
      return await sendWith(token, context);
    } catch (error) {
      if (!isExpiredTokenError(error)) throw error;
      source.invalidate(token);
      const started = clock.now();
      const fresh = await source.get(context.signal);
      return sendWith(fresh, withWait(context, { for: 'token', ms: clock.now() - started }));
    }
  };
}

/** `YYYYMMDDTHHMMSSZ`, the format of `x-amz-date`. */
function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
