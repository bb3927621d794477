import os from 'node:os';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../store/schema.js';
import { isAlive } from '../store/store-lock.js';
import { type Cadence, delaySeconds } from './cadence.js';

/** Why a sync job was queued. */
export type SyncReason = 'schedule' | 'request' | 'resume';

/** A sync the scheduler queued: the job's data. */
export interface QueuedSync {
  readonly accountId: string;
  readonly reason: SyncReason;
  /** When it was due (ISO): its cadence's time, the request's, or the moment a lost run was noticed. */
  readonly dueAt: string;
}

/** How a run ended, as the schedule records it. */
export type RunOutcome =
  /** Complete, and it found new or changed orders. */
  | { readonly kind: 'changed'; readonly orders: number }
  /** Complete, and nothing was new. */
  | { readonly kind: 'idle'; readonly orders: number }
  /** Stopped by its signal (shutdown): the page in flight was abandoned; resume as soon as possible. */
  | { readonly kind: 'aborted'; readonly orders: number }
  /** Another sync (another process's `csm sync`) holds the account: try again shortly. */
  | { readonly kind: 'busy'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

/** Defaults of the schedule. */
export const SCHEDULE_DEFAULTS = {
  intervalSeconds: 300,
  maxIdleSeconds: 1800,
  /** A run that has not said it is alive for this long belongs to a process that died. */
  staleMs: 60_000,
  /** A busy account is tried again this soon. */
  busyRetryMs: 30_000,
} as const;

/**
 * Gives every seller account that has a refresh token a schedule, due now: a newly connected account is
 * synced at the scheduler's next tick.
 */
export async function ensureSchedules(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await sql`
    insert into sync_schedules (account_id, next_run_at)
    select a.id, ${now} from accounts a
    where a.kind = 'seller'
      and exists (select 1 from account_secrets s where s.account_id = a.id and s.field = 'refresh_token')
      and not exists (select 1 from sync_schedules s where s.account_id = a.id)
    on conflict (account_id) do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** The owner name of a run of this process: `host/pid/random`, so a dead owner on this host is told at once. */
export function runOwnerName(random: string): string {
  return `${os.hostname()}/${process.pid}/${random}`;
}

/**
 * Marks as lost, at once, the runs of processes of this host that are gone (killed, crashed): their
 * heartbeat is set to the epoch, so `claimDue` queues them again without waiting `staleMs`. Runs of other
 * hosts are lost when their heartbeat goes stale.
 */
export async function loseDeadRuns(db: Kysely<Database>): Promise<number> {
  const host = os.hostname();
  const rows = await db
    .selectFrom('sync_schedules')
    .select(['account_id', 'run_owner'])
    .where('run_owner', 'like', `${host}/%`)
    .execute();
  let lost = 0;
  for (const row of rows) {
    const pid = Number(row.run_owner?.split('/')[1]);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    if (isAlive({ pid, command: '', since: '', socketDir: '' })) continue;
    const result = await db
      .updateTable('sync_schedules')
      .set({ heartbeat_at: new Date(0) })
      .where('account_id', '=', row.account_id)
      .where('run_owner', '=', row.run_owner)
      .executeTakeFirst();
    lost += Number(result.numUpdatedRows);
  }
  return lost;
}

/**
 * Claims the accounts whose sync is due, requested, or whose run was lost (its process stopped saying it is
 * alive), marking a job pending for each; the caller queues the jobs in the same transaction. Rows another
 * scheduler is claiming are skipped, so any number of schedulers may tick at once.
 */
export async function claimDue(
  db: Kysely<Database>,
  now: Date,
  options: { staleMs?: number; limit?: number; accountId?: string } = {},
): Promise<QueuedSync[]> {
  const stale = new Date(now.getTime() - (options.staleMs ?? SCHEDULE_DEFAULTS.staleMs));
  const only = options.accountId === undefined ? sql`true` : sql`account_id = ${options.accountId}`;
  const { rows } = await sql<{ account_id: string; reason: SyncReason; due_at: Date }>`
    with due as (
      select account_id,
        case when pending_since is not null then 'resume'
             when next_run_at <= ${now} then 'schedule'
             else 'request' end as reason,
        case when pending_since is null and next_run_at <= ${now} then next_run_at
             when pending_since is null then requested_at
             else ${now} end as due_at
      from sync_schedules
      where ${only}
        and ((pending_since is null and (next_run_at <= ${now} or requested_at is not null))
          or (pending_since is not null and coalesce(heartbeat_at, pending_since) < ${stale}))
      order by next_run_at
      limit ${options.limit ?? 1000}
      for update skip locked
    )
    update sync_schedules s
    set pending_since = ${now}, requested_at = null, run_owner = null, heartbeat_at = null
    from due
    where s.account_id = due.account_id
    returning s.account_id, due.reason, due.due_at`.execute(db);
  return rows.map((r) => ({
    accountId: r.account_id,
    reason: r.reason,
    dueAt: new Date(r.due_at).toISOString(),
  }));
}

/** A 'sync now' request: the scheduler queues a run at its next tick, or right after the running one. */
export async function requestSync(db: Kysely<Database>, accountId: string, now: Date): Promise<void> {
  await db
    .insertInto('sync_schedules')
    .values({ account_id: accountId, next_run_at: now, requested_at: now })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ requested_at: now }))
    .execute();
}

/** A run this process started: its cadence as it was, to compute the next one from. */
export interface StartedRun extends Cadence {
  readonly startedAt: Date;
}

/**
 * Marks the run of a queued job as this process's. Undefined when the account is gone, or when another
 * live process runs it (a job queued twice): the job then has nothing to do.
 */
export async function startRun(
  db: Kysely<Database>,
  run: { accountId: string; owner: string; dueAt: Date; now: Date; staleMs?: number },
): Promise<StartedRun | undefined> {
  const stale = new Date(run.now.getTime() - (run.staleMs ?? SCHEDULE_DEFAULTS.staleMs));
  const row = await db
    .updateTable('sync_schedules')
    .set({
      run_owner: run.owner,
      heartbeat_at: run.now,
      last_started_at: run.now,
      last_due_at: run.dueAt,
      pending_since: sql<Date>`coalesce(pending_since, ${run.now})`,
    })
    .where('account_id', '=', run.accountId)
    .where((eb) =>
      eb.or([eb('run_owner', 'is', null), eb('run_owner', '=', run.owner), eb('heartbeat_at', '<', stale)]),
    )
    .returning(['interval_seconds', 'max_idle_seconds', 'idle_runs', 'failures'])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    startedAt: run.now,
    intervalSeconds: row.interval_seconds,
    maxIdleSeconds: row.max_idle_seconds,
    idleRuns: row.idle_runs,
    failures: row.failures,
  };
}

/** Says the run is alive; false when another process has taken the account over. */
export async function heartbeat(
  db: Kysely<Database>,
  accountId: string,
  owner: string,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('sync_schedules')
    .set({ heartbeat_at: now })
    .where('account_id', '=', accountId)
    .where('run_owner', '=', owner)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Records how the run ended and when the next is due: the due time plus the cadence (stretched while idle
 * or failing), at once after an abort, shortly after a busy account. A request made while it ran is kept,
 * so one more run follows; requests made before it started were served by it.
 */
export async function finishRun(
  db: Kysely<Database>,
  run: { accountId: string; owner: string; dueAt: Date; started: StartedRun; now: Date; outcome: RunOutcome },
): Promise<{ nextRunAt: Date }> {
  const { started, outcome, now } = run;
  let cadence: Cadence = started;
  let next: Date;
  switch (outcome.kind) {
    case 'changed':
    case 'idle':
      cadence = { ...started, failures: 0, idleRuns: outcome.kind === 'idle' ? started.idleRuns + 1 : 0 };
      next = new Date(run.dueAt.getTime() + delaySeconds(cadence) * 1000);
      break;
    case 'aborted':
      next = now;
      break;
    case 'busy':
      next = new Date(now.getTime() + SCHEDULE_DEFAULTS.busyRetryMs);
      break;
    case 'failed':
      cadence = { ...started, failures: started.failures + 1 };
      next = new Date(now.getTime() + delaySeconds(cadence) * 1000);
      break;
  }
  await db
    .updateTable('sync_schedules')
    .set({
      pending_since: null,
      run_owner: null,
      heartbeat_at: null,
      last_finished_at: now,
      last_outcome: outcome.kind,
      last_error: 'message' in outcome ? outcome.message : null,
      last_orders: 'orders' in outcome ? outcome.orders : null,
      idle_runs: cadence.idleRuns,
      failures: cadence.failures,
      delay_seconds: delaySeconds(cadence),
      next_run_at: next,
      requested_at: sql<Date | null>`case when requested_at > ${started.startedAt} then requested_at end`,
    })
    .where('account_id', '=', run.accountId)
    .where('run_owner', '=', run.owner)
    .execute();
  return { nextRunAt: next };
}

/** Changes an account's cadence; the next sync is due one new interval after the last start (or now). */
export async function setSchedule(
  db: Kysely<Database>,
  accountId: string,
  change: { intervalSeconds?: number; maxIdleSeconds?: number },
  now: Date,
): Promise<void> {
  const interval = change.intervalSeconds ?? SCHEDULE_DEFAULTS.intervalSeconds;
  const values = {
    ...(change.intervalSeconds === undefined
      ? {}
      : { interval_seconds: change.intervalSeconds, delay_seconds: change.intervalSeconds, idle_runs: 0 }),
    ...(change.maxIdleSeconds === undefined ? {} : { max_idle_seconds: change.maxIdleSeconds }),
  };
  await db
    .insertInto('sync_schedules')
    .values({ account_id: accountId, next_run_at: now, ...values })
    .onConflict((oc) =>
      oc.column('account_id').doUpdateSet({
        ...values,
        ...(change.intervalSeconds === undefined
          ? {}
          : {
              next_run_at: sql<Date>`least(sync_schedules.next_run_at, coalesce(sync_schedules.last_started_at, ${now}) + make_interval(secs => ${interval}))`,
            }),
      }),
    )
    .execute();
}

/** An account's schedule as `csm schedule` shows it. */
export interface ScheduleView {
  readonly account: string;
  readonly accountId: string;
  readonly intervalSeconds: number;
  readonly maxIdleSeconds: number;
  /** The cadence in force (the interval, stretched while idle or failing). */
  readonly delaySeconds: number;
  readonly nextRunAt: string;
  readonly requested: boolean;
  /** `running`: a process runs it now; `queued`: a job waits for a worker. */
  readonly state: 'running' | 'queued' | 'waiting';
  readonly lastStartedAt: string | null;
  readonly lastFinishedAt: string | null;
  readonly lastOutcome: string | null;
  readonly lastError: string | null;
  readonly lastOrders: number | null;
  /** From due to started, of the last run (the scheduler's lag). */
  readonly lastLagMs: number | null;
}

/** Every schedule, by account name. */
export async function listSchedules(db: Kysely<Database>): Promise<ScheduleView[]> {
  const rows = await db
    .selectFrom('sync_schedules as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .selectAll('s')
    .select('a.name')
    .orderBy('a.name')
    .execute();
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return rows.map((r) => ({
    account: r.name,
    accountId: r.account_id,
    intervalSeconds: r.interval_seconds,
    maxIdleSeconds: r.max_idle_seconds,
    delaySeconds: r.delay_seconds,
    nextRunAt: new Date(r.next_run_at).toISOString(),
    requested: r.requested_at !== null,
    state: r.run_owner ? 'running' : r.pending_since ? 'queued' : 'waiting',
    lastStartedAt: iso(r.last_started_at),
    lastFinishedAt: iso(r.last_finished_at),
    lastOutcome: r.last_outcome,
    lastError: r.last_error,
    lastOrders: r.last_orders,
    lastLagMs:
      r.last_started_at && r.last_due_at
        ? Math.max(0, new Date(r.last_started_at).getTime() - new Date(r.last_due_at).getTime())
        : null,
  }));
}
