import { grantlessScopeFor } from '../../amazon/grantless-scopes.js';
import type { OperationSpec } from '../../amazon/operation-spec.js';
import type { Clock } from '../../time/clock.js';
import { spApiTimeout, spApiUsageError } from '../errors/error-factory.js';
import { type Layer, withWait } from '../pipeline.js';
import type { RestrictedDataTokenProvider } from '../rdt/restricted-data-token-provider.js';
import type { LwaTokenProvider } from './lwa-token-provider.js';
import type { TokenSource } from './token-source.js';

/**
 * Gets in hand the token the operation needs, before the rate-limit layer gives the call its place in the
 * bucket: a Restricted Data Token for restricted operations (when `rdt` is given: RDTs on, not in the
 * sandbox), a grantless LWA token for grantless operations, the seller's LWA token otherwise. A slow LWA
 * or RDT round trip therefore delays the call before it is counted, never between being counted and
 * leaving. The source goes down in the context, where the auth layer reads the (now cached) token.
 */
export function tokensLayer(
  lwa: LwaTokenProvider,
  rdt: RestrictedDataTokenProvider | undefined,
  clock: Clock,
  callTimeoutMs: number,
): Layer {
  return (next) => async (context) => {
    const { operation, signal, deadline } = context;
    const source = sourceFor(lwa, rdt, operation);
    const started = clock.now();
    try {
      // The fetch is shared with other calls: the deadline only ends this call's wait for it.
      await source.get(signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal);
    } catch (error) {
      if (!signal?.aborted && deadline.signal.aborted) {
        throw spApiTimeout({ operation, url: context.request.url, which: 'call', afterMs: callTimeoutMs });
      }
      throw error;
    }
    return next(withWait({ ...context, tokenSource: source }, { for: 'token', ms: clock.now() - started }));
  };
}

function sourceFor(
  lwa: LwaTokenProvider,
  rdt: RestrictedDataTokenProvider | undefined,
  operation: OperationSpec,
): TokenSource {
  if (operation.restricted && rdt) return rdt.sourceFor(operation);
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
