/**
 * A `csm serve` stand-in for the restart test: opens the store (CSM_DATA_DIR, CSM_MASTER_KEY), records an
 * event of account ACCOUNT_ID in a transaction, prints `committed EVENT_ID`, then runs the webhooks'
 * dispatcher until it is killed.
 */
import { openVault } from '../../../src/accounts/vault/index.js';
import { openStore, resolveStoreConfig } from '../../../src/store/index.js';
import { openBoss } from '../../../src/store/jobs/index.js';
import { recordEvent, startWebhookDispatcher } from '../../../src/webhooks/index.js';

const store = await openStore(resolveStoreConfig(process.env), { notify: () => {} });
const vault = await openVault({ db: store.db, env: process.env, dataDir: store.dataDir, notify: () => {} });
const eventId = await store.db.transaction().execute((trx) =>
  recordEvent(trx, {
    type: 'order.created',
    accountId: process.env.ACCOUNT_ID!,
    subject: '111-0000009-0000009',
    data: { orderId: '111-0000009-0000009', status: 'UNSHIPPED' },
  }),
);
process.stdout.write(`committed ${eventId}\n`);
const boss = await openBoss(store.db, { onError: () => {} });
await startWebhookDispatcher(store.db, boss, { vault, sweepMs: 200, pollMs: 200 });
