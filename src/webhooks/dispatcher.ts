import { type Kysely, sql } from 'kysely';
import type PgBoss from 'pg-boss';
import type { Vault } from '../accounts/vault/index.js';
import { bossExecutor, type JobPool, startJobPool } from '../store/jobs/index.js';
import type { Database } from '../store/schema.js';
import { type Clock, realClock } from '../time/clock.js';
import { checkAccountsHealth, type HealthOptions } from './account-health.js';
import { type AttemptOutcome, attemptDelivery } from './attempt-delivery.js';
import type { BackoffOptions } from './backoff.js';
import { fanOutEvents } from './fan-out.js';
import { pruneWebhookHistory } from './prune-history.js';
import { createWebhookQueue, type DeliveryJob, WEBHOOK_QUEUE } from './webhook-queue.js';

/** What the dispatcher reports; `csm serve` logs it (never a secret or a body). */
export type WebhookEvent =
  | { readonly type: 'webhook-attempt'; readonly deliveryId: string; readonly result: AttemptOutcome }
  | { readonly type: 'webhook-unhealthy'; readonly accountIds: readonly string[] }
  | { readonly type: 'webhook-error'; readonly where: string; readonly message: string };

/** Options of the dispatcher; each has a default. */
export interface DispatcherOptions {
  readonly vault: Vault;
  /** @default realClock */
  readonly clock?: Clock;
  /** Deliveries POSTed at once by this process. @default 8 */
  readonly concurrency?: number;
  /** How often the sweeper fans out new events and queues jobs missing. @default 2000 */
  readonly sweepMs?: number;
  /** How often idle workers ask pg-boss for jobs (a sweep that queues one wakes them). @default 2000 */
  readonly pollMs?: number;
  /** The POST's timeout. @default 10_000 */
  readonly timeoutMs?: number;
  readonly backoff?: BackoffOptions;
  /** A job active this long belongs to a dead process: the sweeper queues another. @default 120_000 */
  readonly lostAfterMs?: number;
  /** How often accounts' health is checked for `account.unhealthy`. @default 60_000 */
  readonly healthEveryMs?: number;
  readonly health?: Omit<HealthOptions, 'clock'>;
  readonly onEvent?: (event: WebhookEvent) => void;
}

