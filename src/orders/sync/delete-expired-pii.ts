import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Clock } from '../../time/clock.js';
import { checkRetentionDays, DAY_MS, MAX_PII_RETENTION_DAYS } from '../pii/retention.js';

/** What `deleteExpiredPii` needs. */
export interface DeleteExpiredPiiDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  /**
   * Days after delivery that buyer and recipient data is kept: 0 to 30, never longer (Amazon's Data
   * Protection Policy); a larger value is refused with a `RangeError`.
   * @default 30
   */
  readonly retentionDays?: number;
}

/**
 * Deletes the buyer and recipient data of every order whose retention is over (its delivery, or the
 * earliest evidence of it, is `retentionDays` ago) and marks those orders so a later sync never stores it
 * again. Every account at once, in one transaction; returns how many orders' data was deleted. The jobs
 * schedule it daily; running it more often is harmless.
 */
export async function deleteExpiredPii({
  db,
  clock,
  retentionDays = MAX_PII_RETENTION_DAYS,
}: DeleteExpiredPiiDeps): Promise<number> {
  const days = checkRetentionDays(retentionDays);
  const now = clock.now();
  const cutoff = new Date(now - days * DAY_MS);
  return db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('order_pii')
      .using('orders')
      .whereRef('orders.account_id', '=', 'order_pii.account_id')
      .whereRef('orders.order_id', '=', 'order_pii.order_id')
      .where('orders.retention_from', '<=', cutoff)
      .executeTakeFirst();
    // Also orders with none stored now: a re-fetch (an overlap, a re-sync) must not bring it back.
    await trx
      .updateTable('orders')
      .set({ pii_deleted_at: new Date(now) })
      .where('retention_from', '<=', cutoff)
      .where('pii_deleted_at', 'is', null)
      .execute();
    return Number(deleted.numDeletedRows);
  });
}
