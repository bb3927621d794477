import type { Kysely } from 'kysely';
import type { Vault } from '../accounts/vault/index.js';
import type { Database } from '../store/schema.js';
import type { Clock } from '../time/clock.js';
import { type AttemptOutcome, attemptDelivery } from './attempt-delivery.js';
import { isUuid, notFound } from './subscriptions.js';

/** The type of the event `csm webhooks test` sends; no subscription receives it otherwise. */
export const TEST_EVENT_TYPE = 'webhook.test';

/**
 * Sends one `webhook.test` event to one subscription now, signed like every delivery, and logs it in
 * the delivery log. It is tried once: a failure is final (nothing retries a test).
 */
export async function sendTestDelivery(
  deps: {
    readonly db: Kysely<Database>;
    readonly vault: Vault;
    readonly clock: Clock;
    readonly timeoutMs?: number;
  },
  subscriptionId: string,
): Promise<AttemptOutcome> {
  const { db, clock } = deps;
  const subscription = isUuid(subscriptionId)
    ? await db
        .selectFrom('webhook_subscriptions')
        .select(['id', 'account_id'])
        .where('id', '=', subscriptionId)
        .executeTakeFirst()
    : undefined;
  if (!subscription) throw notFound(subscriptionId);
  const now = new Date(clock.now());
  const deliveryId = await db.transaction().execute(async (trx) => {
    // Already fanned out: it goes to this subscription only.
    const event = await trx
      .insertInto('events')
      .values({
        type: TEST_EVENT_TYPE,
        account_id: subscription.account_id,
        subject: subscription.id,
        data: JSON.stringify({ message: 'a test delivery from csm webhooks test' }),
        created_at: now,
        fanned_out_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const delivery = await trx
      .insertInto('webhook_deliveries')
      .values({ event_id: event.id, subscription_id: subscription.id, next_attempt_at: now, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return delivery.id;
  });
  return attemptDelivery({ ...deps, backoff: { giveUpAfterMs: 0 } }, deliveryId);
}
