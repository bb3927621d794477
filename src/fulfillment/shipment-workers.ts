import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import { type JobPool, startJobPool } from '../store/jobs/job-pool.js';
import type { Database } from '../store/schema.js';
import type { Clock, Timer } from '../time/clock.js';
import { type SendDeps, sendPackage } from './send-package.js';
import { enqueuePackages, type QueuedPackage, SHIPMENT_QUEUE } from './shipment-queue.js';

/** Options of `startShipmentWorkers`. */
export interface ShipmentWorkersOptions {
  readonly boss: PgBoss;
  readonly deps: SendDeps;
  /** Packages sent at once by this process (each waits on the seller's confirmShipment rate). @default 4 */
  readonly concurrency?: number;
  /** How often idle workers ask for jobs. @default 2000 */
  readonly pollMs?: number;
  /**
   * How often the store is swept for packages that are due without a job: written without one (csm ship
   * sending itself, then stopped), or claimed by a process that died.
   * @default 30_000
   */
  readonly sweepMs?: number;
  readonly onError: (error: Error) => void;
}

/** The running shipment workers of a `csm serve`. */
export interface ShipmentWorkers {
  wake(): void;
  /** Queues a job for every due package without one; resolves with how many were due. */
  sweep(): Promise<number>;
  stop(reason: unknown): Promise<void>;
}

/**
 * Works the shipment queue: each job sends its package (`sendPackage`: claim, reconcile when needed,
 * confirmShipment, record); a package due again later (throttled, a 5xx, a lost answer) gets a new job
 * at that time. A sweep, at start and every `sweepMs`, queues the due packages that have no job.
 */
export function startShipmentWorkers(options: ShipmentWorkersOptions): ShipmentWorkers {
  const { boss, deps } = options;
  const pool: JobPool = startJobPool<QueuedPackage>(
    boss,
    SHIPMENT_QUEUE,
    {
      concurrency: options.concurrency ?? 4,
      pollMs: options.pollMs ?? 2000,
      clock: deps.clock,
      onError: options.onError,
    },
    async (job) => {
      const outcome = await sendPackage(deps, job.data.packageId);
      if ((outcome.status === 'pending' || outcome.status === 'sending') && outcome.retryAt) {
        await enqueuePackages(boss, deps.db, [job.data.packageId], outcome.retryAt);
      }
      return { status: outcome.status };
    },
  );
  const sweep = async (): Promise<number> => {
    const due = await duePackages(deps.db, deps.clock);
    if (due.length > 0) {
      await enqueuePackages(boss, deps.db, due);
      pool.wake();
    }
    return due.length;
  };
  let timer: Timer | undefined;
  let stopped = false;
  const schedule = () => {
    timer = deps.clock.setTimer(options.sweepMs ?? 30_000, () => {
      sweep()
        .catch(options.onError)
        .finally(() => {
          if (!stopped) schedule();
        });
    });
  };
  sweep().catch(options.onError);
  schedule();
  return {
    wake: () => pool.wake(),
    sweep,
    async stop(reason) {
      stopped = true;
      timer?.cancel();
      await pool.stop(reason);
    },
  };
}

async function duePackages(db: Kysely<Database>, clock: Clock): Promise<string[]> {
  const now = new Date(clock.now());
  const rows = await db
    .selectFrom('shipment_packages')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
      ]),
    )
    .limit(1000)
    .execute();
  return rows.map((r) => r.id);
}
