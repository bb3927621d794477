import type { Kysely } from 'kysely';
import type { Vault } from '../accounts/vault/index.js';
import type { Database } from '../store/schema.js';
import type { Clock } from '../time/clock.js';
import { BACKOFF_DEFAULTS, type BackoffOptions, retryDelayMs } from './backoff.js';
import { postWebhook } from './post-webhook.js';
import { HEADER_ID, HEADER_SIGNATURE, HEADER_TIMESTAMP, signPayload } from './signature.js';
import { openSecret } from './subscriptions.js';

/** What an attempt needs. */
export interface DeliveryDeps {
  readonly db: Kysely<Database>;
  readonly vault: Vault;
  readonly clock: Clock;
  /** @default 10_000 */
  readonly timeoutMs?: number;
  readonly backoff?: BackoffOptions;
  /**
   * Queues the job of the next attempt in the attempt's transaction (pg-boss with `bossExecutor(trx)`);
   * returns its id. Without it the sweeper queues it.
   */
  readonly queueRetry?: (trx: Kysely<Database>, deliveryId: string, at: Date) => Promise<string | null>;
}

/** What one call did. */
export type AttemptOutcome =
  | { readonly outcome: 'delivered'; readonly attempt: number; readonly statusCode: number }
  | {
      readonly outcome: 'retry';
      readonly attempt: number;
      readonly nextAttemptAt: Date;
      readonly error: string;
    }
  | { readonly outcome: 'failed'; readonly attempt: number; readonly error: string }
  /** Nothing to do: delivered or given up already, the subscription removed, or another job's turn. */
  | { readonly outcome: 'skipped' };

/** The body the subscriber receives. */
export interface WebhookPayload {
  readonly id: string;
  readonly type: string;
  readonly createdAt: string;
  readonly accountName: string | null;
  readonly data: Record<string, unknown>;
}

/**
 * Makes one attempt at a delivery: signs the event with the subscription's secret, POSTs it, and records
 * the attempt in the delivery log. 2xx: delivered. Otherwise the next attempt is due after the backoff,
 * unless that would be later than `giveUpAfterMs` after the event: then the delivery has failed for good.
 * `jobId`, when given, must be the delivery's current job: a duplicate job does nothing.
 */
export async function attemptDelivery(
  deps: DeliveryDeps,
  deliveryId: string,
  jobId?: string,
): Promise<AttemptOutcome> {
  const { db, clock } = deps;
  const row = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('events as e', 'e.id', 'd.event_id')
    .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
    .leftJoin('accounts as a', 'a.id', 'e.account_id')
    .select([
      'd.status',
      'd.attempts',
      'd.job_id',
      'e.id as event_id',
      'e.type',
      'e.created_at',
      'e.data',
      'a.name as account_name',
      's.id',
      's.url',
      's.key_id',
      's.nonce',
      's.ciphertext',
      's.tag',
    ])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
  if (row?.status !== 'pending') return { outcome: 'skipped' };
  if (jobId !== undefined && row.job_id !== null && row.job_id !== jobId) return { outcome: 'skipped' };

  const payload: WebhookPayload = {
    id: row.event_id,
    type: row.type,
    createdAt: row.created_at.toISOString(),
    accountName: row.account_name,
    data: row.data,
  };
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(clock.now() / 1000);
  const secret = openSecret(deps.vault, row);
  const headers = {
    [HEADER_ID]: row.event_id,
    [HEADER_TIMESTAMP]: String(timestamp),
    [HEADER_SIGNATURE]: signPayload(secret, timestamp, body),
  };
  const startedAt = new Date(clock.now());
  const result = await postWebhook(row.url, headers, body, {
    clock,
    ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
  });
  const attempt = row.attempts + 1;
  const now = clock.now();
  const backoff = { ...BACKOFF_DEFAULTS, ...deps.backoff };
  const delay = retryDelayMs(attempt, backoff);
  const giveUp = now + delay - row.created_at.getTime() > backoff.giveUpAfterMs;
  const error = result.error === null ? null : redact(result.error, secret);

  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhook_attempts')
      .values({
        delivery_id: deliveryId,
        attempt,
        started_at: startedAt,
        duration_ms: result.durationMs,
        status_code: result.statusCode,
        outcome: result.ok ? 'delivered' : 'failed',
        error,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const base = { attempts: attempt, last_attempt_at: startedAt, last_status_code: result.statusCode };
    if (result.ok) {
      await trx
        .updateTable('webhook_deliveries')
        .set({
          ...base,
          status: 'delivered',
          delivered_at: new Date(now),
          next_attempt_at: null,
          job_id: null,
          last_error: null,
        })
        .where('id', '=', deliveryId)
        .execute();
      return { outcome: 'delivered', attempt, statusCode: result.statusCode ?? 200 } as const;
    }
    const message = error ?? 'failed';
    if (giveUp) {
      await trx
        .updateTable('webhook_deliveries')
        .set({ ...base, status: 'failed', next_attempt_at: null, job_id: null, last_error: message })
        .where('id', '=', deliveryId)
        .execute();
      return { outcome: 'failed', attempt, error: message } as const;
    }
    const nextAttemptAt = new Date(now + delay);
    const nextJob = (await deps.queueRetry?.(trx, deliveryId, nextAttemptAt)) ?? null;
    await trx
      .updateTable('webhook_deliveries')
      .set({ ...base, next_attempt_at: nextAttemptAt, job_id: nextJob, last_error: message })
      .where('id', '=', deliveryId)
      .execute();
    return { outcome: 'retry', attempt, nextAttemptAt, error: message } as const;
  });
}

// A subscriber could echo the secret in a reason csm quotes (it never quotes bodies, but hosts and
// statuses come from the network): the log keeps none.
function redact(text: string, secret: string): string {
  return text.split(secret).join('[secret]').slice(0, 500);
}
