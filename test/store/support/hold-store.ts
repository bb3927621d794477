/**
 * A process that owns a store until its stdin closes (or SIGTERM), for the lock tests. Prints
 * `ready PID` on stdout once the store is open; exits 3 with the store's message when it cannot open it.
 * Reads CSM_DATA_DIR / CSM_DATABASE_URL like csm; HOLD_ACCOUNT names an account to insert first.
 */
import { isStoreError, openStore, resolveStoreConfig } from '../../../src/store/index.js';

const notify = (line: string) => process.stderr.write(`${line}\n`);
let store: Awaited<ReturnType<typeof openStore>>;
try {
  store = await openStore(resolveStoreConfig(process.env), { notify });
} catch (error) {
  if (!isStoreError(error)) throw error;
  notify(error.message);
  process.exit(3);
}
if (process.env.HOLD_ACCOUNT) {
  await store.db
    .insertInto('accounts')
    .values({
      name: process.env.HOLD_ACCOUNT,
      kind: 'seller',
      region: 'na',
      client_id: 'c',
      marketplaces: '[]',
    })
    .execute();
}
const stop = async () => {
  await store.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.stdin.once('end', stop);
process.stdin.resume();
process.stdout.write(`ready ${process.pid}\n`);
