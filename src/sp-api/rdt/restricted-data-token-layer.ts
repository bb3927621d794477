import type { Layer } from '../pipeline.js';
import type { RestrictedDataTokenProvider } from './restricted-data-token-provider.js';

/**
 * For operations the table marks `restricted` (the Orders v0 reads that return PII), hands the auth layer
 * a Restricted Data Token instead of the LWA token. Present in the pipeline only when RDTs are on and the
 * client is not in the sandbox (a sandbox call uses its LWA token). Orders 2026-01-01 operations are not
 * restricted, so they never cause an RDT request.
 */
export function restrictedDataTokenLayer(provider: RestrictedDataTokenProvider): Layer {
  return (next) => async (context) => {
    if (!context.operation.restricted) return next(context);
    return next({ ...context, tokenSource: provider.sourceFor(context.operation) });
  };
}
