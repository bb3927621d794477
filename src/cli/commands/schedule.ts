import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { Kysely } from 'kysely';
import {
  ensureSchedules,
  listSchedules,
  queueSyncNow,
  type ScheduleView,
  setSchedule,
} from '../../serve/index.js';
import { type Database, isStoreError, openStore, resolveStoreConfig, type Store } from '../../store/index.js';
import { openBoss } from '../../store/jobs/index.js';
import { realClock } from '../../time/clock.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-code.js';

/** Shortest and longest cadence `--every` takes. */
const MIN_EVERY_S = 10;
const MAX_EVERY_S = 86_400;

/**
 * `csm schedule`: when `csm serve` syncs each account. `csm schedule` lists the schedules, `csm schedule set`
 * changes an account's cadence, `csm schedule run` asks for a sync now (requests coalesce: see
 * docs/sync.md). Works while `csm serve` runs, through its socket on the embedded store.
 */
export function registerScheduleCommand(program: Command, context: CliContext): void {
  const schedule = program
    .command('schedule')
    .description(
      "list when csm serve syncs each account (`set` changes an account's cadence, `run` syncs now)",
    )
    .option('--json', 'print the schedules as JSON lines')
    .action(async (flags: { json?: boolean }) => {
      await withStore(context, async (store) => {
        await ensureSchedules(store.db, new Date(realClock.now()));
        const views = await listSchedules(store.db);
        if (flags.json) {
          for (const view of views) context.stdout.write(`${JSON.stringify(view)}\n`);
          return;
        }
        context.stdout.write(table(views));
      });
    });

  schedule
    .command('set')
    .description("change an account's sync cadence")
    .requiredOption('--account <name>', 'the account')
    .option(
      '--every <duration>',
      `sync this often: 30s, 5m, 1h (${MIN_EVERY_S}s to 24h; default 5m)`,
      duration('--every'),
    )
    .option(
      '--idle-max <duration>',
      'while nothing changes, let the cadence stretch up to this (default 30m; equal to --every: never)',
      duration('--idle-max'),
    )
    .action(async (flags: { account: string; every?: number; idleMax?: number }) => {
      if (flags.every === undefined && flags.idleMax === undefined) {
        throw new CliError('csm schedule set: give --every, --idle-max or both (e.g. --every 10m)');
      }
      await withStore(context, async (store) => {
        const id = await accountId(store.db, flags.account);
        await setSchedule(
          store.db,
          id,
          {
            ...(flags.every === undefined ? {} : { intervalSeconds: flags.every }),
            ...(flags.idleMax === undefined ? {} : { maxIdleSeconds: flags.idleMax }),
          },
          new Date(realClock.now()),
        );
        const view = (await listSchedules(store.db)).find((v) => v.accountId === id)!;
        context.stdout.write(
          `${view.account}: every ${seconds(view.intervalSeconds)}, stretching to ${seconds(view.maxIdleSeconds)} ` +
            `while idle; next ${view.nextRunAt}\n`,
        );
      });
    });

  schedule
    .command('run')
    .description('ask csm serve to sync now (all accounts, or one): repeated requests coalesce')
    .option('--account <name>', 'only this account')
    .action(async (flags: { account?: string }) => {
      await withStore(context, async (store) => {
        const now = new Date(realClock.now());
        await ensureSchedules(store.db, now);
        const targets = flags.account
          ? [{ id: await accountId(store.db, flags.account), name: flags.account }]
          : (await listSchedules(store.db)).map((v) => ({ id: v.accountId, name: v.account }));
        if (targets.length === 0) {
          throw new CliError('no account to sync: connect one first (csm connect)', ExitCode.failed);
        }
        const boss = await openBoss(store.db, {
          maintain: false,
          onError: (error) => context.stderr.write(`csm schedule: ${error.message}\n`),
        });
        try {
          for (const target of targets) {
            const answer = await queueSyncNow(store.db, boss, target.id, now);
            context.stdout.write(
              answer === 'queued'
                ? `${target.name}: sync queued\n`
                : `${target.name}: a sync is queued or running; one more follows it\n`,
            );
          }
        } finally {
          await boss.stop({ graceful: false, close: false });
        }
        context.stderr.write(
          'csm schedule: csm serve runs queued syncs (csm schedule shows how they went)\n',
        );
      });
    });
}

async function withStore(context: CliContext, run: (store: Store) => Promise<void>): Promise<void> {
  const notify = (line: string) => context.stderr.write(`${line}\n`);
  let store: Store;
  try {
    store = await openStore(resolveStoreConfig(context.env), { notify, whenOwned: 'connect' });
  } catch (error) {
    if (isStoreError(error)) {
      const busy = error.code === 'STORE_LOCKED' || error.code === 'STORE_UNAVAILABLE';
      throw new CliError(error.message, busy ? ExitCode.failed : ExitCode.usage);
    }
    throw error;
  }
  try {
    await run(store);
  } finally {
    await store.close();
  }
}

async function accountId(db: Kysely<Database>, name: string): Promise<string> {
  const row = await db
    .selectFrom('accounts')
    .select(['id', 'kind'])
    .where('name', '=', name)
    .executeTakeFirst();
  if (row?.kind === 'seller') return row.id;
  if (row)
    throw new CliError(`--account ${name} is a vendor account: only seller accounts have orders to sync`);
  const known = (await db.selectFrom('accounts').select('name').orderBy('name').execute()).map((r) => r.name);
  throw new CliError(
    `--account ${name}: no stored account has that name; ` +
      (known.length > 0
        ? `the stored ones are ${known.join(', ')}`
        : 'none is stored yet: connect one with csm connect'),
  );
}

/** Parses `90`, `30s`, `5m`, `1h` into seconds within the allowed range. */
function duration(flag: string) {
  return (text: string): number => {
    const match = /^(\d+(?:\.\d+)?)\s*(s|m|h)?$/.exec(text.trim());
    const unit = { s: 1, m: 60, h: 3600 }[(match?.[2] ?? 's') as 's' | 'm' | 'h'];
    const value = match ? Math.round(Number(match[1]) * unit) : Number.NaN;
    if (!Number.isFinite(value) || value < MIN_EVERY_S || value > MAX_EVERY_S) {
      throw new InvalidArgumentError(
        `${flag} expects a duration from ${MIN_EVERY_S}s to 24h such as 30s, 5m or 1h, got '${text}'.`,
      );
    }
    return value;
  };
}

function seconds(s: number): string {
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

function table(views: readonly ScheduleView[]): string {
  const head = ['ACCOUNT', 'EVERY', 'NOW EVERY', 'NEXT', 'STATE', 'LAST', 'ORDERS', 'LAG'];
  const rows = views.map((v) => [
    v.account,
    seconds(v.intervalSeconds),
    seconds(v.delaySeconds),
    v.requested ? 'requested' : v.nextRunAt,
    v.state,
    v.lastOutcome ? `${v.lastOutcome}${v.lastError ? `: ${v.lastError}` : ''}` : '-',
    v.lastOrders === null ? '-' : String(v.lastOrders),
    v.lastLagMs === null ? '-' : `${(v.lastLagMs / 1000).toFixed(1)}s`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `${cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()}\n`;
  return [head, ...rows].map(line).join('');
}
