import type { components } from '../../amazon/generated/types/orders20260101.js';
import { MARKETPLACES, type Region, regionOfMarketplace } from '../../amazon/index.js';
import {
  type Clock,
  createSpApiClient,
  isSpApiError,
  type RetryOptions,
  type SpApiClient,
  type Transport,
} from '../../sp-api/index.js';
import type { AccountSecrets, AccountSettings, MarketplaceParticipation } from '../account.js';
import { accountEndpoint } from '../account.js';
import { accountClientOptions } from '../account-client-options.js';
import { type Outcome, outcomeOf } from './outcome.js';

export type Order2026 = components['schemas']['Order'];

/** How far back the orders sample reaches. */
export const ORDERS_SAMPLE_DAYS = 30;
/** searchOrders takes at most 50 marketplace ids. */
const MAX_MARKETPLACE_IDS = 50;
/** Waits longer than this are announced on stderr (rate limits, retries). */
const ANNOUNCE_WAIT_MS = 2_000;

/** Options of {@link AccountProbe}. */
export interface ProbeOptions {
  readonly clock: Clock;
  /** @default Node's fetch */
  readonly transport?: Transport;
  /** Where waits longer than two seconds are announced. @default nowhere */
  readonly notify?: (line: string) => void;
  /** A few quick retries: a check that fails should say so soon. @default { maxAttempts: 3 } */
  readonly retry?: false | RetryOptions;
}

/** What `getMarketplaceParticipations` said, and Amazon's clock when it said it. */
export interface Participations {
  readonly marketplaces: MarketplaceParticipation[];
}

/** Amazon's `Date` header against this machine's clock at the moment the answer arrived. */
export interface ClockReading {
  readonly amazon: number;
  readonly local: number;
}

/**
 * The calls doctor's (and connect's) checks read, each made at most once per probe and shared by every
 * check that needs it, through one client per region (fresh, so LWA is asked for a fresh token). Calls
 * are made only when a check asks, so independent checks run concurrently and a skipped one costs nothing;
 * every call goes through the client's rate limiter.
 */
export class AccountProbe {
  private readonly clients = new Map<Region, SpApiClient>();
  private readonly memo = new Map<string, Promise<Outcome<unknown>>>();
  /** The first `Date` header seen, with the local time of its arrival. */
  clockReading: ClockReading | undefined;

  constructor(
    readonly account: AccountSettings,
    private readonly secrets: AccountSecrets,
    readonly options: ProbeOptions,
  ) {}

  /** The client for a region (the account's own by default). */
  client(region: Region = this.account.region): SpApiClient {
    let client = this.clients.get(region);
    if (!client) {
      client = createSpApiClient(
        accountClientOptions(this.account, this.secrets, region, {
          clock: this.options.clock,
          retry: this.options.retry ?? { maxAttempts: 3 },
          ...(this.options.transport ? { transport: this.options.transport } : {}),
        }),
      );
      const notify = this.options.notify;
      if (notify) {
        client.on('wait', (event) => {
          if (event.waitMs >= ANNOUNCE_WAIT_MS) {
            notify(
              `csm: account ${this.account.name}: waiting ${Math.ceil(event.waitMs / 1000)} s for ${event.for} ` +
                `before ${event.operation} (${event.reason})`,
            );
          }
        });
      }
      this.clients.set(region, client);
    }
    return client;
  }

  /** Whether calls for `region` go to another host than the account's own region's. */
  hasOwnHost(region: Region): boolean {
    const home = accountEndpoint(this.account) ?? `amazon:${this.account.region}`;
    return (accountEndpoint(this.account, region) ?? `amazon:${region}`) !== home;
  }

  /** getMarketplaceParticipations in a region: the credentials probe (LWA, authorization, region). */
  participations(region: Region = this.account.region): Promise<Outcome<Participations>> {
    return this.once(`participations:${region}`, async () => {
      try {
        const response = await this.client(region).call('getMarketplaceParticipations');
        this.readClock(response.headers);
        return { marketplaces: parseParticipations(response.body) };
      } catch (error) {
        if (isSpApiError(error)) this.readClock(error.headers);
        throw error;
      }
    });
  }

  /**
   * searchOrders (Orders 2026-01-01) over the last 30 days of the account's participating marketplaces of
   * its region, with buyer, recipient and fulfillment data: the Orders role and the PII roles in one call
   * (searchOrders' rate is one call per three minutes, so it is made once).
   */
  orders(): Promise<Outcome<Order2026[]>> {
    return this.once('orders', async () => {
      const participations = await this.participations();
      if (!participations.ok) throw participations.error;
      const marketplaceIds = searchableMarketplaces(participations.value.marketplaces, this.account.region);
      if (marketplaceIds.length === 0) throw new NoMarketplaceError();
      const since = new Date(this.options.clock.now() - ORDERS_SAMPLE_DAYS * 86_400_000);
      const response = await this.client().call('searchOrders', {
        query: {
          createdAfter: since.toISOString(),
          marketplaceIds,
          includedData: ['BUYER', 'RECIPIENT', 'FULFILLMENT'],
          maxResultsPerPage: 100,
        },
      });
      return response.body.orders;
    });
  }

