import { type Command, InvalidArgumentError } from 'commander';
import { isVaultError, openVault } from '../../accounts/vault/index.js';
import { accountClients } from '../../fulfillment/account-clients.js';
import {
  createSetupToken,
  HTTP_DEFAULTS,
  httpServePart,
  isLoopbackHost,
  SpApiCounters,
} from '../../http/index.js';
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
  readonly host?: string;
  readonly port?: number;
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
    .option(
      '--host <address>',
      `address the dashboard and REST API listen on (env CSM_HOST; default ${HTTP_DEFAULTS.host}, this machine only)`,
    )
    .option(
      '--port <n>',
      `port of the dashboard and REST API, 0 for any free one (env CSM_PORT; default ${HTTP_DEFAULTS.port})`,
      integer('--port', 0, 65535),
    )
    .action(async (flags: ServeFlags) => {
      if (flags.workersOnly && flags.concurrency === 0) {
        throw new CliError(
          '--workers-only with --concurrency 0 would do nothing: give a concurrency of 1 or more',
        );
      }
      const retentionDays = flags.piiRetentionDays ?? retentionFromEnv(context.env);
      const listen = flags.workersOnly ? undefined : listenAddress(flags, context.env);
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
        if (listen && !isLoopbackHost(listen.host)) {
          notify(
            `csm serve: warning: listening on ${listen.host}, reachable from other machines: ` +
              'put it behind a TLS proxy (docs/http-api.md), or use --host 127.0.0.1',
          );
        }
        const db = store.db;
        const spApiCounters = new SpApiCounters();
        const serve = await startServe({
          db,
          runner: accountSyncRunner({
            db,
            vault,
            clock: realClock,
            onAccountEvent: (accountId, event) => spApiCounters.record(accountId, event),
          }),
          deleteExpiredPii: () => deleteExpiredPii({ db, clock: realClock, retentionDays }),
          workersOnly: flags.workersOnly === true,
          concurrency: flags.concurrency,
          onEvent: log.onEvent,
          shipments: { clientFor: accountClients(db, vault, realClock) },
          parts: [
            webhooksPart(vault, context.stderr, 'csm serve'),
            ...(listen
              ? [
                  httpServePart({
                    ...listen,
                    vault,
                    clock: realClock,
                    spApiCounters,
                    // One JSON line per request on stderr, without headers, queries or bodies.
                    log: { write: (line: string) => context.stderr.write(line) },
                    onListening: async (url) => {
                      notify(`csm serve: dashboard at ${url}`);
                      const token = await createSetupToken(db, new Date(realClock.now()));
                      if (token)
                        notify(
                          `csm serve: no users yet: create the first admin at ${url}setup?token=${token} ` +
                            '(works once, for 24 hours; or csm users add NAME --admin)',
                        );
                    },
                  }),
                ]
              : []),
          ],
        }).catch((error: unknown) => {
          throw listenError(error, listen) ?? error;
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

/**
 * Where the HTTP server listens: flags, else `CSM_HOST` / `CSM_PORT`, else 127.0.0.1:8080. A host other
 * than loopback is allowed (behind a TLS proxy, in a container) but said on stderr: the API holds buyer data.
 */
function listenAddress(
  flags: ServeFlags,
  env: Readonly<Record<string, string | undefined>>,
): { host: string; port: number } {
  const host = flags.host?.trim() || env.CSM_HOST?.trim() || HTTP_DEFAULTS.host;
  let port = flags.port;
  const portText = env.CSM_PORT?.trim();
  if (port === undefined && portText) {
    const n = Number(portText);
    if (!Number.isInteger(n) || n < 0 || n > 65535)
      throw new CliError(`CSM_PORT must be a port number from 0 to 65535, got '${portText}'`);
    port = n;
  }
  return { host, port: port ?? HTTP_DEFAULTS.port };
}

/** A port in use or an address not of this machine, as a message with the fix. */
function listenError(
  error: unknown,
  listen: { host: string; port: number } | undefined,
): CliError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (!listen) return undefined;
  if (code === 'EADDRINUSE')
    return new CliError(
      `port ${listen.port} on ${listen.host} is already in use (another csm serve?): pick another with --port, or --port 0 for any free one`,
    );
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new CliError(`cannot listen on ${listen.host}: not an address of this machine; check --host`);
  if (code === 'EACCES')
    return new CliError(`not allowed to listen on port ${listen.port}: use a port above 1023 with --port`);
  return undefined;
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
