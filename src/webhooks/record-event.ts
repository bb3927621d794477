import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { EventType } from './event-types.js';

/** An event as its cause records it. */
export interface NewEvent {
  readonly type: EventType;
  readonly accountId: string | null;
  /** What it is about: an order id, a shipment id, an account id. */
  readonly subject: string | null;
  /** What the ERP receives as `data`: never a secret, never buyer or recipient data. */
  readonly data: Record<string, unknown>;
  /** When it happened (from the caller's Clock). @default the database's now() */
  readonly at?: Date;
}

/**
 * Writes an event into the outbox. Pass the transaction of the change that causes it: the event then
 * exists exactly when the change does, so none is lost to a crash between the two, and none is sent for a
 * change that rolled back. The webhooks' dispatcher (`csm serve`) fans it out to the subscriptions.
 *
 * (The sync engine writes its `order.created` / `order.updated` rows inside its page statement, in
 * src/orders/repository/save-orders.ts, with the same columns.)
 */
export async function recordEvent(trx: Kysely<Database>, event: NewEvent): Promise<string> {
  const row = await trx
    .insertInto('events')
    .values({
      type: event.type,
      account_id: event.accountId,
      subject: event.subject,
      data: JSON.stringify(event.data),
      ...(event.at ? { created_at: event.at } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
