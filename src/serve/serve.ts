import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import type { ClientFor } from '../fulfillment/account-clients.js';
import { leaseOwnerName } from '../fulfillment/lease-owner.js';
import { type ShipmentWorkers, startShipmentWorkers } from '../fulfillment/shipment-workers.js';
import { type JobPool, openBoss, startJobPool } from '../store/jobs/index.js';
import type { Database } from '../store/schema.js';
import { type Clock, realClock } from '../time/clock.js';
import { createQueues, PII_CRON, PII_QUEUE, SYNC_QUEUE } from './queues.js';
import { queueSyncNow } from './request-sync.js';
import { type Scheduler, startScheduler } from './scheduler.js';
import type { ServeEvent } from './serve-event.js';
import type { SyncRunner } from './sync-runner.js';
import { type QueuedSync, runOwnerName, SCHEDULE_DEFAULTS } from './sync-schedules.js';
import { syncJobHandler } from './sync-worker.js';

/** Another part of the long-running process, started after the jobs and stopped before them. */
export interface ServePart {
  readonly name: string;
  stop(): Promise<void>;
}

/** What a part gets: the running jobs, to queue syncs and read their state. */
export interface ServeContext {
  readonly boss: PgBoss;
  readonly db: Kysely<Database>;
  /** 'Sync now' for an account (coalesced; see `queueSyncNow`). */
  requestSync(accountId: string): Promise<'queued' | 'pending'>;
}

/**
 * Starts a part of `csm serve`. The web dashboard and REST API (src/http) join here, one factory more,
 * without the jobs knowing about HTTP.
 */
export type ServePartFactory = (context: ServeContext) => Promise<ServePart>;

/** Options of `startServe`. */
export interface ServeOptions {
  readonly db: Kysely<Database>;
  /** Runs one sync of one account (the orders engine's `syncAccount` with the account's client). */
  readonly runner: SyncRunner;
  /** Deletes buyer and recipient data past its retention (the engine's `deleteExpiredPii`); returns how many orders'. */
  readonly deleteExpiredPii: () => Promise<number>;
  readonly onEvent: (event: ServeEvent) => void;
  /** Workers only: no scheduler (another `csm serve` queues the syncs). @default false */
  readonly workersOnly?: boolean;
  /** Syncs this process runs at once (they mostly wait on Amazon's rate limits). @default 10 */
  readonly concurrency?: number;
  /** How often the scheduler looks for due accounts. @default 5000 */
  readonly tickMs?: number;
  /** How often idle workers ask for jobs. @default 2000 */
  readonly pollMs?: number;
  /** A run that has not said it is alive for this long belongs to a dead process. @default 60_000 */
  readonly staleMs?: number;
  /** @default realClock */
  readonly clock?: Clock;
  readonly parts?: readonly ServePartFactory[];
  /**
   * Sends the shipments outbox (src/fulfillment): workers of its queue with a client per account, and a
   * sweep for due packages without a job. @default none
   */
  readonly shipments?: {
    readonly clientFor: ClientFor;
    /** Packages sent at once. @default 4 */
    readonly concurrency?: number;
    /** The first retry's delay (tests shorten it). @default 5000 */
    readonly retryBaseMs?: number;
  };
}

/** A running `csm serve`. */
export interface RunningServe {
  /** This process, as schedules name the owner of a run: `host/pid/random`. */
  readonly owner: string;
  readonly boss: PgBoss;
  requestSync(accountId: string): Promise<'queued' | 'pending'>;
  /** Runs the scheduler's tick now (no-op with `workersOnly`). */
  tick(): Promise<number>;
  /**
   * Stops taking jobs, aborts the running syncs (each abandons its page in flight, records `aborted` and
   * is due again at once, for whichever process comes next), stops the parts and pg-boss. The store stays
   * open: its owner closes it.
   */
  stop(reason: string): Promise<void>;
}

/**
 * The long-running process: pg-boss on the store, the scheduler (unless `workersOnly`), a pool of sync
 * workers, the daily PII deletion, and any further parts. Every process may run all of it at once; the
 * schedule and the sync's lease keep one run per account at a time across them.
 */
