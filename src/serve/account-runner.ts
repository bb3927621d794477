import type { Kysely } from 'kysely';
import type { Account } from '../accounts/account.js';
import { accountClientOptions } from '../accounts/account-client-options.js';
import { AccountRepository } from '../accounts/account-repository.js';
import { createStoreRateLimitStore } from '../accounts/rate-limit-store.js';
import type { Vault } from '../accounts/vault/vault.js';
import { regionOfMarketplace } from '../amazon/marketplaces.js';
import {
  loadSyncSettings,
  type SyncOptions,
  type SyncTarget,
  syncAccount,
  syncClientOptions,
} from '../orders/sync/index.js';
import { createSpApiClient, type SpApiClient } from '../sp-api/client.js';
import type { SpApiClientOptions } from '../sp-api/client-options.js';
import type { SpApiClientEvent } from '../sp-api/events/client-events.js';
import type { Database } from '../store/schema.js';
import type { Clock } from '../time/clock.js';
import type { SyncRunner } from './sync-runner.js';

/** What `accountSyncRunner` needs. */
export interface AccountRunnerOptions {
  readonly db: Kysely<Database>;
  readonly vault: Vault;
  readonly clock: Clock;
  /**
   * Client options added to every account's (an emulator's `rateLimit.rateScale`, event listeners).
   * Credentials, hosts and the rate-limit store are the account's and the store's.
   * @default {}
   */
  readonly client?: Omit<SpApiClientOptions, 'clientId' | 'clientSecret' | 'refreshToken'>;
  /** Tuning of the engine. @default the engine's */
  readonly sync?: SyncOptions;
  /** Every client event, with the account it is of (for `/metrics` and the sync status's 429s). */
  readonly onAccountEvent?: (accountId: string, event: SpApiClientEvent) => void;
}

/**
 * The scheduler's `SyncRunner` over the orders engine: loads the account and opens its secrets (accounts
 * repository and vault), syncs the marketplaces of its region with the Orders API its settings name, and
 * gives every client the store's rate-limit buckets, so all processes of the store share each seller's and
 * application's limits. A client is kept per account (its LWA token lasts an hour) until the account
 * changes.
 */
export function accountSyncRunner(options: AccountRunnerOptions): SyncRunner {
  const { db, vault, clock } = options;
  const accounts = new AccountRepository(db, vault);
  const rateLimitStore = createStoreRateLimitStore(db);
  const clients = new Map<string, { version: string; client: SpApiClient }>();

  return async ({ accountId, signal, onProgress }) => {
    const account = await accountById(accounts, db, accountId);
    const target: SyncTarget = {
      accountId,
      sellerId: account.sellerId ?? '',
      region: account.region,
      marketplaceIds: marketplacesOf(account),
      ...(await loadSyncSettings(db, accountId)),
    };
    const version = `${account.updatedAt.getTime()}/${target.api}/${target.piiAllowed}`;
    let client = clients.get(accountId)?.version === version ? clients.get(accountId)?.client : undefined;
    if (!client) {
      const secrets = await accounts.secrets(account);
      client = createSpApiClient({
        ...accountClientOptions(account, secrets, account.region, {
          ...options.client,
          clock,
          rateLimitStore,
        }),
        ...syncClientOptions(target),
      });
      const onAccountEvent = options.onAccountEvent;
      if (onAccountEvent) {
        for (const type of ['attempt', 'wait', 'token'] as const)
          client.on(type, (event) => onAccountEvent(accountId, event));
      }
      clients.set(accountId, { version, client });
    }
    const summary = await syncAccount({
      db,
      client,
      clock,
      vault,
      target,
      signal,
      onProgress,
      ...(options.sync ? { options: options.sync } : {}),
    });
    return {
      outcome: summary.outcome,
      orders: summary.orders,
      created: summary.created,
      updated: summary.updated,
      recheckUpdated: summary.recheckUpdated,
    };
  };
}

async function accountById(accounts: AccountRepository, db: Kysely<Database>, id: string): Promise<Account> {
  const row = await db.selectFrom('accounts').select('name').where('id', '=', id).executeTakeFirst();
  if (!row) throw new Error(`account ${id} is no longer stored`);
  return accounts.get(row.name);
}

/** The marketplaces the seller takes part in, of the account's region (one search covers one region). */
function marketplacesOf(account: Account): string[] {
  const ids = account.marketplaces
    .filter((m) => m.participating !== false && regionOfMarketplace(m.id) === account.region)
    .map((m) => m.id);
  if (ids.length === 0) {
    throw new Error(
      `account ${account.name} has no marketplace of region ${account.region} on record: run ` +
        `csm doctor --account ${account.name} to read its marketplace participations`,
    );
  }
  return ids;
}
