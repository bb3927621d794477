import { type Kysely, sql } from 'kysely';
import type { Database } from '../store/schema.js';

/** How long events and their delivery log are kept once nothing is pending for them. */
export const HISTORY_DAYS = 30;

/**
 * Deletes events older than `keepDays` that are fanned out and have no pending delivery, with their
 * deliveries and attempts (the delivery log), so the outbox does not grow with every order change
 * forever. Returns how many events.
 */
export async function pruneWebhookHistory(
  db: Kysely<Database>,
  now: Date,
  keepDays = HISTORY_DAYS,
): Promise<number> {
  const cutoff = new Date(now.getTime() - keepDays * 86_400_000);
  const result = await sql`
    delete from events e
    where e.created_at < ${cutoff}::timestamptz
      and e.fanned_out_at is not null
      and not exists (select 1 from webhook_deliveries d where d.event_id = e.id and d.status = 'pending')`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0n);
}
