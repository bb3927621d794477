import type { Kysely } from 'kysely';
import { accountClientOptions } from '../accounts/account-client-options.js';
import { AccountRepository } from '../accounts/account-repository.js';
import { createStoreRateLimitStore } from '../accounts/rate-limit-store.js';
import type { Vault } from '../accounts/vault/vault.js';
import { createSpApiClient, type SpApiClient } from '../sp-api/client.js';
import type { SpApiClientOptions } from '../sp-api/client-options.js';
import type { Database } from '../store/schema.js';
import type { Clock } from '../time/clock.js';

/** A client for a stored account, by its id. */
export type ClientFor = (accountId: string) => Promise<SpApiClient>;

/**
 * Clients for stored accounts, as the sync's runner makes them: the account's credentials and hosts, the
 * store's rate-limit buckets (so every process of the store shares each seller's limits), one client per
 * account kept until the account changes. `extra` adds options (an emulator's rate scale, events).
 */
export function accountClients(
  db: Kysely<Database>,
  vault: Vault,
  clock: Clock,
  extra: Omit<SpApiClientOptions, 'clientId' | 'clientSecret' | 'refreshToken'> = {},
): ClientFor {
  const accounts = new AccountRepository(db, vault);
  const rateLimitStore = createStoreRateLimitStore(db);
  const clients = new Map<string, { version: number; client: SpApiClient }>();
  return async (accountId) => {
    const row = await db.selectFrom('accounts').select('name').where('id', '=', accountId).executeTakeFirst();
    if (!row) throw new Error(`account ${accountId} is no longer stored`);
    const account = await accounts.get(row.name);
    const version = account.updatedAt.getTime();
    const kept = clients.get(accountId);
    if (kept?.version === version) return kept.client;
    const secrets = await accounts.secrets(account);
    const client = createSpApiClient(
      accountClientOptions(account, secrets, account.region, { ...extra, clock, rateLimitStore }),
    );
    clients.set(accountId, { version, client });
    return client;
  };
}
