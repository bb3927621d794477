import { accountClientOptions } from '../accounts/account-client-options.js';
import type { Account, AccountRepository } from '../accounts/index.js';
import { isAccountError } from '../accounts/index.js';
import { findMarketplace, regionOfMarketplace } from '../amazon/marketplaces.js';
import { createSpApiClient, type SpApiClient, type SpApiClientOptions } from '../sp-api/index.js';
import type { Clock } from '../time/clock.js';
import { CatalogError } from './catalog-error.js';

/** Waits at least this long are said through `notify` (rate limits, retries, a slow host). */
const ANNOUNCE_WAIT_MS = 5_000;

/**
 * What the catalog functions need, from the command line or the HTTP server alike: the stored accounts
 * (their secrets are opened here, never passed in), a clock, and options for each account's client.
 */
export interface CatalogContext {
  readonly accounts: AccountRepository;
  readonly clock: Clock;
  /**
   * Added to every account's client options: the store's `rateLimitStore` (so every process shares each
   * seller's buckets), `rateLimit.rateScale` for an emulator, `onEvent`. Credentials and hosts are the
   * account's own. @default {}
   */
  readonly client?: Omit<SpApiClientOptions, 'clientId' | 'clientSecret' | 'refreshToken' | 'clock'>;
  /** Where waits of five seconds or more are said (what for and how long). @default nowhere */
  readonly notify?: (line: string) => void;
}

/** An account and marketplace the catalog acts in, with the account's client. */
export interface CatalogTarget {
  readonly account: Account;
  readonly sellerId: string;
  readonly marketplaceId: string;
  readonly client: SpApiClient;
}

const clientsOf = new WeakMap<CatalogContext, Map<string, Promise<SpApiClient>>>();

/**
 * The account (by name; the only stored seller account when no name is given) and the marketplace
 * (the account's only one of its region when none is given), checked before anything is sent: a vendor
 * account, an account without a seller id, a marketplace that is not Amazon's, of another region, or one
 * the seller does not take part in are refused with the fix.
 */
export async function resolveTarget(
  ctx: CatalogContext,
  accountName: string | undefined,
  marketplaceId: string | undefined,
): Promise<CatalogTarget> {
  const account = await findAccount(ctx.accounts, accountName);
  if (account.kind !== 'seller') {
    throw new CatalogError(
      'NOT_SUPPORTED',
      `account ${account.name} is a vendor account: stock and prices are set for seller accounts`,
      'account',
    );
  }
  if (!account.sellerId) {
    throw new CatalogError(
      'INVALID_INPUT',
      `account ${account.name} has no seller id, which the Listings Items API needs in its paths: find the ` +
        'Merchant Token in Seller Central > Settings > Account Info > Your Merchant Token, then connect the ' +
        `account again: csm connect --replace --name ${account.name} --seller-id TOKEN`,
      'account',
    );
  }
  return {
    account,
    sellerId: account.sellerId,
    marketplaceId: pickMarketplace(account, marketplaceId),
    client: await catalogClient(ctx, account),
  };
}

/** The client of an account, kept for the context's life (its LWA token lasts an hour). */
export function catalogClient(ctx: CatalogContext, account: Account): Promise<SpApiClient> {
  let clients = clientsOf.get(ctx);
  if (!clients) {
    clients = new Map();
    clientsOf.set(ctx, clients);
  }
  // A changed account (new secret, new host) gets a new client.
  const key = `${account.id}/${account.updatedAt.getTime()}`;
  let client = clients.get(key);
  if (!client) {
    client = openClient(ctx, account);
    clients.set(key, client);
    client.catch(() => clients.delete(key));
  }
  return client;
}

async function openClient(ctx: CatalogContext, account: Account): Promise<SpApiClient> {
  const secrets = await ctx.accounts.secrets(account);
  const client = createSpApiClient(
    accountClientOptions(account, secrets, account.region, { ...ctx.client, clock: ctx.clock }),
  );
  const notify = ctx.notify;
  if (notify) {
    client.on('wait', (event) => {
      if (event.waitMs < ANNOUNCE_WAIT_MS) return;
      notify(
        `waiting ${Math.ceil(event.waitMs / 1000)} s for ${event.for} before ${event.operation} ` +
          `(account ${account.name}): ${event.reason}`,
      );
    });
  }
  return client;
}

async function findAccount(accounts: AccountRepository, name: string | undefined): Promise<Account> {
  if (name !== undefined) {
    try {
      return await accounts.get(name);
    } catch (error) {
      if (isAccountError(error) && error.code === 'ACCOUNT_NOT_FOUND') {
        throw new CatalogError('UNKNOWN_ACCOUNT', error.message, 'account');
      }
      throw error;
    }
  }
  const sellers = (await accounts.list()).filter((a) => a.kind === 'seller');
  if (sellers.length === 1) return sellers[0]!;
  throw new CatalogError(
    'UNKNOWN_ACCOUNT',
    sellers.length === 0
      ? 'no seller account is stored: connect one with csm connect'
      : `${sellers.length} seller accounts are stored (${sellers.map((a) => a.name).join(', ')}): name one with --account`,
    'account',
  );
}

function pickMarketplace(account: Account, marketplaceId: string | undefined): string {
  const own = account.marketplaces.filter(
    (m) => m.participating !== false && regionOfMarketplace(m.id) === account.region,
  );
  if (marketplaceId === undefined) {
    if (own.length === 1) return own[0]!.id;
    throw new CatalogError(
      'UNKNOWN_MARKETPLACE',
      own.length === 0
        ? `account ${account.name} has no marketplace of region ${account.region} on record: give --marketplace ID, ` +
            `or run csm doctor --account ${account.name} to read its marketplaces`
        : `account ${account.name} sells in ${own.length} marketplaces: name one with --marketplace ` +
            `(${own.map((m) => `${m.id} ${m.name}`).join(', ')})`,
      'marketplace',
    );
  }
  const id = marketplaceId.trim();
  const marketplace = findMarketplace(id);
  if (!marketplace) {
    throw new CatalogError(
      'UNKNOWN_MARKETPLACE',
      `marketplace '${id}' is not one of Amazon's marketplace ids (e.g. ATVPDKIKX0DER for Amazon.com); ` +
        `csm accounts show ${account.name} lists the account's`,
      'marketplace',
    );
  }
  if (marketplace.region !== account.region) {
    throw new CatalogError(
      'UNKNOWN_MARKETPLACE',
      `marketplace ${id} (${marketplace.name}) is served in region ${marketplace.region}, and account ` +
        `${account.name} is authorized in ${account.region}: use an account of that region`,
      'marketplace',
    );
  }
  if (own.length > 0 && !own.some((m) => m.id === id)) {
    throw new CatalogError(
      'UNKNOWN_MARKETPLACE',
      `account ${account.name} does not sell in ${id} (${marketplace.name}): its marketplaces are ` +
        `${own.map((m) => m.id).join(', ')}`,
      'marketplace',
    );
  }
  return id;
}
