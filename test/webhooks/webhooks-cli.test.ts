import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { verifySignature } from '../../src/webhooks/index.js';
import { csm } from '../cli/support/memory-context.js';
import { insertSellers, testMasterKey, testVault } from '../serve/support/accounts.js';
import { freshStore, type TestStore } from '../store/support/test-stores.js';
import { type Receiver, startReceiver } from './support/receiver.js';

describe('csm webhooks add, list, test, deliveries, remove', () => {
  let test: TestStore;
  let store: Store;
  let env: Record<string, string>;
  let good: Receiver;
  let bad: Receiver;

  beforeAll(async () => {
    test = await freshStore('pglite');
    store = await openStore(test.config, { notify: () => {} });
    const masterKey = testMasterKey();
    await insertSellers(store, await testVault(store, masterKey), [{ name: 'acme', sellerId: 'ACME1' }]);
    env = { CSM_DATA_DIR: test.dataDir, CSM_MASTER_KEY: masterKey };
    good = await startReceiver();
    bad = await startReceiver((_req, _i, res) => res.writeHead(500).end());
  });
  afterAll(async () => {
    await good?.close();
    await bad?.close();
    await store?.close();
    await test?.dispose();
  });

  it('refuses bad input with exit 2, naming the problem and the fix', async () => {
    const url = await csm(['webhooks', 'add', 'ftp://erp.example/x', '--events', 'order.created'], { env });
    expect(url.code).toBe(2);
    expect(url.stderr).toContain('the webhook URL must be http or https, got ftp');
    const event = await csm(['webhooks', 'add', good.url, '--events', 'order.created,order.deleted'], {
      env,
    });
    expect(event.code).toBe(2);
    expect(event.stderr).toContain(
      'unknown event order.deleted: give one or more of order.created, order.updated',
    );
    const account = await csm(
      ['webhooks', 'add', good.url, '--events', 'order.created', '--account', 'nope'],
      {
        env,
      },
    );
    expect(account.code).toBe(2);
    expect(account.stderr).toContain('no account named nope: known accounts are acme');
    const remove = await csm(['webhooks', 'remove', 'not-an-id'], { env });
    expect(remove.code).toBe(2);
    expect(remove.stderr).toContain('no webhook subscription not-an-id');
  });

  it('adds a subscription (the secret once, alone on the last line), tests it, logs the delivery, removes it', async () => {
    const add = await csm(
      ['webhooks', 'add', good.url, '--events', 'order.created, shipment.failed', '--account', 'acme'],
      {
        env,
      },
    );
    expect(add.code).toBe(0);
    const lines = add.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const secret = lines[1]!;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const id = lines[0]!.split(/\s+/)[0]!;
    expect(lines[0]).toContain(`${good.url}  order.created,shipment.failed  acme`);
    expect(add.stderr).toContain('shown this once');

    const list = await csm(['webhooks', 'list', '--json'], { env });
    expect(JSON.parse(list.stdout)).toEqual({
      webhooks: [
        {
          id,
          url: good.url,
          events: ['order.created', 'shipment.failed'],
          accountId: expect.any(String),
          accountName: 'acme',
          createdAt: expect.any(String),
        },
      ],
    });
    expect(list.stdout).not.toContain(secret);

    const sent = await csm(['webhooks', 'test', id], { env });
    expect(sent.code).toBe(0);
    expect(sent.stdout).toBe('delivered: HTTP 200\n');
    const [got] = await good.waitFor(1);
    expect(JSON.parse(got!.body)).toMatchObject({ type: 'webhook.test', accountName: 'acme' });
    expect(
      verifySignature(
        secret,
        got!.headers['csm-webhook-timestamp'] as string,
        got!.body,
        got!.headers['csm-webhook-signature'] as string,
      ),
    ).toBe(true);

    const log = await csm(['webhooks', 'deliveries'], { env });
    expect(log.code).toBe(0);
    expect(log.stdout).toMatch(/webhook\.test {2}\S+ {2}delivered {2}attempts 1/);
    expect(log.stdout).toMatch(/ {2}#1 \S+ delivered 200 \d+ ms/);

    expect((await csm(['webhooks', 'remove', id], { env })).stdout).toBe(`removed webhook ${id}\n`);
    const empty = await csm(['webhooks', 'list'], { env });
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('no subscription yet');
  });

  it('a failing test delivery exits 1 with the reason, and shows in deliveries --failed', async () => {
    const add = await csm(['webhooks', 'add', bad.url, '--events', 'order.updated'], { env });
    const id = add.stdout.split(/\s+/)[0]!;
    const sent = await csm(['webhooks', 'test', id], { env });
    expect(sent.code).toBe(1);
    expect(sent.stderr).toContain('test delivery failed: HTTP 500 Internal Server Error');
    const failed = await csm(['webhooks', 'deliveries', '--failed', '--json'], { env });
    const { deliveries } = JSON.parse(failed.stdout) as {
      deliveries: { status: string; subscriptionId: string }[];
    };
    expect(deliveries.map((d) => [d.subscriptionId, d.status])).toEqual([[id, 'failed']]);
  });
});
