import { randomBytes } from 'node:crypto';
import { openVault, type Vault } from '../../../src/accounts/vault/index.js';
import type { Store } from '../../../src/store/index.js';

/** A master key for a test store. */
export function testMasterKey(): string {
  return randomBytes(32).toString('base64');
}

/** The vault of a test store, under `masterKey`. */
export function testVault(store: Store, masterKey: string): Promise<Vault> {
  return openVault({
    db: store.db,
    env: { CSM_MASTER_KEY: masterKey },
    dataDir: store.dataDir,
    notify: () => {},
  });
}

/** A seller account row with a client secret and a refresh token, as `csm connect` leaves one. */
export interface SellerSeed {
  readonly name: string;
  readonly sellerId: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly refreshToken?: string;
  readonly endpoint?: string | null;
  readonly marketplaceIds?: readonly string[];
  readonly region?: 'na' | 'eu' | 'fe';
}

/** Inserts seller accounts with their secrets sealed by the vault; returns their ids in order. */
export async function insertSellers(
  store: Store,
  vault: Vault,
  sellers: readonly SellerSeed[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const seller of sellers) {
    const row = await store.db
      .insertInto('accounts')
      .values({
        name: seller.name,
        kind: 'seller',
        region: seller.region ?? 'na',
        client_id: seller.clientId ?? 'amzn1.application-oa2-client.test',
        seller_id: seller.sellerId,
        endpoint: seller.endpoint ?? null,
        marketplaces: JSON.stringify((seller.marketplaceIds ?? ['ATVPDKIKX0DER']).map((id) => ({ id }))),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await vault.put(store.db, row.id, 'client_secret', seller.clientSecret ?? 'amzn1.oa2-cs.v1.test');
    await vault.put(store.db, row.id, 'refresh_token', seller.refreshToken ?? `Atzr|test-${seller.sellerId}`);
    ids.push(row.id);
  }
  return ids;
}
