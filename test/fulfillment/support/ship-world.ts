import { randomBytes } from 'node:crypto';
import { openVault } from '../../../src/accounts/vault/index.js';
import type { EmulatorOptions, RunningEmulator } from '../../../src/emulator/index.js';
import { startEmulator } from '../../../src/emulator/index.js';
import type { AmazonOrder } from '../../../src/orders/amazon-order.js';
import { syncAccount } from '../../../src/orders/sync/index.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { realClock } from '../../../src/time/clock.js';
import { groundTruth, insertAccounts } from '../../orders/support/sync-harness.js';
import { freshStore, type TestStore } from '../../store/support/test-stores.js';

/** An emulator, a store with its sellers as accounts and their orders synced, closed (csm opens it). */
export interface ShipWorld {
  readonly emulator: RunningEmulator;
  readonly test: TestStore;
  readonly env: Record<string, string>;
  readonly sellerId: string;
  /** Opens the store in this process (close it before running csm, which then owns it). */
  open(): Promise<Store>;
  truth(): Promise<AmazonOrder[]>;
  close(): Promise<void>;
}

export async function shipWorld(options: Partial<EmulatorOptions> = {}): Promise<ShipWorld> {
  const emulator = await startEmulator({ rateScale: 200, sellers: 1, ...options });
  const test = await freshStore('pglite');
  const masterKey = randomBytes(32).toString('base64');
  const store = await openStore(test.config, { notify: () => {} });
  try {
    const vault = await openVault({
      db: store.db,
      env: { CSM_MASTER_KEY: masterKey },
      dataDir: test.dataDir,
      notify: () => {},
    });
    const targets = await insertAccounts(store, emulator, {}, vault);
    const { createSpApiClient } = await import('../../../src/index.js');
    const { clientOptionsFor } = await import('../../support/emulator-client.js');
    const { syncClientOptions } = await import('../../../src/orders/sync/index.js');
    for (const [i, target] of targets.entries()) {
      const client = createSpApiClient({
        ...clientOptionsFor(emulator, i),
        ...syncClientOptions(target),
        rateLimit: { rateScale: 200 },
      });
      await syncAccount({ db: store.db, client, clock: realClock, vault, target });
    }
  } finally {
    await store.close();
  }
  const sellerId = emulator.credentials.sellers[0]?.sellerId ?? '';
  return {
    emulator,
    test,
    sellerId,
    env: { CSM_DATA_DIR: test.dataDir, CSM_MASTER_KEY: masterKey },
    open: () => openStore(test.config, { notify: () => {} }),
    truth: () => groundTruth(emulator, sellerId),
    async close() {
      await test.dispose();
      await emulator.close();
    },
  };
}

/** The emulator's confirmation ledger: `{ orderId: { packageReferenceId: { count, confirmShipment, feed } } }`. */
export async function confirmations(
  emulator: RunningEmulator,
): Promise<Record<string, Record<string, { count: number; confirmShipment: number; feed: number }>>> {
  const res = await fetch(`${emulator.url}/_emulator/stats`);
  return ((await res.json()) as { confirmations: Record<string, never> }).confirmations ?? {};
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

/** Seller-fulfilled orders Amazon takes a shipment for, most items first. */
export function unshipped(orders: readonly AmazonOrder[]): AmazonOrder[] {
  return orders
    .filter(
      (o) => o.fulfillment?.fulfilledBy === 'MERCHANT' && o.fulfillment?.fulfillmentStatus === 'UNSHIPPED',
    )
    .sort((a, b) => b.orderItems.length - a.orderItems.length || (a.orderId < b.orderId ? -1 : 1));
}
