import type { Kysely } from 'kysely';
import { accountClientOptions } from '../../accounts/account-client-options.js';
import type { Account, AccountRepository } from '../../accounts/index.js';
import { regionOfMarketplace } from '../../amazon/marketplaces.js';
import type { SpApiClientOptions } from '../../sp-api/client-options.js';
import type { Database } from '../../store/schema.js';
import { syncClientOptions } from './sync-client-options.js';
import { SyncError } from './sync-error.js';
import { loadSyncSettings } from './sync-settings.js';
import type { SyncTarget } from './sync-types.js';

/** What syncing one stored account takes: its target, and the options of a client for it. */
export interface PreparedSync {
  readonly target: SyncTarget;
  /**
   * Credentials and the account's own hosts (they go nowhere else), seller id, region, and Restricted Data
   * Tokens only where the sync needs them; add the caller's clock, events and rate-limit store.
   */
  readonly client: SpApiClientOptions;
}

/**
 * The target and client options of a stored seller account: its marketplaces of its region that it takes
 * part in, and its sync settings (`api`, `piiAllowed`). Fails with `SyncError` `SYNC_INVALID` for a vendor
 * account or one without a marketplace on record, and with the accounts module's error when a secret is
 * missing.
 */
export async function prepareSync(
  db: Kysely<Database>,
  accounts: AccountRepository,
  account: Account,
): Promise<PreparedSync> {
  if (account.kind !== 'seller') {
    throw new SyncError(
      'SYNC_INVALID',
      `account ${account.name} is a vendor account: csm syncs the orders of seller accounts`,
    );
  }
  const marketplaceIds = account.marketplaces
    .filter((m) => m.participating !== false && regionOfMarketplace(m.id) === account.region)
    .map((m) => m.id);
  if (marketplaceIds.length === 0) {
    throw new SyncError(
      'SYNC_INVALID',
      `account ${account.name} has no marketplace of region ${account.region} on record: run ` +
        `csm doctor --account ${account.name} to read its marketplace participations, then sync again`,
    );
  }
  const settings = await loadSyncSettings(db, account.id);
  const target: SyncTarget = {
    accountId: account.id,
    sellerId: account.sellerId ?? '',
    region: account.region,
    marketplaceIds,
    ...settings,
  };
  const secrets = await accounts.secrets(account);
  return { target, client: { ...accountClientOptions(account, secrets), ...syncClientOptions(target) } };
}