/** A running dispatcher. */
export interface WebhookDispatcher {
  readonly name: string;
  /** Fans out, queues what has no job, checks health if due; resolves when done. */
  sweep(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The webhooks' part of `csm serve`: a sweeper that turns new events into deliveries and queues a pg-boss
 * job for every pending delivery that has no live one (and hourly deletes history past 30 days, see
 * `pruneWebhookHistory`), and a pool of workers that make the attempts. The
 * outbox rows are the truth; jobs are only the timing, so a restart (or a lost job) delivers everything
 * still pending. Several processes may run it at once on PostgreSQL.
 */
export async function startWebhookDispatcher(
  db: Kysely<Database>,
  boss: PgBoss,
  options: DispatcherOptions,
): Promise<WebhookDispatcher> {
  const clock = options.clock ?? realClock;
  const onEvent = options.onEvent ?? (() => {});
  const lostAfterMs = options.lostAfterMs ?? 120_000;
  const healthEveryMs = options.healthEveryMs ?? 60_000;
  const report = (where: string) => (error: unknown) =>
    onEvent({
      type: 'webhook-error',
      where,
      message: error instanceof Error ? error.message : String(error),
    });
  await createWebhookQueue(boss);

  const queueRetry = async (trx: Kysely<Database>, deliveryId: string, at: Date) =>
    sendJob(trx, deliveryId, at);
  const pool: JobPool = startJobPool<DeliveryJob>(
    boss,
    WEBHOOK_QUEUE,
    {
      concurrency: options.concurrency ?? 8,
      pollMs: options.pollMs ?? 2000,
      clock,
      onError: report('webhook workers'),
    },
    async (job) => {
      const result = await attemptDelivery(
        {
          db,
          vault: options.vault,
          clock,
          queueRetry,
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
          ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
        },
        job.data.deliveryId,
        job.id,
      );
      onEvent({ type: 'webhook-attempt', deliveryId: job.data.deliveryId, result });
      return { outcome: result.outcome };
    },
  );

  let lastHealth = Number.NEGATIVE_INFINITY;
  let lastPrune = Number.NEGATIVE_INFINITY;
  let sweeping: Promise<void> | undefined;
  const sweep = (): Promise<void> => {
    sweeping ??= (async () => {
      try {
        const now = () => new Date(clock.now());
        while ((await fanOutEvents(db, now())).events > 0) {}
        if (clock.now() - lastHealth >= healthEveryMs) {
          lastHealth = clock.now();
          const fired = await checkAccountsHealth(db, { ...options.health, clock });
          if (fired.length > 0) {
            onEvent({ type: 'webhook-unhealthy', accountIds: fired });
            while ((await fanOutEvents(db, now())).events > 0) {}
          }
        }
        if ((await queueMissingJobs(now())) > 0) pool.wake();
        if (clock.now() - lastPrune >= 3600_000) {
          lastPrune = clock.now();
          await pruneWebhookHistory(db, now());
        }
      } finally {
        sweeping = undefined;
      }
    })();
    return sweeping;
  };

  let stopped = false;
  let timer = clock.setTimer(0, tick);
  function tick(): void {
    sweep()
      .catch(report('webhook sweeper'))
      .finally(() => {
        if (!stopped) timer = clock.setTimer(options.sweepMs ?? 2000, tick);
      });
  }

  return {
    name: 'webhooks',
    sweep,
    async stop() {
      stopped = true;
      timer.cancel();
      await sweeping?.catch(() => {});
      await pool.stop(new Error('csm serve is stopping'));
    },
  };

  async function sendJob(trx: Kysely<Database>, deliveryId: string, at: Date): Promise<string | null> {
    const startAfter = at.getTime() > clock.now() ? at : undefined;
    return boss.send(WEBHOOK_QUEUE, { deliveryId } satisfies DeliveryJob, {
      ...(startAfter ? { startAfter } : {}),
      db: bossExecutor(trx),
    });
  }

  /** Queues a job for each pending delivery without a live one; returns how many. */
  async function queueMissingJobs(now: Date): Promise<number> {
    const lostBefore = new Date(now.getTime() - lostAfterMs);
    const orphan = sql<boolean>`(d.job_id is null or not exists (
      select 1 from pgboss.job j
      where j.name = ${WEBHOOK_QUEUE} and j.id = d.job_id
        and (j.state in ('created', 'retry') or (j.state = 'active' and j.started_on > ${lostBefore}::timestamptz))))`;
    let queued = 0;
    for (;;) {
      const n = await db.transaction().execute(async (trx) => {
        const rows = await trx
          .selectFrom('webhook_deliveries as d')
          .select(['d.id', 'd.next_attempt_at'])
          .where('d.status', '=', 'pending')
          .where(orphan)
          .orderBy('d.next_attempt_at')
          .limit(100)
          .forUpdate()
          .skipLocked()
          .execute();
        for (const row of rows) {
          const jobId = await sendJob(trx, row.id, row.next_attempt_at ?? now);
          await trx
            .updateTable('webhook_deliveries')
            .set({ job_id: jobId })
            .where('id', '=', row.id)
            .execute();
        }
        return rows.length;
      });
      queued += n;
      if (n < 100) return queued;
    }
  }
}

/**
 * The webhooks as a part of `csm serve` (a `ServePartFactory`): started after the jobs with their pg-boss
 * and store, stopped before them.
 */
export function webhooksServePart(options: DispatcherOptions) {
  return async (context: {
    readonly boss: PgBoss;
    readonly db: Kysely<Database>;
  }): Promise<WebhookDispatcher> => startWebhookDispatcher(context.db, context.boss, options);
}
