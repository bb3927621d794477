import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncAccount } from '../../src/orders/sync/index.js';
import { realClock } from '../../src/time/clock.js';
import {
  asSynced,
  byId,
  groundTruth,
  type SyncWorld,
  storedOrders,
  syncWorld,
} from './support/sync-harness.js';

describe('syncAccount against the emulator (PGlite)', () => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await syncWorld({ emulator: { seed: 11, orders: 230, sellers: 1 } });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('a first sync stores exactly the ground truth: every order once, items, buyer and recipient', async () => {
    const target = world.targets[0]!;
    const summary = await syncAccount({
      db: world.store.db,
      client: world.client(0),
      clock: realClock,
      vault: world.vault,
      target,
    });
    expect(summary.outcome).toBe('complete');
    expect(summary.pages).toBe(3);
    expect(summary.created).toBe(230);
    expect(summary.throttled).toBe(0);
    const truth = await groundTruth(world.emulator, target.sellerId);
    const stored = await storedOrders(world, target.accountId);
    expect(byId(stored)).toEqual(byId(truth.map((o) => asSynced(o))));
  });
});
