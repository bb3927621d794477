import { type Kysely, sql } from 'kysely';
import type { Database } from '../store/schema.js';

/**
 * Turns events not yet fanned out into one delivery per matching subscription (its event types, and its
 * account if it has one), oldest first, at most `limit` events per call, and marks them fanned out, in
 * one statement. Several dispatchers may run it at once: each takes the events the others have not
 * locked. A new subscription also receives the events
 * recorded before it that were not fanned out yet (at most the last few seconds').
 */
export async function fanOutEvents(
  db: Kysely<Database>,
  now: Date,
  limit = 500,
): Promise<{ events: number; deliveries: number }> {
  const { rows } = await sql<{ events: string; deliveries: string }>`
    with batch as (
      select id, type, account_id from events
      where fanned_out_at is null
      order by seq
      limit ${limit}
      for update skip locked
    ),
    made as (
      insert into webhook_deliveries (event_id, subscription_id, next_attempt_at, created_at)
      select b.id, s.id, ${now}::timestamptz, ${now}::timestamptz
      from batch b
      join webhook_subscriptions s
        on b.type = any (s.events) and (s.account_id is null or s.account_id = b.account_id)
      on conflict (event_id, subscription_id) do nothing
      returning id
    ),
    marked as (
      update events set fanned_out_at = ${now}::timestamptz where id in (select id from batch)
    )
    select (select count(*) from batch) as events, (select count(*) from made) as deliveries`.execute(db);
  const row = rows[0];
  return { events: Number(row?.events ?? 0), deliveries: Number(row?.deliveries ?? 0) };
}
