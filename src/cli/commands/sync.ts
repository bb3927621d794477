import type { Command } from 'commander';
import { type Account, AccountRepository, isAccountError } from '../../accounts/index.js';
import { isVaultError, openVault, type Vault } from '../../accounts/vault/index.js';
import { createSpApiClient, isCsmApiError } from '../../index.js';
import {
  isSyncError,
  parseSince,
  prepareSync,
  SinceError,
  type SyncSummary,
  saveSyncSettings,
  syncAccount,
  VISIBILITY_DELAY_MS,
} from '../../orders/index.js';
import { isStoreError, openStore, resolveStoreConfig, type Store } from '../../store/index.js';
import type { OrdersApi } from '../../store/schema.js';
import { realClock } from '../../time/clock.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-code.js';
import { barReporter, lineReporter, type SyncReporter, seconds } from './sync-progress.js';

interface SyncFlags {
  account?: string;
  since?: string;
  api?: string;
  json?: boolean;
}

const APIS: readonly OrdersApi[] = ['2026-01-01', 'v0'];
/** Accounts synced at once: each seller has its own rate limits, so they do not slow one another. */
const CONCURRENT_ACCOUNTS = 8;

/**
 * `csm sync [--account NAME] [--since DATE]`: syncs the orders of one stored account, or of every seller
 * account, once (docs/sync.md). Progress goes to stderr (bars on a terminal, lines otherwise), the summary
 * of each account to stdout. SIGINT/SIGTERM stop it safely: the page in flight is abandoned, committed
 * pages stay, and the next run resumes.
 */
export function registerSyncCommand(program: Command, context: CliContext): void {
  program
    .command('sync')
    .description("sync orders from Amazon into the store, once: one account's, or every seller account's")
    .option('--account <name>', 'sync this stored account only')
    .option(
      '--since <date>',
      'start at this last-updated time instead of where the last sync ended (first sync: 30 days back): ' +
        '2026-03-01, 2026-03-01T08:00:00Z or 30d',
    )
    .option('--api <version>', `Orders API for this and later syncs of the account(s): ${APIS.join(' or ')}`)
    .option('--json', 'print each account summary as one JSON line')
    .action(async (flags: SyncFlags) => {
      const clock = realClock;
      let since: Date | undefined;
      if (flags.since !== undefined) {
        try {
          since = parseSince(flags.since, clock.now());
        } catch (error) {
          if (error instanceof SinceError) throw new CliError(error.message);
          throw error;
        }
        if (since.getTime() > clock.now() - VISIBILITY_DELAY_MS) {
          throw new CliError(
            `--since ${since.toISOString()} is within the last two minutes, which Amazon does not serve yet: ` +
              'give an earlier time',
          );
        }
      }
      const api = flags.api === undefined ? undefined : (flags.api.trim() as OrdersApi);
      if (api !== undefined && !APIS.includes(api)) {
        throw new CliError(
          `--api '${flags.api}' is not an Orders API version csm syncs: use ${APIS.join(' or ')}`,
        );
      }
      if (flags.account !== undefined && flags.account.trim() === '') {
        throw new CliError('--account needs the name of a stored account');
      }
      const store = await open(context);
      try {
        const vault = await openVault({
          db: store.db,
          env: context.env,
          dataDir: store.dataDir,
          notify: (line) => context.stderr.write(`${line}\n`),
        }).catch((error: unknown) => {
          throw isVaultError(error) ? new CliError(error.message) : error;
        });
        const repository = new AccountRepository(store.db, vault);
        const accounts = await syncableAccounts(repository, flags.account?.trim());
        if (api !== undefined) for (const a of accounts) await saveSyncSettings(store.db, a.id, { api });
        const reporter: SyncReporter = context.stderrIsTTY
          ? barReporter(context.stderr, clock)
          : lineReporter(context.stderr);
        const controller = new AbortController();
        const stop = context.waitForStop();
        void stop.stopped.then((signal) => {
          context.stderr.write(`\ncsm sync: ${signal}: stopping after the page in flight is abandoned\n`);
          controller.abort();
        });
        let results: Result[];
        try {
          results = await inBatches(accounts, CONCURRENT_ACCOUNTS, (account) =>
            runOne(store, vault, repository, account, { since, signal: controller.signal, reporter }),
          );
        } finally {
          stop.dispose();
          reporter.end();
        }
        printSummaries(context, results, flags.json === true);
        const failed = results.filter((r) => r.error !== undefined).length;
        const stopped = results.some((r) => r.summary?.outcome === 'aborted');
        if (failed > 0) {
          throw new CliError(
            `${failed} of ${results.length} account${results.length === 1 ? '' : 's'} failed (see above); ` +
              'what they committed stays, and the next csm sync resumes',
            ExitCode.failed,
          );
        }
        if (stopped) {
          throw new CliError('stopped: committed pages stay, and the next csm sync resumes', ExitCode.failed);
        }
      } finally {
        await store.close();
      }
    });
}

