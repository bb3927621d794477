import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { accountHealth, checkAccountsHealth } from '../../src/webhooks/index.js';
import { insertSellers, testMasterKey, testVault } from '../serve/support/accounts.js';
import { freshStore, type TestStore } from '../store/support/test-stores.js';
import { createFakeClock } from '../support/fake-clock.js';

describe('account health and account.unhealthy', () => {
  let test: TestStore;
  let store: Store;
  let ids: string[];
  const clock = createFakeClock(Date.parse('2026-06-01T12:00:00Z'));
  const unhealthyEvents = () =>
    store.db
      .selectFrom('events')
      .select(['subject', 'data'])
      .where('type', '=', 'account.unhealthy')
      .orderBy('seq')
      .execute();

  beforeAll(async () => {
    test = await freshStore('pglite');
    store = await openStore(test.config, { notify: () => {} });
    const vault = await testVault(store, testMasterKey());
    ids = await insertSellers(store, vault, [
      { name: 'fresh', sellerId: 'S1' },
      { name: 'old-secret', sellerId: 'S2' },
      { name: 'revoked', sellerId: 'S3' },
    ]);
    // Created 2026-01-01 + 180 days = 2026-06-30: 29 days left. 2025-12-10 + 180 = 2026-06-08: 7 days left.
    await store.db
      .updateTable('accounts')
      .set({ secret_created: '2026-01-01' })
      .where('id', '=', ids[0]!)
      .execute();
    await store.db
      .updateTable('accounts')
      .set({ secret_created: '2025-12-10' })
      .where('id', '=', ids[1]!)
      .execute();
  });
  afterAll(async () => {
    await store?.close();
    await test?.dispose();
  });

  it('derives the reasons: a secret expiring within 14 days, a revoked refresh token, failing syncs', async () => {
    expect(await accountHealth(store.db, ids[0]!, { clock })).toMatchObject({
      accountName: 'fresh',
      healthy: true,
      reasons: [],
      secretExpiresOn: '2026-06-30',
    });
    expect(await accountHealth(store.db, ids[1]!, { clock })).toMatchObject({
      healthy: false,
      reasons: [{ code: 'secret_expiring', message: expect.stringContaining('expires on 2026-06-08') }],
    });
    await store.db
      .insertInto('order_sync_state')
      .values({
        account_id: ids[2]!,
        last_error:
          'LWA refused the refresh token: invalid_grant (The request has an invalid grant parameter)',
        last_error_at: new Date(clock.now()),
      })
      .execute();
    expect((await accountHealth(store.db, ids[2]!, { clock }))?.reasons.map((r) => r.code)).toEqual([
      'refresh_token_revoked',
    ]);
  });

  it('fires account.unhealthy on the transition only, and again when a new reason appears', async () => {
    expect((await checkAccountsHealth(store.db, { clock })).sort()).toEqual([ids[1]!, ids[2]!].sort());
    expect(await checkAccountsHealth(store.db, { clock })).toEqual([]);
    const fired = await unhealthyEvents();
    expect(fired).toHaveLength(2);
    expect(fired.find((e) => e.subject === ids[1])?.data).toMatchObject({
      accountName: 'old-secret',
      newReasons: ['secret_expiring'],
      secretExpiresOn: '2026-06-08',
    });

    // The fresh account's syncs start failing: three in a row make it unhealthy.
    await store.db
      .insertInto('sync_schedules')
      .values({
        account_id: ids[0]!,
        next_run_at: new Date(clock.now()),
        failures: 3,
        last_outcome: 'failed',
        last_error: 'HTTP 503',
      })
      .execute();
    expect(await checkAccountsHealth(store.db, { clock })).toEqual([ids[0]!]);
    // Healthy again, then failing again: a new transition.
    await store.db.updateTable('sync_schedules').set({ failures: 0, last_outcome: 'changed' }).execute();
    expect(await checkAccountsHealth(store.db, { clock })).toEqual([]);
    await store.db.updateTable('sync_schedules').set({ failures: 4, last_outcome: 'failed' }).execute();
    expect(await checkAccountsHealth(store.db, { clock })).toEqual([ids[0]!]);
    expect(await unhealthyEvents()).toHaveLength(4);
  });
});
