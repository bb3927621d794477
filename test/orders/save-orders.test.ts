import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVault, type Vault } from '../../src/accounts/vault/index.js';
import { orderDataKey } from '../../src/orders/pii/order-data-key.js';
import { piiReader } from '../../src/orders/repository/pii-reader.js';
import { readOrder } from '../../src/orders/repository/read-orders.js';
import { saveOrders } from '../../src/orders/repository/save-orders.js';
import { openStore, type Store } from '../../src/store/index.js';
import {
  BACKENDS,
  type Backend,
  backendAvailable,
  freshStore,
  type TestStore,
} from '../store/support/test-stores.js';
import { sampleOrder } from './support/sample-order.js';

describe.each(BACKENDS)('saveOrders on %s', (backend: Backend) => {
  const unavailable = !backendAvailable(backend);
  let test: TestStore;
  let store: Store;
  let vault: Vault;
  let accountId: string;
  let key: Buffer;

  beforeAll(async () => {
    if (unavailable) return;
    test = await freshStore(backend);
    store = await openStore(test.config, { notify: () => {} });
    vault = await openVault({
      db: store.db,
      env: { CSM_MASTER_KEY: randomBytes(32).toString('base64') },
      dataDir: test.dataDir,
      notify: () => {},
    });
    accountId = (
      await store.db
        .insertInto('accounts')
        .values({ name: 'shop', kind: 'seller', region: 'na', client_id: 'c', marketplaces: '[]' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    key = await orderDataKey(store.db, vault, accountId);
  });
  afterAll(async () => {
    await store?.close();
    await test?.dispose();
  });

  const save = (orders: ReturnType<typeof sampleOrder>[], now = Date.parse('2026-03-02T00:00:00Z')) =>
    store.db.transaction().execute((trx) =>
      saveOrders(
        trx,
        orders.map((order) => ({ api: '2026-01-01' as const, order })),
        { accountId, now, piiKey: key },
      ),
    );
  const stored = async () =>
    (await readOrder(store.db, '111-0000001-0000001', piiReader(store.db, vault)))[0];

  describe.skipIf(unavailable)(unavailable ? 'needs CSM_TEST_DATABASE_URL' : 'upserts', () => {
    it('stores an order in typed columns, its items, and its buyer data encrypted, nothing of it in the clear', async () => {
      expect(await save([sampleOrder()])).toEqual({ created: 1, updated: 0, unchanged: 0 });
      const record = await stored();
      expect(record?.order).toEqual(sampleOrder());
      expect(record?.row).toMatchObject({
        status: 'UNSHIPPED',
        fulfilled_by: 'MERCHANT',
        order_total: '39.98',
        currency: 'USD',
        is_prime: true,
        units: 2,
        ship_country: 'US',
        holding: 'new',
        version: 1,
      });
      expect(record?.items[0]).toMatchObject({
        seller_sku: 'SKU-1',
        quantity_ordered: 2,
        unit_price: '19.99',
      });
      const rawText = JSON.stringify([record?.row.raw, record?.items.map((i) => i.raw)]);
      for (const secret of ['Jane', 'Main St', 'birthday', 'custom.zip', '555'])
        expect(rawText).not.toContain(secret);
      const pii = await store.db.selectFrom('order_pii').selectAll().execute();
      expect(pii).toHaveLength(1);
      expect(pii[0]?.ciphertext.toString('utf8')).not.toContain('Jane');
    });

    it('never lets an older version replace a newer one; the same time with other content does', async () => {
      const newer = sampleOrder({
        lastUpdatedTime: '2026-03-01T12:00:00Z',
        fulfillment: { fulfillmentStatus: 'SHIPPED', fulfilledBy: 'MERCHANT' },
      });
      expect(await save([newer])).toEqual({ created: 0, updated: 1, unchanged: 0 });
      // The old version again (an overlap, a late page): nothing changes.
      expect(await save([sampleOrder()])).toEqual({ created: 0, updated: 0, unchanged: 1 });
      expect((await stored())?.row).toMatchObject({ status: 'SHIPPED', version: 2 });
      // The newer one again: unchanged too.
      expect(await save([newer])).toEqual({ created: 0, updated: 0, unchanged: 1 });
      // Same time, other content (say includedData changed): replaced, version kept.
      const same = { ...newer, programs: ['PRIME', 'AMAZON_BUSINESS'] };
      expect(await save([same])).toEqual({ created: 0, updated: 1, unchanged: 0 });
      expect((await stored())?.row).toMatchObject({ is_business: true, version: 2 });
      // Two versions in one batch: the newer wins whatever their order.
      const latest = { ...newer, lastUpdatedTime: '2026-03-01T13:00:00Z', programs: [] };
      expect(await save([latest, newer])).toEqual({ created: 0, updated: 1, unchanged: 0 });
      expect((await stored())?.order.lastUpdatedTime).toBe('2026-03-01T13:00:00Z');
    });

    it('keeps the earliest start of retention, and stores no buyer data once it is over', async () => {
      const record = await stored();
      expect(record?.row.retention_from?.toISOString()).toBe('2026-03-01T12:00:00.000Z');
      // Seen again 40 days later: retention (30 days) is over, the buyer data goes.
      const later = sampleOrder({
        lastUpdatedTime: '2026-04-10T00:00:00Z',
        fulfillment: { fulfillmentStatus: 'SHIPPED', fulfilledBy: 'MERCHANT' },
      });
      await save([later], Date.parse('2026-04-11T00:00:00Z'));
      const after = await stored();
      expect(after?.row.retention_from?.toISOString()).toBe('2026-03-01T12:00:00.000Z');
      expect(after?.order.buyer).toBeUndefined();
      expect(await store.db.selectFrom('order_pii').selectAll().execute()).toEqual([]);
    });
  });
});
