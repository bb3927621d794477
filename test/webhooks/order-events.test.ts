import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncAccount } from '../../src/orders/sync/index.js';
import type { SyncDeps } from '../../src/orders/sync/sync-types.js';
import { realClock } from '../../src/time/clock.js';
import { activity, type SyncWorld, syncWorld } from '../orders/support/sync-harness.js';

describe('order events from a sync against the emulator', () => {
  let world: SyncWorld;
  const deps = (): SyncDeps => ({
    db: world.store.db,
    client: world.client(0),
    clock: realClock,
    vault: world.vault,
    target: world.targets[0]!,
  });
  const events = (type: string) =>
    world.store.db
      .selectFrom('events')
      .select(['subject', 'account_id', 'data', 'created_at'])
      .where('type', '=', type)
      .orderBy('seq')
      .execute();

  beforeAll(async () => {
    world = await syncWorld({ emulator: { seed: 5, orders: 60, sellers: 1 } });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('order.created fires once per new order, in the page’s transaction, and a sync that changes nothing fires none', async () => {
    const summary = await syncAccount(deps());
    expect(summary.created).toBe(60);
    const created = await events('order.created');
    const stored = await world.store.db.selectFrom('orders').select(['order_id', 'status']).execute();
    expect(created.map((e) => e.subject).sort()).toEqual(stored.map((o) => o.order_id).sort());
    expect(new Set(created.map((e) => e.subject)).size).toBe(60);
    expect(created.every((e) => e.account_id === world.targets[0]!.accountId)).toBe(true);
    const first = created[0]!;
    const order = stored.find((o) => o.order_id === first.subject)!;
    expect(first.data).toMatchObject({
      orderId: order.order_id,
      status: order.status,
      previousStatus: null,
      version: 1,
    });
    expect(await events('order.updated')).toEqual([]);

    await syncAccount(deps());
    expect(await events('order.created')).toHaveLength(60);
    expect(await events('order.updated')).toEqual([]);
  });

  it('order.updated fires on a status change, with the status before and after; new orders fire order.created', async () => {
    const at = new Date(Date.now() - 3 * 60_000).toISOString();
    const changed = await activity(world.emulator, { created: 3, updated: 4, at });
    const before = new Map(
      (await world.store.db.selectFrom('orders').select(['order_id', 'status']).execute()).map((o) => [
        o.order_id,
        o.status,
      ]),
    );
    const summary = await syncAccount(deps());
    expect(summary.created).toBe(3);

    const updated = await events('order.updated');
    expect(updated.map((e) => e.subject).sort()).toEqual([...new Set(changed.updated)].sort());
    for (const e of updated) {
      const now = await world.store.db
        .selectFrom('orders')
        .select(['status', 'version'])
        .where('order_id', '=', e.subject!)
        .executeTakeFirstOrThrow();
      expect(e.data).toMatchObject({ orderId: e.subject, status: now.status, version: now.version });
      expect(e.data.previousStatus).toBe(before.get(e.subject!));
    }
    expect(updated.some((e) => e.data.status !== e.data.previousStatus)).toBe(true);
    const created = await events('order.created');
    expect(created).toHaveLength(63);
    expect(
      created
        .slice(60)
        .map((e) => e.subject)
        .sort(),
    ).toEqual([...changed.created].sort());
  });
});
