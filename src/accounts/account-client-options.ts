import type { Region } from '../amazon/index.js';
import type { SpApiClientOptions } from '../sp-api/index.js';
import { type AccountSecrets, type AccountSettings, accountEndpoint } from './account.js';

/**
 * Client options for an account in one region (its own by default): Amazon's regional host and LWA, or
 * the account's configured base URL for both (LWA at `/auth/o2/token` below it), so the credentials go
 * only to the hosts the account was connected for. `extra` adds the caller's clock, events and retries.
 */
export function accountClientOptions(
  account: Pick<
    AccountSettings,
    'region' | 'endpoint' | 'regionEndpoints' | 'sandbox' | 'clientId' | 'sellerId'
  >,
  secrets: Pick<AccountSecrets, 'clientSecret' | 'refreshToken'>,
  region: Region = account.region,
  extra: Omit<SpApiClientOptions, 'clientId' | 'clientSecret' | 'refreshToken'> = {},
): SpApiClientOptions {
  const endpoint = accountEndpoint(account, region);
  return {
    ...extra,
    clientId: account.clientId,
    clientSecret: secrets.clientSecret,
    refreshToken: secrets.refreshToken,
    region,
    sandbox: account.sandbox,
    ...(endpoint ? { endpoint, lwaEndpoint: `${endpoint}/auth/o2/token` } : {}),
    ...(account.sellerId ? { sellerId: account.sellerId } : {}),
  };
}
