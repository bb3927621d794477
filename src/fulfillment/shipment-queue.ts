import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import { bossExecutor } from '../store/jobs/boss-executor.js';
import type { Database } from '../store/schema.js';

/** The queue of package sends: each job carries `{ packageId }`, keyed by package. */
export const SHIPMENT_QUEUE = 'csm-shipments-send';

/** A job of the shipment queue. */
export interface QueuedPackage {
  readonly packageId: string;
}

/**
 * Creates the queue (idempotent). `short`: at most one job per package waits, so the outbox's job and a
 * sweep's coalesce. The handler settles its package itself (retries are new jobs at the package's next
 * attempt time), so pg-boss does not retry.
 */
export async function createShipmentQueue(boss: PgBoss): Promise<void> {
  await boss.createQueue(SHIPMENT_QUEUE, {
    name: SHIPMENT_QUEUE,
    policy: 'short',
    retryLimit: 0,
    expireInSeconds: 900,
  });
}

/**
 * Queues a job per package, in the caller's transaction when `db` is one (the outbox: the job exists
 * exactly when the package row does). `startAfter` delays them (a retry's backoff).
 */
export async function enqueuePackages(
  boss: PgBoss,
  db: Kysely<Database>,
  packageIds: readonly string[],
  startAfter?: Date,
): Promise<void> {
  for (const packageId of packageIds) {
    await boss.send(SHIPMENT_QUEUE, { packageId } satisfies QueuedPackage, {
      singletonKey: packageId,
      db: bossExecutor(db),
      ...(startAfter ? { startAfter } : {}),
    });
  }
}
