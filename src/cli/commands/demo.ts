import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { connectAccount } from '../../accounts/connect/connect-account.js';
import { type OpenedAccounts, openAccounts } from '../../accounts/open-accounts.js';
import { MARKETPLACES } from '../../amazon/marketplaces.js';
import { type RunningEmulator, startEmulator } from '../../emulator/index.js';
import { addUser, httpServePart } from '../../http/index.js';
import { deleteExpiredPii } from '../../orders/index.js';
import {
  accountSyncRunner,
  type RunningServe,
  type ServeEvent,
  setSchedule,
  startServe,
} from '../../serve/index.js';
import { realClock } from '../../time/clock.js';
import type { CliContext } from '../context.js';
import { serveLog } from './serve-log.js';

/** Seconds between two syncs of a demo account (a real account's default is 5 minutes). */
const DEMO_EVERY_S = 20;
/** The emulator's rates, times Amazon's: the first sync's pages come in seconds, still paced. */
const DEMO_RATE_SCALE = 20;
const DEMO_ORDERS_PER_SELLER = 150;
/** The dashboard's port when it is free; another free one otherwise. */
const DEMO_PORT = 8080;
/** The demo's one user: an admin who may reveal the (emulated) buyer data. */
const DEMO_USER = 'demo';

/**
 * `csm demo`: csm end to end on this machine, nothing to set up and nothing sent to Amazon. In a throwaway
 * data directory it starts the built-in SP-API emulator with two sellers whose buyers keep ordering
 * (`--activity`), connects both accounts as `csm connect` does, and runs `csm serve` in this process: the
 * first sync's progress, then every order that comes in or changes, one line each on stdout, until Ctrl-C.
 * Then it removes the directory and says how to do the same with a real account.
 */
export function registerDemoCommand(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description(
      'see csm work against the built-in emulator: two sellers, a first sync, then live orders (Ctrl-C ends)',
    )
    .option(
      '--activity <per-minute>',
      'order changes the emulated buyers and Amazon make per minute',
      perMinute,
      12,
    )
    .option(
      '--port <port>',
      `the dashboard's port (default ${DEMO_PORT}, or a free one when it is taken)`,
      port,
    )
    .action(async (flags: { activity: number; port?: number }) => {
      const say = (line: string) => context.stderr.write(`csm demo: ${line}\n`);
      const stop = context.waitForStop();
      const dir = mkdtempSync(path.join(os.tmpdir(), 'csm-demo-'));
      let emulator: RunningEmulator | undefined;
      let opened: OpenedAccounts | undefined;
      let serve: RunningServe | undefined;
      try {
        say(`a throwaway data directory: ${dir} (removed when the demo ends)`);
        emulator = await startEmulator({
          sellers: 2,
          orders: DEMO_ORDERS_PER_SELLER,
          activity: flags.activity,
          rateScale: DEMO_RATE_SCALE,
        });
        say(
          `the offline Amazon (csm's SP-API emulator) listens on ${emulator.url}: 2 sellers with ` +
            `${DEMO_ORDERS_PER_SELLER} orders each, and ${flags.activity} order changes a minute`,
        );
        // Only the demo's own directory: never CSM_DATABASE_URL, CSM_MASTER_KEY or the user's data directory.
        opened = await openAccounts({
          env: { CSM_DATA_DIR: dir },
          notify: (line) => say(line.replace(/^csm: /, '')),
        });
        const { accounts, store, vault } = opened;
        const names = new Map<string, string>();
        const credentials = emulator.credentials;
        for (const [i, seller] of credentials.sellers.entries()) {
          const name = `demo-${seller.region}`;
          const { account } = await connectAccount(
            accounts,
            {
              name,
              kind: 'seller',
              region: seller.region,
              clientId: credentials.clientId,
              clientSecret: credentials.clientSecret,
              refreshToken: seller.refreshToken,
              sellerId: seller.sellerId,
              applicationId: credentials.applicationId,
              endpoint: emulator.url,
              secretCreated: new Date(realClock.now()).toISOString().slice(0, 10),
            },
            { clock: realClock },
          );
          names.set(account.id, name);
          const countries = account.marketplaces
            .map((m) => MARKETPLACES[m.id]?.countryCode ?? m.id)
            .join(', ');
          say(`connected ${name}: seller ${i + 1} (${seller.sellerId}), marketplaces ${countries}`);
          await setSchedule(
            store.db,
            account.id,
            { intervalSeconds: DEMO_EVERY_S, maxIdleSeconds: DEMO_EVERY_S },
            new Date(realClock.now()),
          );
        }

        // One user with a password made here and shown once: the store is thrown away with the demo.
        const password = randomBytes(12).toString('base64url');
        await addUser(store.db, { name: DEMO_USER, password, admin: true, pii: true });
        const dashboardPort = flags.port ?? ((await portIsFree(DEMO_PORT)) ? DEMO_PORT : 0);
        let dashboard = '';
        const feed = orderFeed(opened, names, context);
        const log = serveLog(store.db, context.stderr, { prefix: 'csm demo' });
        const firstDone = new Set<string>();
        serve = await startServe({
          db: store.db,
          runner: accountSyncRunner({
            db: store.db,
            vault,
            clock: realClock,
            client: { rateLimit: { rateScale: DEMO_RATE_SCALE } },
          }),
          deleteExpiredPii: () => deleteExpiredPii({ db: store.db, clock: realClock }),
          concurrency: 2,
          tickMs: 1000,
          pollMs: 500,
          parts: [
            httpServePart({
              host: '127.0.0.1',
              port: dashboardPort,
              vault,
              clock: realClock,
              onListening: (url) => {
                dashboard = url;
              },
            }),
          ],
          onEvent: (event) => {
            const account = 'accountId' in event ? event.accountId : undefined;
            if (event.type === 'started' || event.type === 'sync-queued') return;
            if (account === undefined || !firstDone.has(account)) log.onEvent(event);
            else if (event.type === 'sync-end' && event.outcome.kind === 'failed') log.onEvent(event);
            feed.onEvent(event);
            if (
              event.type === 'sync-end' &&
              account &&
              !firstDone.has(account) &&
              event.outcome.kind !== 'failed'
            ) {
              firstDone.add(account);
              const orders = 'orders' in event.outcome ? event.outcome.orders : 0;
              const all = firstDone.size === names.size;
              // After the log's own line for this event.
              void log.idle().then(() => {
                say(`${names.get(account)}: first sync imported ${orders} orders`);
                if (!all) return;
                say(`dashboard: ${dashboard}`);
                say(
                  `sign in as ${DEMO_USER} with the password ${password} (shown once; it ends with the demo)`,
                );
                say(
                  `waiting for new orders: the emulated buyers change ${flags.activity} orders a minute, Amazon lists ` +
                    `a change 2 minutes after it happens, and csm syncs each account every ${DEMO_EVERY_S} s. ` +
                    'New and changed orders appear below as they come in; Ctrl-C ends the demo.',
                );
              });
            }
          },
        });
        say(`csm serve runs in this process: syncing both accounts now, then every ${DEMO_EVERY_S} s`);
        const signal = await stop.stopped;
        await serve.stop(signal);
        serve = undefined;
        await log.idle();
        await feed.idle();
        say(
          `${feed.counts().created} new and ${feed.counts().updated} changed orders came in after the first syncs`,
        );
      } finally {
        stop.dispose();
        await serve?.stop('the demo failed');
        await opened?.close();
        await emulator?.close();
        rmSync(dir, { recursive: true, force: true });
      }
      context.stderr.write(REAL_ACCOUNT);
    });
}

