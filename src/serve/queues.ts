import type PgBoss from 'pg-boss';
import { createShipmentQueue } from '../fulfillment/shipment-queue.js';

/** The queue of account syncs: its jobs carry a `QueuedSync`, keyed by account. */
export const SYNC_QUEUE = 'csm-orders-sync';
/** The daily deletion of buyer and recipient data past its retention. */
export const PII_QUEUE = 'csm-pii-delete';
/** When the PII deletion runs (UTC): daily, off the hour most jobs pick. */
export const PII_CRON = '17 3 * * *';

/**
 * Creates the queues (idempotent). Both are `short`: at most one job per key waits in the queue, so a
 * request for an account whose sync is already queued adds nothing (requests coalesce), while a request
 * made during a run may queue the next one. One run per account at a time is the sync's own lease
 * (order_sync_state) plus the schedule's run owner, not pg-boss's `singleton` policy: pg-boss 10 fetches
 * a singleton queue's batch in one statement that fails whole when any job's key is already active, which
 * would stall every account behind one long sync.
 */
export async function createQueues(boss: PgBoss): Promise<void> {
  // Jobs are settled by their handlers; a job whose process died is found by the scheduler (its heartbeat
  // stops), so pg-boss's own expiry only cleans up, long after.
  await boss.createQueue(SYNC_QUEUE, {
    name: SYNC_QUEUE,
    policy: 'short',
    retryLimit: 0,
    expireInSeconds: 6 * 3600,
  });
  await boss.createQueue(PII_QUEUE, {
    name: PII_QUEUE,
    policy: 'short',
    retryLimit: 2,
    expireInSeconds: 3600,
  });
  // Package sends of the shipments outbox (src/fulfillment).
  await createShipmentQueue(boss);
}
