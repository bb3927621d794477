import { AccountRepository } from '../../../../src/accounts/account-repository.js';
import { connectAccount } from '../../../../src/accounts/connect/connect-account.js';
import type { Vault } from '../../../../src/accounts/vault/index.js';
import type { RunningEmulator } from '../../../../src/emulator/index.js';
import { createSpApiClient } from '../../../../src/index.js';
import { prepareSync, syncAccount } from '../../../../src/orders/index.js';
import type { Store } from '../../../../src/store/index.js';
import { realClock } from '../../../../src/time/clock.js';

/**
 * Connects every seller of the emulator as `csm connect` does (`seller-1`, `seller-2`, …) and runs a
 * first sync of each, as `csm sync` does: a store with real accounts and orders, buyer data encrypted.
 * Returns the account names in order.
 */
export async function seedDemoStore(
  store: Store,
  vault: Vault,
  emulator: RunningEmulator,
): Promise<string[]> {
  const accounts = new AccountRepository(store.db, vault);
  const names: string[] = [];
  const { credentials } = emulator;
  for (const [i, seller] of credentials.sellers.entries()) {
    const { account } = await connectAccount(
      accounts,
      {
        name: `seller-${i + 1}`,
        kind: 'seller',
        region: seller.region,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        refreshToken: seller.refreshToken,
        sellerId: seller.sellerId,
        endpoint: emulator.url,
        secretCreated: new Date(realClock.now() - 20 * 86_400_000).toISOString().slice(0, 10),
      },
      { clock: realClock },
    );
    const { target, client } = await prepareSync(store.db, accounts, account);
    await syncAccount({ db: store.db, client: createSpApiClient(client), clock: realClock, vault, target });
    names.push(account.name);
  }
  return names;
}
