import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { AccountRepository } from '../../../src/accounts/account-repository.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { asSynced, byId, groundTruth, storedOrders } from '../../orders/support/sync-harness.js';
import type { TestStore } from '../../store/support/test-stores.js';
import { testVault } from './accounts.js';
import type { EmulatorProcess } from './emulator-process.js';

const quiet = { notify: () => {} };

/** Stores one account per seller of the emulator, as `csm connect` would; returns their ids in order. */
export async function connectSellers(
  test: TestStore,
  masterKey: string,
  emulator: Pick<EmulatorProcess, 'url' | 'credentials'>,
): Promise<string[]> {
  const store = await openStore(test.config, quiet);
  try {
    const accounts = new AccountRepository(store.db, await testVault(store, masterKey));
    const ids: string[] = [];
    for (const [i, seller] of emulator.credentials.sellers.entries()) {
      const account = await accounts.add({
        name: `seller-${i + 1}`,
        kind: 'seller',
        region: seller.region,
        clientId: emulator.credentials.clientId,
        clientSecret: emulator.credentials.clientSecret,
        refreshToken: seller.refreshToken,
        sellerId: seller.sellerId,
        endpoint: emulator.url,
        marketplaces: seller.marketplaceIds.map((id) => ({
          id,
          countryCode: '',
          name: id,
          participating: true,
          suspendedListings: false,
        })),
      });
      ids.push(account.id);
    }
    return ids;
  } finally {
    await store.close();
  }
}

/**
 * What the store holds of each seller against the emulator's ground truth, both as csm asks for them and
 * sorted by order id: equal means every order present exactly once, with its latest status and items.
 */
export async function compareWithGroundTruth(
  test: TestStore,
  masterKey: string,
  emulator: EmulatorProcess,
  accountIds: readonly string[],
): Promise<{ stored: unknown[]; expected: unknown[]; orders: number }> {
  const store: Store = await openStore(test.config, { ...quiet, whenOwned: 'connect' });
  try {
    const vault = await testVault(store, masterKey);
    const stored: unknown[] = [];
    const expected: unknown[] = [];
    for (const [i, seller] of emulator.credentials.sellers.entries()) {
      stored.push(byId(await storedOrders({ store, vault }, accountIds[i]!)));
      const truth = await groundTruth({ url: emulator.url } as RunningEmulator, seller.sellerId);
      expected.push(byId(truth.map((o) => asSynced(o))));
    }
    return { stored, expected, orders: expected.flat(2).length };
  } finally {
    await store.close();
  }
}

/** Collects a child's stderr lines as they come, and waits for one that matches. */
export function stderrLines(child: ChildProcessWithoutNullStreams) {
  const lines: string[] = [];
  let buffer = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stderr.on('data', (data: Buffer) => {
    buffer += data;
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      for (const waiter of waiters.splice(0)) {
        if (waiter.pattern.test(line)) waiter.resolve(line);
        else waiters.push(waiter);
      }
      nl = buffer.indexOf('\n');
    }
  });
  return {
    lines,
    /** The first line (seen or to come) matching `pattern`; rejects if the child exits first. */
    waitFor(pattern: RegExp): Promise<string> {
      const seen = lines.find((l) => pattern.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve });
        child.once('exit', (code) =>
          reject(new Error(`exited (${code}) before a line matching ${pattern}:\n${lines.join('\n')}`)),
        );
      });
    },
  };
}
