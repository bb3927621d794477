import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vault } from '../../src/accounts/vault/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { openBoss } from '../../src/store/jobs/index.js';
import {
  createSubscription,
  listDeliveries,
  recordEvent,
  startWebhookDispatcher,
  type WebhookEvent,
} from '../../src/webhooks/index.js';
import { insertSellers, testMasterKey, testVault } from '../serve/support/accounts.js';
import { finished, spawnScript, waitForLine } from '../store/support/processes.js';
import { freshStore, type TestStore } from '../store/support/test-stores.js';
import { type Receiver, startReceiver } from './support/receiver.js';

describe('the webhooks dispatcher (pg-boss, as csm serve runs it)', () => {
  let test: TestStore;
  let masterKey: string;
  let accountId: string;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    test = await freshStore('pglite');
    masterKey = testMasterKey();
    const store = await openStore(test.config, { notify: () => {} });
    const vault = await testVault(store, masterKey);
    accountId = (await insertSellers(store, vault, [{ name: 'acme', sellerId: 'ACME1' }]))[0]!;
    await store.close();
  });
  afterAll(async () => {
    for (const r of receivers) await r.close();
    await test?.dispose();
  });

  async function withDispatcher(
    run: (store: Store, vault: Vault, events: WebhookEvent[]) => Promise<void>,
    options: Partial<Parameters<typeof startWebhookDispatcher>[2]> = {},
  ) {
    const store = await openStore(test.config, { notify: () => {} });
    const vault = await testVault(store, masterKey);
    const boss = await openBoss(store.db, { onError: () => {} });
    const events: WebhookEvent[] = [];
    const dispatcher = await startWebhookDispatcher(store.db, boss, {
      vault,
      sweepMs: 200,
      pollMs: 200,
      onEvent: (e) => events.push(e),
      ...options,
    });
    try {
      await run(store, vault, events);
    } finally {
      await dispatcher.stop();
      await boss.stop({ graceful: false, close: false, wait: true });
      await store.close();
    }
  }

  it('a process killed after the event commit, mid-delivery, still delivers after restart', async () => {
    // The first POST never gets an answer (the process dies meanwhile); later ones get 200.
    const r = await startReceiver((_req, i, res) => {
      if (i > 0) res.writeHead(200).end();
    });
    receivers.push(r);
    await withDispatcher(async (store, vault) => {
      await createSubscription(store.db, vault, { url: r.url, events: ['order.created'] });
    });

    const child = spawnScript('test/webhooks/support/record-and-deliver.ts', [], {
      CSM_DATA_DIR: test.dataDir,
      CSM_MASTER_KEY: masterKey,
      ACCOUNT_ID: accountId,
    });
    const exited = finished(child);
    const eventId = (await waitForLine(child, 'stdout', /^committed /)).split(' ')[1]!;
    await r.waitFor(1);
    child.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');

    await withDispatcher(
      async (store) => {
        const got = await r.waitFor(2);
        expect(JSON.parse(got[1]!.body).id).toBe(eventId);
        expect(got[1]!.headers['csm-webhook-id']).toBe(eventId);
        // The restarted process recorded its attempt as the first (the dead one's left no row).
        for (;;) {
          const [d] = await listDeliveries(store.db);
          if (d?.status === 'delivered') {
            expect(d.log.map((a) => a.outcome)).toEqual(['delivered']);
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
      { lostAfterMs: 1000 },
    );
  });

  it('retries through the queue, never before the backoff is over, and no secret reaches its events or the delivery log', async () => {
    const target = await startReceiver();
    receivers.push(target);
    let secret = '';
    // Failing twice, the second time redirecting to a URL that holds the secret; then 200.
    const r = await startReceiver((_req, i, res) => {
      if (i === 0) res.writeHead(500, { 'x-echo': secret }).end(secret);
      else if (i === 1) res.writeHead(307, { location: `${target.url}?token=${secret}` }).end();
      else res.writeHead(200).end();
    });
    receivers.push(r);
    await withDispatcher(
      async (store, vault, events) => {
        await store.db.deleteFrom('webhook_subscriptions').execute();
        const created = await createSubscription(store.db, vault, {
          url: r.url,
          events: ['shipment.failed'],
        });
        secret = created.secret;
        await store.db
          .transaction()
          .execute((trx) =>
            recordEvent(trx, { type: 'shipment.failed', accountId, subject: 'S1', data: { reason: 'test' } }),
          );
        await r.waitFor(3);
        let delivery = (await listDeliveries(store.db, { subscriptionId: created.subscription.id }))[0]!;
        while (delivery.status !== 'delivered') {
          await new Promise((resolve) => setTimeout(resolve, 100));
          delivery = (await listDeliveries(store.db, { subscriptionId: created.subscription.id }))[0]!;
        }
        expect(delivery.log.map((a) => [a.outcome, a.statusCode])).toEqual([
          ['failed', 500],
          ['failed', 307],
          ['delivered', 200],
        ]);
        const starts = delivery.log.map((a) => Date.parse(a.startedAt));
        expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(300);
        expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(1200);
        expect(target.received).toHaveLength(0);

        const everything = JSON.stringify([
          delivery,
          events,
          await store.db.selectFrom('webhook_attempts').selectAll().execute(),
        ]);
        expect(secret).toMatch(/^whsec_/);
        expect(everything).not.toContain(secret);
        expect(everything).not.toContain(secret.slice(6));
        const sealed = await store.db.selectFrom('webhook_subscriptions').select('ciphertext').execute();
        expect(JSON.stringify(sealed)).not.toContain(secret.slice(6));
      },
      { backoff: { firstMs: 300, factor: 4, jitter: 0 } },
    );
  });
});