export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const { db, onEvent } = options;
  const clock = options.clock ?? realClock;
  const concurrency = options.concurrency ?? 10;
  const staleMs = options.staleMs ?? SCHEDULE_DEFAULTS.staleMs;
  const owner = runOwnerName(randomBytes(4).toString('hex'));
  const onError = (where: string) => (error: Error) =>
    onEvent({ type: 'error', where, message: error.message });

  const boss = await openBoss(db, {
    onError: onError('pg-boss'),
    setup: async (started) => {
      await createQueues(started);
      // Daily, at a fixed minute (one schedule, whichever process registered it last).
      if (!options.workersOnly)
        await started.schedule(PII_QUEUE, PII_CRON, {}, { tz: 'UTC', singletonKey: 'pii' });
    },
  });
  const pools: JobPool[] = [];
  let scheduler: Scheduler | undefined;
  let shipments: ShipmentWorkers | undefined;
  const parts: ServePart[] = [];
  try {
    const pollMs = options.pollMs ?? 2000;
    const syncPool = startJobPool<QueuedSync>(
      boss,
      SYNC_QUEUE,
      { concurrency, pollMs, clock, onError: onError('sync workers') },
      syncJobHandler({ db, clock, runner: options.runner, owner, staleMs, onEvent }),
    );
    pools.push(syncPool);
    pools.push(
      startJobPool(
        boss,
        PII_QUEUE,
        { concurrency: 1, pollMs: Math.max(pollMs, 10_000), clock, onError: onError('PII deletion') },
        async () => {
          const orders = await options.deleteExpiredPii();
          onEvent({ type: 'pii-deleted', orders });
          return { orders };
        },
      ),
    );
    if (options.shipments) {
      shipments = startShipmentWorkers({
        boss,
        deps: {
          db,
          clock,
          clientFor: options.shipments.clientFor,
          owner: leaseOwnerName(randomBytes(4).toString('hex')),
          onEvent: (event) => onEvent({ type: 'shipment', event }),
          ...(options.shipments.retryBaseMs === undefined
            ? {}
            : { retryBaseMs: options.shipments.retryBaseMs }),
        },
        ...(options.shipments.concurrency === undefined
          ? {}
          : { concurrency: options.shipments.concurrency }),
        pollMs,
        onError: onError('shipment workers'),
      });
    }
    if (!options.workersOnly) {
      // Once now as well: a process that is not running at the cron's minute still deletes on start.
      await boss.send(PII_QUEUE, {}, { singletonKey: 'pii' });
      scheduler = startScheduler({
        db,
        boss,
        clock,
        staleMs,
        ...(options.tickMs === undefined ? {} : { tickMs: options.tickMs }),
        onQueued: (sync) => {
          onEvent({ type: 'sync-queued', sync });
          syncPool.wake();
        },
        onError: onError('scheduler'),
      });
    }
    const requestSync = async (accountId: string) => {
      const result = await queueSyncNow(db, boss, accountId, new Date(clock.now()));
      syncPool.wake();
      return result;
    };
    for (const factory of options.parts ?? []) parts.push(await factory({ boss, db, requestSync }));
    onEvent({ type: 'started', workersOnly: options.workersOnly ?? false, concurrency, owner });

    let stopping: Promise<void> | undefined;
    return {
      owner,
      boss,
      requestSync,
      tick: () => scheduler?.tick() ?? Promise.resolve(0),
      stop(reason) {
        stopping ??= (async () => {
          onEvent({ type: 'stopping', reason, running: syncPool.running() });
          await shutdown();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await shutdown().catch(() => {});
    throw error;
  }

  async function shutdown(): Promise<void> {
    for (const part of parts.splice(0).reverse()) await part.stop().catch(onErrorOf(part.name));
    await scheduler?.stop();
    await shipments?.stop(new Error('csm serve is stopping'));
    await Promise.all(pools.splice(0).map((pool) => pool.stop(new Error('csm serve is stopping'))));
    // Every handler has settled its job: nothing is left for pg-boss to wait for.
    await boss.stop({ graceful: false, close: false, wait: true });
  }

  function onErrorOf(name: string) {
    return (error: unknown) =>
      onEvent({
        type: 'error',
        where: name,
        message: error instanceof Error ? error.message : String(error),
      });
  }
}
