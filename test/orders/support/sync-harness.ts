import { randomBytes } from 'node:crypto';
import { AccountRepository } from '../../../src/accounts/index.js';
import { type OpenVaultOptions, openVault, type Vault } from '../../../src/accounts/vault/index.js';
import { MARKETPLACES } from '../../../src/amazon/marketplaces.js';
import type { EmulatorOptions, RunningEmulator } from '../../../src/emulator/index.js';
import { startEmulator } from '../../../src/emulator/index.js';
import { createSpApiClient, type SpApiClient, type SpApiClientOptions } from '../../../src/index.js';
import type { AmazonOrder } from '../../../src/orders/amazon-order.js';
import { piiReader } from '../../../src/orders/repository/pii-reader.js';
import { readOrderPages } from '../../../src/orders/repository/read-orders.js';
import { type SyncTarget, syncClientOptions } from '../../../src/orders/sync/index.js';
import { openStore, type Store } from '../../../src/store/index.js';
import type { Backend, TestStore } from '../../store/support/test-stores.js';
import { freshStore } from '../../store/support/test-stores.js';
import { clientOptionsFor } from '../../support/emulator-client.js';

/** A master key for a test store, given as CSM_MASTER_KEY. */
export function testMasterKey(): string {
  return randomBytes(32).toString('base64');
}

/** A store with the vault open and one account row per emulator seller. */
export interface SyncWorld {
  readonly emulator: RunningEmulator;
  readonly test: TestStore;
  readonly store: Store;
  readonly vault: Vault;
  readonly masterKey: string;
  readonly targets: SyncTarget[];
  client(index: number, options?: Partial<SpApiClientOptions>): SpApiClient;
  close(): Promise<void>;
}

export interface WorldOptions {
  readonly backend?: Backend;
  readonly emulator?: Partial<EmulatorOptions>;
  readonly api?: SyncTarget['api'];
  readonly piiAllowed?: boolean;
}

/** Starts an emulator, a fresh store of `backend`, the vault, and an account per seller. */
export async function syncWorld(options: WorldOptions = {}): Promise<SyncWorld> {
  const emulator = await startEmulator({ rateScale: 200, ...options.emulator });
  const test = await freshStore(options.backend ?? 'pglite');
  const store = await openStore(test.config, { notify: () => {} });
  const masterKey = testMasterKey();
  const vaultOptions: OpenVaultOptions = {
    db: store.db,
    env: { CSM_MASTER_KEY: masterKey },
    dataDir: test.dataDir,
    notify: () => {},
  };
  const vault = await openVault(vaultOptions);
  const targets = await insertAccounts(store, emulator, options, vault);
  const rateScale = options.emulator?.rateScale ?? 200;
  return {
    emulator,
    test,
    store,
    vault,
    masterKey,
    targets,
    client(index, extra = {}) {
      const target = targets[index]!;
      return createSpApiClient({
        ...clientOptionsFor(emulator, index),
        ...syncClientOptions(target),
        endpoint: emulator.url,
        rateLimit: { rateScale },
        ...extra,
      });
    },
    async close() {
      await store.close();
      await test.dispose();
      await emulator.close();
    },
  };
}

