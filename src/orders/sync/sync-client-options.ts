import type { SpApiClientOptions } from '../../sp-api/client-options.js';
import type { SyncTarget } from './sync-types.js';

/**
 * The client options a sync of `target` needs besides credentials and endpoint: the seller id (so the
 * rate-limit buckets are the seller's, shared by every process syncing it), the region, and Restricted
 * Data Tokens only for the v0 fallback and only when buyer data is allowed (Orders 2026-01-01 needs none).
 */
export function syncClientOptions(
  target: SyncTarget,
): Pick<SpApiClientOptions, 'sellerId' | 'region' | 'restrictedDataTokens'> {
  return {
    // Without a known seller id the client keys its buckets by a hash of the refresh token.
    ...(target.sellerId ? { sellerId: target.sellerId } : {}),
    region: target.region,
    restrictedDataTokens:
      target.api === 'v0' && target.piiAllowed ? { dataElements: ['buyerInfo', 'shippingAddress'] } : false,
  };
}
