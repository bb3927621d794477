import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateMasterKey, reencryptAll, Vault } from '../../src/accounts/vault/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { realClock } from '../../src/time/clock.js';
import {
  attemptDelivery,
  createSubscription,
  fanOutEvents,
  HEADER_ID,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  listDeliveries,
  pruneWebhookHistory,
  recordEvent,
  retryDelayMs,
  verifySignature,
  webhookFailureCount,
} from '../../src/webhooks/index.js';
import { insertSellers, testMasterKey, testVault } from '../serve/support/accounts.js';
import {
  BACKENDS,
  type Backend,
  backendAvailable,
  freshStore,
  type TestStore,
} from '../store/support/test-stores.js';
import { type Receiver, startReceiver } from './support/receiver.js';

describe.each(BACKENDS)('webhook deliveries to a loopback receiver, on %s', (backend: Backend) => {
  const unavailable = !backendAvailable(backend);
  let test: TestStore;
  let store: Store;
  let vault: Vault;
  let accountId: string;
  const receivers: Receiver[] = [];
  const itIf = it.skipIf(unavailable);
  const deps = () => ({ db: store.db, vault, clock: realClock });

  beforeAll(async () => {
    if (unavailable) return;
    test = await freshStore(backend);
    store = await openStore(test.config, { notify: () => {} });
    vault = await testVault(store, testMasterKey());
    accountId = (await insertSellers(store, vault, [{ name: 'acme', sellerId: 'ACME1' }]))[0]!;
  });
  afterAll(async () => {
    for (const r of receivers) await r.close();
    await store?.close();
    await test?.dispose();
  });
  beforeEach(async () => {
    if (unavailable) return;
    await store.db.deleteFrom('webhook_subscriptions').execute();
    await store.db.deleteFrom('events').execute();
  });

  async function receiver(...args: Parameters<typeof startReceiver>) {
    const r = await startReceiver(...args);
    receivers.push(r);
    return r;
  }

  /** An order.created event of the account, fanned out; returns the ids of its deliveries. */
  async function event(subject = '111-0000001-0000001', at?: Date): Promise<string[]> {
    await store.db.transaction().execute((trx) =>
      recordEvent(trx, {
        type: 'order.created',
        accountId: accountId!,
        subject,
        data: { orderId: subject, status: 'UNSHIPPED' },
        ...(at ? { at } : {}),
      }),
    );
    await fanOutEvents(store.db, new Date());
    const rows = await store.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('events as e', 'e.id', 'd.event_id')
      .select('d.id')
      .where('e.subject', '=', subject)
      .execute();
    return rows.map((r) => r.id);
  }

  itIf(
    'signs each delivery: the signature verifies with the secret, not with another, and carries a timestamp',
    async () => {
      const r = await receiver();
      const { secret } = await createSubscription(store.db, vault, { url: r.url, events: ['order.created'] });
      const other = await createSubscription(store.db, vault, { url: r.url, events: ['order.created'] });
      const [id] = await event();
      expect(await attemptDelivery(deps(), id!)).toMatchObject({
        outcome: 'delivered',
        attempt: 1,
        statusCode: 200,
      });

      const [got] = await r.waitFor(1);
      const timestamp = got!.headers[HEADER_TIMESTAMP.toLowerCase()] as string;
      const signature = got!.headers[HEADER_SIGNATURE.toLowerCase()] as string;
      expect(timestamp).toMatch(/^\d{10}$/);
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(600);
      expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
      expect(verifySignature(secret, timestamp, got!.body, signature)).toBe(true);
      expect(verifySignature(other.secret, timestamp, got!.body, signature)).toBe(false);
      // Re-dated or altered, it no longer verifies.
      expect(verifySignature(secret, String(Number(timestamp) + 1), got!.body, signature)).toBe(false);
      expect(verifySignature(secret, timestamp, got!.body.replace('UNSHIPPED', 'SHIPPED'), signature)).toBe(
        false,
      );

      const body = JSON.parse(got!.body);
      expect(body).toEqual({
        id: got!.headers[HEADER_ID.toLowerCase()],
        type: 'order.created',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        accountName: 'acme',
        data: { orderId: '111-0000001-0000001', status: 'UNSHIPPED' },
      });
      expect(got!.headers['content-type']).toBe('application/json');
    },
  );

  itIf('fans out by event type and account: one delivery per matching subscription', async () => {
    const r = await receiver();
    await createSubscription(store.db, vault, { url: r.url, events: ['order.created', 'order.updated'] });
    await createSubscription(store.db, vault, { url: r.url, events: ['order.created'], accountName: 'acme' });
    await createSubscription(store.db, vault, { url: r.url, events: ['shipment.failed'] });
    expect(await event('111-0000002-0000002')).toHaveLength(2);
    await store.db
      .transaction()
      .execute((trx) => recordEvent(trx, { type: 'order.created', accountId: null, subject: 'x', data: {} }));
    expect(await fanOutEvents(store.db, new Date())).toEqual({ events: 1, deliveries: 1 });
    expect(await fanOutEvents(store.db, new Date())).toEqual({ events: 0, deliveries: 0 });
  });

  itIf(
    'retries a failing receiver with growing delays: failing twice then 200 makes three attempts, all logged',
    async () => {
      const r = await receiver((_req, i, res) => res.writeHead(i < 2 ? 503 : 200).end());
      await createSubscription(store.db, vault, { url: r.url, events: ['order.created'] });
      const [id] = await event('111-0000003-0000003');
      const results = [];
      // Each call is the job the previous attempt queued, run when due.
      for (let i = 0; i < 3; i++) results.push(await attemptDelivery(deps(), id!));
      expect(results.map((x) => x.outcome)).toEqual(['retry', 'retry', 'delivered']);
      expect(r.received).toHaveLength(3);

      const [delivery] = await listDeliveries(store.db, {});
      expect(delivery).toMatchObject({
        status: 'delivered',
        attempts: 3,
        lastStatusCode: 200,
        lastError: null,
      });
      expect(delivery!.log.map((a) => [a.attempt, a.outcome, a.statusCode, a.error])).toEqual([
        [1, 'failed', 503, 'HTTP 503 Service Unavailable'],
        [2, 'failed', 503, 'HTTP 503 Service Unavailable'],
        [3, 'delivered', 200, null],
      ]);
      // The wait planned after each failure grows (30 s and 2 min, with jitter).
      const waits = results.slice(0, 2).map((x, i) => {
        if (x.outcome !== 'retry') throw new Error('expected a retry');
        return x.nextAttemptAt.getTime() - Date.parse(delivery!.log[i]!.startedAt);
      });
      expect(waits[0]).toBeGreaterThanOrEqual(24_000);
      expect(waits[1]).toBeGreaterThan(waits[0]!);
      // A delivery done is done: its job run again does nothing.
      expect(await attemptDelivery(deps(), id!)).toEqual({ outcome: 'skipped' });
      expect(r.received).toHaveLength(3);
    },
  );

  itIf(
    'backs off exponentially with jitter up to a cap, and gives up three days after the event',
    async () => {
      const plain = [1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, {}, 0.5));
      expect(plain).toEqual([30_000, 120_000, 480_000, 1_920_000, 7_680_000, 21_600_000, 21_600_000]);
      expect(retryDelayMs(1, {}, 0)).toBe(24_000);
      expect(retryDelayMs(1, {}, 0.999_999)).toBeLessThanOrEqual(36_000);

      const r = await receiver((_req, _i, res) => res.writeHead(500).end());
      await createSubscription(store.db, vault, { url: r.url, events: ['order.created'] });
      const [id] = await event('111-0000004-0000004', new Date(Date.now() - 3 * 86_400_000 + 10_000));
      expect(await attemptDelivery(deps(), id!)).toMatchObject({
        outcome: 'failed',
        attempt: 1,
        error: 'HTTP 500 Internal Server Error',
      });
      const failed = await listDeliveries(store.db, { failed: true });
      expect(failed.map((d) => [d.subject, d.status])).toEqual([['111-0000004-0000004', 'failed']]);
      expect((await webhookFailureCount(store.db)).givenUp).toBeGreaterThanOrEqual(1);
    },
  );

  itIf(
    'never follows a redirect: a 302 is a failure naming the Location host, and the target receives nothing',
    async () => {
      const target = await receiver();
      const targetHost = new URL(target.url).host;
      const r = await receiver((_req, _i, res) =>
        res.writeHead(302, { location: `${target.url}?from=csm` }).end(),
      );
      await createSubscription(store.db, vault, { url: r.url, events: ['order.created'] });
      const [id] = await event('111-0000005-0000005');
      const result = await attemptDelivery(deps(), id!);
      expect(result).toMatchObject({ outcome: 'retry', attempt: 1 });
      const [delivery] = await listDeliveries(store.db, {});
      expect(delivery!.status).toBe('pending');
      expect(delivery!.log[0]).toMatchObject({ outcome: 'failed', statusCode: 302 });
      expect(delivery!.lastError).toContain(targetHost);
      expect(delivery!.lastError).toMatch(/redirect \(HTTP 302\) to 127\.0\.0\.1:\d+ not followed/);
      expect(r.received).toHaveLength(1);
      expect(target.received).toHaveLength(0);
    },
  );

  itIf('an unreachable receiver and one that never answers are failures with a reason', async () => {
    const hang = await receiver(() => {});
    const closed = await startReceiver();
    await closed.close();
    await createSubscription(store.db, vault, { url: hang.url, events: ['order.created'] });
    await createSubscription(store.db, vault, { url: closed.url, events: ['order.created'] });
    const ids = await event('111-0000006-0000006');
    for (const id of ids) await attemptDelivery({ ...deps(), timeoutMs: 200 }, id);
    const errors = (await listDeliveries(store.db, {})).map((d) => d.lastError).sort();
    expect(errors).toEqual([
      expect.stringMatching(/^could not reach 127\.0\.0\.1:\d+: ECONNREFUSED$/),
      expect.stringMatching(/^no answer from 127\.0\.0\.1:\d+ within 0\.2 s$/),
    ]);
  });

  itIf(
    'a vault key rotation re-seals the subscriptions’ secrets: deliveries are signed with the same secret',
    async () => {
      const r = await receiver();
      const { secret } = await createSubscription(store.db, vault, { url: r.url, events: ['order.created'] });
      const next = generateMasterKey();
      expect(await reencryptAll(store.db, vault.key, next)).toBeGreaterThanOrEqual(3);
      vault = new Vault(next, 'env');
      const [id] = await event('111-0000007-0000007');
      expect(await attemptDelivery(deps(), id!)).toMatchObject({ outcome: 'delivered' });
      const [got] = await r.waitFor(1);
      const h = got!.headers;
      expect(
        verifySignature(
          secret,
          h['csm-webhook-timestamp'] as string,
          got!.body,
          h['csm-webhook-signature'] as string,
        ),
      ).toBe(true);
    },
  );

  itIf('deletes history past 30 days, but never an event with a delivery still pending', async () => {
    const old = new Date(Date.now() - 40 * 86_400_000);
    const r = await receiver((_req, _i, res) => res.writeHead(500).end());
    await event('111-0000008-0000001', old);
    await createSubscription(store.db, vault, { url: r.url, events: ['order.created'] });
    const [pending] = await event('111-0000008-0000002', old);
    await event('111-0000008-0000003');
    expect(await pruneWebhookHistory(store.db, new Date())).toBe(1);
    const left = await store.db.selectFrom('events').select('subject').orderBy('subject').execute();
    expect(left.map((e) => e.subject)).toEqual(['111-0000008-0000002', '111-0000008-0000003']);
    expect(pending).toBeDefined();
  });
});