/** One account row per seller of the emulator, as the accounts repository would store them. */
export async function insertAccounts(
  store: Store,
  emulator: RunningEmulator,
  options: Pick<WorldOptions, 'api' | 'piiAllowed'> = {},
  vault?: Vault,
): Promise<SyncTarget[]> {
  const targets: SyncTarget[] = [];
  for (const [i, seller] of emulator.credentials.sellers.entries()) {
    const marketplaces = seller.marketplaceIds.map((id) => ({
      id,
      countryCode: MARKETPLACES[id]?.countryCode ?? '',
      name: MARKETPLACES[id]?.name ?? id,
      participating: true,
      suspendedListings: false,
    }));
    // With the vault, as `csm connect` stores an account: through the repository, secrets sealed.
    const row = vault
      ? await new AccountRepository(store.db, vault).add({
          name: `seller-${i + 1}`,
          kind: 'seller',
          region: seller.region,
          clientId: emulator.credentials.clientId,
          clientSecret: emulator.credentials.clientSecret,
          refreshToken: seller.refreshToken,
          sellerId: seller.sellerId,
          marketplaces,
          endpoint: emulator.url,
        })
      : await store.db
          .insertInto('accounts')
          .values({
            name: `seller-${i + 1}`,
            kind: 'seller',
            region: seller.region,
            client_id: emulator.credentials.clientId,
            seller_id: seller.sellerId,
            endpoint: emulator.url,
            marketplaces: JSON.stringify(marketplaces),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
    targets.push({
      accountId: row.id,
      sellerId: seller.sellerId,
      region: seller.region,
      marketplaceIds: seller.marketplaceIds,
      api: options.api ?? '2026-01-01',
      piiAllowed: options.piiAllowed ?? true,
    });
  }
  return targets;
}

/** The emulator's ground truth for a seller: every order with every section. */
export async function groundTruth(emulator: RunningEmulator, sellerId: string): Promise<AmazonOrder[]> {
  const res = await fetch(`${emulator.url}/_emulator/orders?sellerId=${encodeURIComponent(sellerId)}`);
  if (!res.ok) throw new Error(`ground truth: HTTP ${res.status}`);
  return ((await res.json()) as { orders: AmazonOrder[] }).orders;
}

/**
 * The ground truth as csm asks for it: without `tax` (not requested: it holds buyer tax registrations) and
 * `fulfillmentOrders`, and without buyer data when PII is not allowed.
 */
export function asSynced(order: AmazonOrder, piiAllowed = true): AmazonOrder {
  const { tax: _tax, fulfillmentOrders: _fo, buyer, recipient, ...rest } = order;
  const out: AmazonOrder = { ...rest };
  if (piiAllowed && buyer) out.buyer = buyer;
  if (piiAllowed && recipient) out.recipient = recipient;
  out.orderItems = order.orderItems.map((item) => {
    const { tax: _itemTax, ...itemRest } = item;
    if (piiAllowed) return itemRest;
    const product = { ...itemRest.product };
    delete product.customization;
    const copy = { ...itemRest, product };
    const gift = copy.fulfillment?.packing?.giftOption;
    if (gift?.giftMessage !== undefined && copy.fulfillment) {
      const { giftMessage: _m, ...giftOption } = gift;
      copy.fulfillment = { ...copy.fulfillment, packing: { ...copy.fulfillment.packing, giftOption } };
    }
    return copy;
  });
  return out;
}

/** Every stored order of an account in the 2026-01-01 shape, buyer data decrypted. */
export async function storedOrders(world: Pick<SyncWorld, 'store' | 'vault'>, accountId: string) {
  const out: AmazonOrder[] = [];
  const pii = piiReader(world.store.db, world.vault);
  for await (const page of readOrderPages(world.store.db, { accountIds: [accountId] }, { pii })) {
    for (const record of page) out.push(record.order);
  }
  return out;
}

/** Stats of the emulator: 429s and errors per operation. */
export async function emulatorStats(emulator: RunningEmulator) {
  const res = await fetch(`${emulator.url}/_emulator/stats`);
  return (
    (await res.json()) as {
      operations: Record<string, { requests: number; throttled: number; errors: number }>;
    }
  ).operations;
}

/** Sets the emulator's faults (empty string clears). */
export async function setFaults(emulator: RunningEmulator, spec: string): Promise<void> {
  const res = await fetch(`${emulator.url}/_emulator/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ spec }),
  });
  if (!res.ok) throw new Error(`faults: HTTP ${res.status} ${await res.text()}`);
}

/** Simulated activity: new orders and updates, `at` a past time so searches see them at once. */
export async function activity(
  emulator: RunningEmulator,
  body: { created: number; updated: number; at?: string; sellerId?: string },
): Promise<{ created: string[]; updated: string[] }> {
  const res = await fetch(`${emulator.url}/_emulator/activity`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`activity: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as { created: string[]; updated: string[] };
}

/** Sorts orders by id, for comparisons. */
export function byId(orders: readonly AmazonOrder[]): AmazonOrder[] {
  return [...orders].sort((a, b) => (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0));
}
