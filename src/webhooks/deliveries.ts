import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

/** One attempt in the delivery log. */
export interface AttemptView {
  readonly attempt: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly statusCode: number | null;
  readonly outcome: 'delivered' | 'failed';
  readonly error: string | null;
}

/** A delivery as the log shows it. */
export interface DeliveryView {
  readonly id: string;
  readonly subscriptionId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly subject: string | null;
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
  readonly log: readonly AttemptView[];
}

/** Filters of `listDeliveries`. */
export interface DeliveryFilter {
  readonly subscriptionId?: string;
  /** Only deliveries with a failed attempt that are not delivered (failed for good, or still retrying). */
  readonly failed?: boolean;
  /** @default 100 */
  readonly limit?: number;
}

/** The newest deliveries first, each with its attempts. */
export async function listDeliveries(
  db: Kysely<Database>,
  filter: DeliveryFilter = {},
): Promise<DeliveryView[]> {
  let query = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('events as e', 'e.id', 'd.event_id')
    .select([
      'd.id',
      'd.subscription_id',
      'd.event_id',
      'e.type',
      'e.subject',
      'd.status',
      'd.attempts',
      'd.next_attempt_at',
      'd.last_status_code',
      'd.last_error',
      'd.created_at',
      'd.delivered_at',
    ])
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id')
    .limit(filter.limit ?? 100);
  if (filter.subscriptionId !== undefined)
    query = query.where('d.subscription_id', '=', filter.subscriptionId);
  if (filter.failed) query = query.where('d.status', '!=', 'delivered').where('d.attempts', '>', 0);
  const rows = await query.execute();
  const ids = rows.map((r) => r.id);
  const attempts =
    ids.length === 0
      ? []
      : await db
          .selectFrom('webhook_attempts')
          .selectAll()
          .where('delivery_id', 'in', ids)
          .orderBy('delivery_id')
          .orderBy('attempt')
          .execute();
  const logs = new Map<string, AttemptView[]>();
  for (const a of attempts) {
    const list = logs.get(a.delivery_id) ?? [];
    list.push({
      attempt: a.attempt,
      startedAt: a.started_at.toISOString(),
      durationMs: a.duration_ms,
      statusCode: a.status_code,
      outcome: a.outcome,
      error: a.error,
    });
    logs.set(a.delivery_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    subscriptionId: r.subscription_id,
    eventId: r.event_id,
    eventType: r.type,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at?.toISOString() ?? null,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    log: logs.get(r.id) ?? [],
  }));
}

/**
 * Failed delivery attempts since the store began (a counter, for `/metrics` as
 * `csm_webhook_delivery_failures_total`), and deliveries given up for good.
 */
export async function webhookFailureCount(
  db: Kysely<Database>,
): Promise<{ attempts: number; givenUp: number }> {
  const attempts = await db
    .selectFrom('webhook_attempts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('outcome', '=', 'failed')
    .executeTakeFirstOrThrow();
  const givenUp = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'failed')
    .executeTakeFirstOrThrow();
  return { attempts: Number(attempts.n), givenUp: Number(givenUp.n) };
}
