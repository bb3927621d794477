import { type Command, InvalidArgumentError } from 'commander';
import { isVaultError, openVault } from '../../accounts/vault/index.js';
import { deleteExpiredPii, MAX_PII_RETENTION_DAYS } from '../../orders/index.js';
import { accountSyncRunner, startServe } from '../../serve/index.js';
import {
  isStoreError,
  openStore,
  redactDatabaseUrl,
  resolveStoreConfig,
  type Store,
} from '../../store/index.js';
import { realClock } from '../../time/clock.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-code.js';
import { serveLog } from './serve-log.js';
import { webhooksPart } from './webhooks-part.js';

interface ServeFlags {
  readonly workersOnly?: boolean;
  readonly concurrency: number;
  readonly piiRetentionDays?: number;
}

/**
 * `csm serve`: the long-running process. The scheduler queues each seller account's sync on its cadence
 * (`csm schedule`), the workers run them (at most one per account at a time, whichever process runs it),
 * and buyer data past its retention is deleted daily. With `--workers-only` (several processes on one
 * PostgreSQL, on one machine or many) it only runs the workers. Logs go to stderr; SIGINT or SIGTERM stops
 * it: running syncs abandon their page in flight (committed pages stay) and it exits 0.
 */
export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('run the scheduler and the sync workers until stopped (see docs/sync.md)')
    .option('--workers-only', 'run only the workers (scale-out on PostgreSQL: another csm serve schedules)')
    .option(
      '--concurrency <n>',
      'syncs this process runs at once (0: schedule only, with workers in other processes)',
      integer('--concurrency', 0, 200),
      10,
    )
    .option(
      '--pii-retention-days <n>',
      `days after delivery that buyer data is kept, 0 to ${MAX_PII_RETENTION_DAYS} (env CSM_PII_RETENTION_DAYS; default ${MAX_PII_RETENTION_DAYS})`,
      integer('--pii-retention-days', 0, MAX_PII_RETENTION_DAYS),
    )
    .action(async (flags: ServeFlags) => {
      if (flags.workersOnly && flags.concurrency === 0) {
        throw new CliError(
          '--workers-only with --concurrency 0 would do nothing: give a concurrency of 1 or more',
        );
      }
      const retentionDays = flags.piiRetentionDays ?? retentionFromEnv(context.env);
      const notify = (line: string) => context.stderr.write(`${line}\n`);
      const config = resolveStoreConfigOrFail(context);
      // Listen before anything long: a stop during the start is a stop, not a killed process.
      const stop = context.waitForStop();
      let store: Store | undefined;
      try {
        store = await openStore(config, { notify }).catch((error: unknown) => {
          throw isStoreError(error) ? new CliError(error.message, storeExitCode(error.code)) : error;
        });
        const vault = await openVault({
          db: store.db,
          env: context.env,
          dataDir: store.dataDir,
          notify,
        }).catch((error: unknown) => {
          throw isVaultError(error) ? new CliError(error.message) : error;
        });
        const log = serveLog(store.db, context.stderr, { prefix: 'csm serve' });
        notify(
          `csm serve: store: ${config.backend === 'postgres' ? `PostgreSQL at ${redactDatabaseUrl(config.url)}` : `embedded, in ${config.dataDir}`}` +
            `; buyer data kept ${retentionDays} days after delivery`,
        );
        const db = store.db;
        const serve = await startServe({
          db,
          runner: accountSyncRunner({ db, vault, clock: realClock }),
          deleteExpiredPii: () => deleteExpiredPii({ db, clock: realClock, retentionDays }),
          workersOnly: flags.workersOnly === true,
          concurrency: flags.concurrency,
          onEvent: log.onEvent,
          parts: [webhooksPart(vault, context.stderr, 'csm serve')],
        });
        const signal = await stop.stopped;
        await serve.stop(signal);
        await log.idle();
        notify('csm serve: stopped');
      } finally {
        stop.dispose();
        await store?.close();
      }
    });
}

function resolveStoreConfigOrFail(context: CliContext) {
  try {
    return resolveStoreConfig(context.env);
  } catch (error) {
    if (isStoreError(error)) throw new CliError(error.message);
    throw error;
  }
}

function retentionFromEnv(env: Readonly<Record<string, string | undefined>>): number {
  const text = env.CSM_PII_RETENTION_DAYS?.trim();
  if (!text) return MAX_PII_RETENTION_DAYS;
  const days = Number(text);
  if (!Number.isInteger(days) || days < 0 || days > MAX_PII_RETENTION_DAYS) {
    throw new CliError(
      `CSM_PII_RETENTION_DAYS must be a whole number of days from 0 to ${MAX_PII_RETENTION_DAYS} ` +
        `(Amazon allows at most ${MAX_PII_RETENTION_DAYS} after delivery), got '${text}'`,
    );
  }
  return days;
}

function integer(flag: string, min: number, max: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${flag} expects a whole number from ${min} to ${max}, got '${text}'.`);
    }
    return n;
  };
}

function storeExitCode(code: string): number {
  return code === 'STORE_LOCKED' || code === 'STORE_UNAVAILABLE' ? ExitCode.failed : ExitCode.usage;
}
