import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import { bossExecutor } from '../store/jobs/index.js';
import type { Database } from '../store/schema.js';
import type { Clock } from '../time/clock.js';
import { SYNC_QUEUE } from './queues.js';
import {
  claimDue,
  ensureSchedules,
  loseDeadRuns,
  type QueuedSync,
  SCHEDULE_DEFAULTS,
} from './sync-schedules.js';

/** Options of `startScheduler`. */
export interface SchedulerOptions {
  readonly db: Kysely<Database>;
  readonly boss: PgBoss;
  readonly clock: Clock;
  /** How often due accounts are looked for. @default 5000 */
  readonly tickMs?: number;
  /** A run silent for this long is lost and queued again. @default 60_000 */
  readonly staleMs?: number;
  /** Each sync queued (for logs and for waking this process's workers). */
  readonly onQueued: (sync: QueuedSync) => void;
  /** A failed tick (the store unreachable for a moment); the next tick tries again. */
  readonly onError: (error: Error) => void;
}

/** A running scheduler. */
export interface Scheduler {
  /** Looks for due accounts now; resolves with how many syncs it queued. */
  tick(): Promise<number>;
  /** Stops ticking; resolves when a tick in progress has ended. */
  stop(): Promise<void>;
}

/**
 * Queues a sync job for every account that is due. Each tick claims the due accounts and queues their jobs
 * in one transaction (the job exists exactly when the claim does), skipping rows another scheduler holds:
 * every `csm serve` may run one, and none queues an account twice.
 */
export function startScheduler(options: SchedulerOptions): Scheduler {
  const { db, boss, clock } = options;
  const tickMs = options.tickMs ?? 5000;
  let stopped = false;
  let running: Promise<number> = Promise.resolve(0);
  let timer: { cancel(): void } | undefined;

  const tickOnce = async (): Promise<number> => {
    const now = new Date(clock.now());
    await ensureSchedules(db, now);
    await loseDeadRuns(db);
    const queued = await db.transaction().execute(async (trx) => {
      const due = await claimDue(trx, now, { staleMs: options.staleMs ?? SCHEDULE_DEFAULTS.staleMs });
      for (const sync of due) {
        await boss.send(SYNC_QUEUE, { ...sync }, { singletonKey: sync.accountId, db: bossExecutor(trx) });
      }
      return due;
    });
    for (const sync of queued) options.onQueued(sync);
    return queued.length;
  };

  const tick = (): Promise<number> => {
    running = running.then(tickOnce, tickOnce);
    return running;
  };
  const loop = (): void => {
    if (stopped) return;
    tick()
      .catch((error: unknown) => options.onError(error instanceof Error ? error : new Error(String(error))))
      .finally(() => {
        if (!stopped) timer = clock.setTimer(tickMs, loop);
      });
  };
  loop();

  return {
    tick,
    async stop() {
      stopped = true;
      timer?.cancel();
      await running.catch(() => 0);
    },
  };
}