interface Result {
  readonly account: string;
  readonly summary?: SyncSummary;
  readonly error?: string;
}

async function runOne(
  store: Store,
  vault: Vault,
  repository: AccountRepository,
  account: Account,
  run: { since: Date | undefined; signal: AbortSignal; reporter: SyncReporter },
): Promise<Result> {
  try {
    const { target, client: options } = await prepareSync(store.db, repository, account);
    const client = createSpApiClient(options);
    const summary = await syncAccount({
      db: store.db,
      client,
      clock: realClock,
      vault,
      target,
      signal: run.signal,
      ...(run.since ? { since: run.since } : {}),
      onProgress: (event) => run.reporter.event(account.name, event),
    });
    return { account: account.name, summary };
  } catch (error) {
    const message =
      isSyncError(error) ||
      isCsmApiError(error) ||
      isVaultError(error) ||
      isStoreError(error) ||
      isAccountError(error)
        ? error.message
        : error instanceof Error
          ? error.message
          : String(error);
    run.reporter.failed(account.name, message);
    return { account: account.name, error: message };
  }
}

/**
 * The accounts to sync, from the accounts repository: the one named, or every seller account (vendor
 * accounts have no orders to sync).
 */
async function syncableAccounts(repository: AccountRepository, name: string | undefined): Promise<Account[]> {
  let accounts: Account[];
  try {
    accounts = name === undefined ? await repository.list() : [await repository.get(name)];
  } catch (error) {
    if (isAccountError(error)) {
      throw new CliError(
        error.code === 'ACCOUNT_NOT_FOUND' ? `--account ${name}: ${error.message}` : error.message,
      );
    }
    throw error;
  }
  if (name !== undefined && accounts[0]?.kind !== 'seller') {
    throw new CliError(`account ${name} is a vendor account: csm syncs the orders of seller accounts`);
  }
  const sellers = accounts.filter((a) => a.kind === 'seller');
  if (sellers.length === 0) throw new CliError('no seller account is stored: connect one with csm connect');
  return sellers;
}

function printSummaries(context: CliContext, results: readonly Result[], json: boolean): void {
  if (json) {
    for (const r of results) {
      context.stdout.write(`${JSON.stringify(r.summary ? { account: r.account, ...r.summary } : r)}\n`);
    }
    return;
  }
  const rows = results.map((r) =>
    r.summary
      ? [
          r.account,
          r.summary.outcome,
          String(r.summary.pages),
          String(r.summary.orders),
          String(r.summary.created),
          String(r.summary.updated),
          String(r.summary.rechecked),
          String(r.summary.throttled),
          r.summary.watermark ?? '',
          seconds(r.summary.durationMs),
        ]
      : [r.account, 'failed', '', '', '', '', '', '', '', ''],
  );
  const headers = [
    'ACCOUNT',
    'OUTCOME',
    'PAGES',
    'ORDERS',
    'NEW',
    'UPDATED',
    'RECHECKED',
    '429S',
    'SYNCED UP TO',
    'TIME',
  ];
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')}\n`;
  context.stdout.write(line(headers) + rows.map(line).join(''));
}

async function open(context: CliContext): Promise<Store> {
  try {
    return await openStore(resolveStoreConfig(context.env), {
      notify: (line) => context.stderr.write(`${line}\n`),
      whenOwned: 'connect',
    });
  } catch (error) {
    if (isStoreError(error)) {
      throw new CliError(error.message, error.code === 'STORE_CONFIG' ? ExitCode.usage : ExitCode.failed);
    }
    throw error;
  }
}

/** Runs `work` over `items`, at most `limit` at a time, keeping their order in the results. */
async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
