import type PgBoss from 'pg-boss';

/** The queue of delivery attempts: each job carries a `DeliveryJob` and makes one attempt. */
export const WEBHOOK_QUEUE = 'csm-webhook-delivery';

/** A job of `WEBHOOK_QUEUE`. */
export interface DeliveryJob {
  readonly deliveryId: string;
}

/**
 * Creates the queue (idempotent). pg-boss retries nothing here: the delivery row says when the next
 * attempt is due and which job makes it, and the dispatcher's sweeper queues a job for any pending
 * delivery without a live one (a job lost with its process, or never queued). An attempt takes at most
 * the POST's timeout, so a job active far longer than that belongs to a dead process.
 */
export async function createWebhookQueue(boss: PgBoss): Promise<void> {
  await boss.createQueue(WEBHOOK_QUEUE, {
    name: WEBHOOK_QUEUE,
    policy: 'standard',
    retryLimit: 0,
    expireInSeconds: 300,
  });
}