  /**
   * createRestrictedDataToken for one data element on the generic path of the v0 operation that returns
   * it: asked one element at a time, so a refusal names the missing role by its code alone.
   */
  restrictedDataToken(element: 'shippingAddress' | 'buyerInfo'): Promise<Outcome<void>> {
    // getOrderAddress needs the shipping role, getOrderBuyerInfo the tax-invoicing role; neither takes dataElements.
    const path = `/orders/v0/orders/{orderId}/${element === 'shippingAddress' ? 'address' : 'buyerInfo'}`;
    return this.once(`rdt:${element}`, async () => {
      await this.client().call('createRestrictedDataToken', {
        body: { restrictedResources: [{ method: 'GET', path }] },
      });
    });
  }

  /**
   * One of the static sandbox's own examples (getOrders with `CreatedAfter=TEST_CASE_200`): answered by
   * the sandbox, refused as a malformed date by production.
   */
  sandboxExample(): Promise<Outcome<void>> {
    return this.once('sandbox-example', async () => {
      await this.client().call('getOrders', {
        query: { CreatedAfter: 'TEST_CASE_200', MarketplaceIds: ['ATVPDKIKX0DER'] },
      });
    });
  }

  /**
   * The first participating marketplace of the account's region, for the write-back checks' calls (each
   * asks one marketplace: a role or a seller id is the same in all of them).
   */
  async firstMarketplace(): Promise<string> {
    const participations = await this.participations();
    if (!participations.ok) throw participations.error;
    const [first] = searchableMarketplaces(participations.value.marketplaces, this.account.region);
    if (!first) throw new NoMarketplaceError();
    return first;
  }

  /**
   * searchListingsItems with the stored seller id, one item: the Product Listing role (403 without it) and
   * a seller id Amazon accepts (400 InvalidInput about the seller id otherwise), in one call.
   */
  listings(): Promise<Outcome<number>> {
    return this.once('listings', async () => {
      const marketplaceId = await this.firstMarketplace();
      const response = await this.client().call('searchListingsItems', {
        path: { sellerId: this.account.sellerId ?? '' },
        query: { marketplaceIds: [marketplaceId], pageSize: 1 },
      });
      return response.body.numberOfResults;
    });
  }

  /** getFeeds of the last 90 days, one feed: the Feeds API answers for any of its roles (403 without one). */
  feeds(): Promise<Outcome<number>> {
    return this.once('feeds', async () => {
      const response = await this.client().call('getFeeds', {
        query: { feedTypes: ['JSON_LISTINGS_FEED'], pageSize: 1 },
      });
      return response.body.feeds.length;
    });
  }

  /** getInventorySummaries in one marketplace: the Amazon Fulfillment role (403 without it). */
  inventory(): Promise<Outcome<number>> {
    return this.once('inventory', async () => {
      const marketplaceId = await this.firstMarketplace();
      const response = await this.client().call('getInventorySummaries', {
        query: {
          granularityType: 'Marketplace',
          granularityId: marketplaceId,
          marketplaceIds: [marketplaceId],
        },
      });
      return response.body.payload?.inventorySummaries.length ?? 0;
    });
  }

  private once<T>(key: string, fn: () => Promise<T>): Promise<Outcome<T>> {
    let outcome = this.memo.get(key) as Promise<Outcome<T>> | undefined;
    if (!outcome) {
      outcome = outcomeOf(fn);
      this.memo.set(key, outcome);
    }
    return outcome;
  }

  private readClock(headers: Record<string, string> | undefined): void {
    const date = headers?.date;
    if (this.clockReading || !date) return;
    const amazon = Date.parse(date);
    if (!Number.isNaN(amazon)) this.clockReading = { amazon, local: this.options.clock.now() };
  }
}

/** searchOrders found no marketplace of the account's region to search. */
export class NoMarketplaceError extends Error {
  override readonly name = 'NoMarketplaceError';
  constructor() {
    super('no participating marketplace of this region');
  }
}

/** The participations of Amazon's answer, in the shape accounts keep. */
export function parseParticipations(body: unknown): MarketplaceParticipation[] {
  const payload = (body as { payload?: unknown } | undefined)?.payload;
  if (!Array.isArray(payload)) return [];
  return payload.flatMap((entry: Record<string, Record<string, unknown> | undefined>) => {
    const marketplace = entry.marketplace;
    const participation = entry.participation;
    if (typeof marketplace?.id !== 'string') return [];
    return [
      {
        id: marketplace.id,
        countryCode: String(marketplace.countryCode ?? ''),
        name: String(marketplace.name ?? ''),
        participating: participation?.isParticipating === true,
        suspendedListings: participation?.hasSuspendedListings === true,
      },
    ];
  });
}

/** Participating marketplaces that Amazon lists for this region (searchOrders refuses the others). */
function searchableMarketplaces(marketplaces: readonly MarketplaceParticipation[], region: Region): string[] {
  return marketplaces
    .filter((m) => m.participating && m.id in MARKETPLACES && regionOfMarketplace(m.id) === region)
    .map((m) => m.id)
    .slice(0, MAX_MARKETPLACE_IDS);
}
