// Public API of stored accounts: the repository over the store and vault, and their checks.

export {
  type Account,
  type AccountKind,
  type AccountSecrets,
  type AccountSettings,
  type AwsFields,
  accountEndpoint,
  type MarketplaceParticipation,
  type NewAccount,
  type RegionEndpoints,
  SECRET_FIELDS,
  type SecretField,
} from './account.js';
export { AccountError, type AccountErrorCode, isAccountError } from './account-error.js';
export { checkAccountName, checkSecretCreated, daysSince, parseRegion } from './account-fields.js';
export { type AccountPatch, AccountRepository } from './account-repository.js';
export { type OpenAccountsOptions, type OpenedAccounts, openAccounts } from './open-accounts.js';
export { formatRegionEndpoints, parseBaseUrl, parseRegionEndpoints } from './region-endpoints.js';