const REAL_ACCOUNT = `
To do the same with a real seller account:
  npx csm connect          the wizard: your app's LWA credentials and the seller's authorization, checked
                           with Amazon and stored encrypted (docs/connect.md)
  npx csm serve            syncs every seller account every 5 minutes until stopped (docs/sync.md);
                           csm schedule shows when, csm schedule set --every changes it; the dashboard
                           at http://127.0.0.1:8080/ (csm users add NAME --admin, docs/dashboard.md)
  npx csm orders list      what came in; csm orders export --format csv|json|ndjson hands it to your ERP
`;

/** The demo's data on stdout: one line per order that came in or changed after an account's first sync. */
function orderFeed(opened: OpenedAccounts, names: ReadonlyMap<string, string>, context: CliContext) {
  const { db } = opened.store;
  const runStarts = new Map<string, Date>();
  const seenFirst = new Set<string>();
  const counts = { created: 0, updated: 0 };
  let queue: Promise<void> = Promise.resolve();
  const print = async (accountId: string, since: Date): Promise<void> => {
    const rows = await db
      .selectFrom('orders')
      .select([
        'order_id',
        'status',
        'units',
        'order_total',
        'currency',
        'first_seen_at',
        'last_updated_time',
      ])
      .where('account_id', '=', accountId)
      .where('synced_at', '>=', since)
      .orderBy('last_updated_time')
      .execute();
    for (const row of rows) {
      const created = row.first_seen_at >= since;
      counts[created ? 'created' : 'updated'] += 1;
      const total = row.order_total === null ? '' : `  ${row.currency ?? ''} ${row.order_total}`;
      context.stdout.write(
        `${row.last_updated_time.toISOString().slice(11, 19)}  ${names.get(accountId) ?? accountId}  ${row.order_id}  ` +
          `${created ? 'new    ' : 'changed'}  ${(row.status ?? '?').padEnd(18)}  ${row.units} unit${row.units === 1 ? '' : 's'}${total}\n`,
      );
    }
  };
  return {
    onEvent(event: ServeEvent) {
      if (event.type === 'sync-start') runStarts.set(event.accountId, new Date(realClock.now()));
      if (event.type !== 'sync-end') return;
      const { accountId } = event;
      if (!seenFirst.has(accountId)) {
        if (event.outcome.kind === 'changed' || event.outcome.kind === 'idle') seenFirst.add(accountId);
        return;
      }
      const since = runStarts.get(accountId);
      if (event.outcome.kind === 'changed' && since) {
        queue = queue.then(() => print(accountId, since)).catch(() => {});
      }
    },
    idle: () => queue,
    counts: () => counts,
  };
}

/** Whether nothing listens on a loopback port (checked just before the dashboard takes it). */
function portIsFree(wanted: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(wanted, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

function port(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new InvalidArgumentError(
      `--port expects a port number from 0 to 65535 (0: any free one), got '${text}'.`,
    );
  }
  return n;
}

function perMinute(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 6000) {
    throw new InvalidArgumentError(
      `--activity expects order changes per minute from 0 to 6000, got '${text}'.`,
    );
  }
  return n;
}
