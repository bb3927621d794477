/**
 * A sync process for the SIGKILL test: opens the store (PGlite owner, or PostgreSQL) and the vault from the
 * environment, and syncs one account against the emulator. Prints `ready` once the store is open, `page N`
 * after each committed page and `done` when its work is complete.
 *
 * SYNC_MODE=churn: resumes whatever window is in progress, then re-syncs the whole history again and again
 * (until killed), so kills land at every stage of a window. SYNC_MODE=final: resumes and completes the
 * window in progress, then one incremental sync, and exits 0.
 */
import { openVault } from '../../../src/accounts/vault/index.js';
import { createSpApiClient } from '../../../src/index.js';
import { type SyncTarget, syncAccount, syncClientOptions } from '../../../src/orders/sync/index.js';
import { openStore, resolveStoreConfig } from '../../../src/store/index.js';
import { realClock } from '../../../src/time/clock.js';

const env = process.env;
const need = (name: string): string => {
  const value = env[name];
  if (!value) throw new Error(`sync-child: ${name} is not set`);
  return value;
};
const target = JSON.parse(need('SYNC_TARGET')) as SyncTarget;
const store = await openStore(resolveStoreConfig(env), { notify: () => {} });
const vault = await openVault({ db: store.db, env, dataDir: store.dataDir, notify: () => {} });
const client = createSpApiClient({
  endpoint: need('EMULATOR_URL'),
  lwaEndpoint: `${need('EMULATOR_URL')}/auth/o2/token`,
  clientId: need('CLIENT_ID'),
  clientSecret: need('CLIENT_SECRET'),
  refreshToken: need('REFRESH_TOKEN'),
  ...syncClientOptions(target),
  rateLimit: { rateScale: Number(need('RATE_SCALE')) },
});
process.stdout.write('ready\n');
const base = {
  db: store.db,
  client,
  clock: realClock,
  vault,
  target,
  options: { pageSize: Number(need('PAGE_SIZE')) },
  onProgress: (e: { type: string; page?: number }) => {
    if (e.type === 'page') process.stdout.write(`page ${e.page}\n`);
  },
};
const history = new Date(Date.now() - 40 * 86_400_000);
if (env.SYNC_MODE === 'final') {
  let summary = await syncAccount(base);
  while (summary.outcome !== 'complete') summary = await syncAccount(base);
  await syncAccount(base);
  process.stdout.write('done\n');
  await store.close();
  process.exit(0);
}
await syncAccount(base);
for (;;) await syncAccount({ ...base, since: history });
