import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { csm } from '../../cli/support/memory-context.js';
import { type SyncWorld, syncWorld } from '../../orders/support/sync-harness.js';

/** A row of `GET /_emulator/listings`: the ground truth of stock and price. */
export interface TruthListing {
  sku: string;
  marketplaceId: string;
  fulfillmentChannelCode: string;
  quantity: number | null;
  price: { amount: string; currencyCode: string } | null;
  updates: number;
  fnSku?: string;
  fba: { fulfillable: number } | null;
}

/** The emulator, a store with an account per seller (`seller-1`, …) as csm connect stores them, and csm. */
export interface CatalogWorld {
  readonly world: SyncWorld;
  readonly env: Record<string, string>;
  readonly sellerId: string;
  readonly marketplaceId: string;
  /** `csm ARGS --account seller-1 --marketplace MP --rate-scale SCALE` (the flags only where they apply). */
  run(args: readonly string[], options?: { target?: boolean }): ReturnType<typeof csm>;
  truth(sku?: string): Promise<TruthListing[]>;
  /** Requests per operation the emulator counted since the last reset. */
  requests(operation: string): Promise<number>;
  resetStats(): Promise<void>;
  /** Writes a file into the test's data directory and returns its path. */
  file(name: string, text: string): Promise<string>;
  close(): Promise<void>;
}

export const RATE_SCALE = 200;

export async function catalogWorld(): Promise<CatalogWorld> {
  const world = await syncWorld({ emulator: { seed: 31, orders: 40, sellers: 1, rateScale: RATE_SCALE } });
  const seller = world.emulator.credentials.sellers[0]!;
  const marketplaceId = seller.marketplaceIds[0]!;
  const env = { CSM_DATA_DIR: world.test.dataDir, CSM_MASTER_KEY: world.masterKey };
  const control = (emulator: RunningEmulator, p: string, init?: RequestInit) =>
    fetch(`${emulator.url}/_emulator${p}`, init);
  return {
    world,
    env,
    sellerId: seller.sellerId,
    marketplaceId,
    run(args, options = {}) {
      const target =
        options.target === false
          ? []
          : ['--account', 'seller-1', '--marketplace', marketplaceId, '--rate-scale', String(RATE_SCALE)];
      return csm([...args, ...target], { env });
    },
    async truth(sku) {
      const query = `sellerId=${seller.sellerId}${sku ? `&sku=${encodeURIComponent(sku)}` : ''}`;
      const res = await control(world.emulator, `/listings?${query}`);
      const rows = ((await res.json()) as { listings: TruthListing[] }).listings;
      return rows.filter((r) => r.marketplaceId === marketplaceId);
    },
    async requests(operation) {
      const res = await control(world.emulator, '/stats');
      const stats = (await res.json()) as { operations: Record<string, { requests: number }> };
      return stats.operations[operation]?.requests ?? 0;
    },
    async resetStats() {
      await control(world.emulator, '/stats', { method: 'DELETE' });
    },
    async file(name, text) {
      const p = path.join(world.test.dataDir, name);
      await writeFile(p, text);
      return p;
    },
    close: () => world.close(),
  };
}
