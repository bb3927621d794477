import { type Kysely, sql } from 'kysely';
import type { RateLimitStore } from '../sp-api/rate-limit/rate-limit-store.js';
import {
  answered,
  cancelled,
  drained,
  left,
  newBucket,
  replan,
  reserve,
  type TokenBucketState,
  withRate,
} from '../sp-api/rate-limit/token-bucket.js';
import type { Database } from '../store/schema.js';

/**
 * A reservation not sent this long after it was due was given up by a process that died (a live holder
 * asks again every second or so, which moves its plan to now): it is taken out of the bucket's plan.
 */
export const ABANDONED_AFTER_MS = 120_000;

/**
 * The client's token buckets in the store (`rate_limit_buckets`), so that every process using the store
 * plans against the same buckets: two processes syncing one seller, or many sellers of one application,
 * stay within Amazon's limits together, and a process started after a crash knows what its predecessor
 * spent and sent.
 *
 * The bucket's state is the client's own (src/sp-api/rate-limit/token-bucket.ts, kept as JSON), changed by
 * the same pure functions as in memory, each change read and written back under the row's lock in one
 * transaction: callers of every process are served first come, first served. Times are the callers'
 * clocks (milliseconds since the epoch): keep the machines' clocks in sync (NTP).
 */
export function createStoreRateLimitStore(db: Kysely<Database>): RateLimitStore {
  /** Changes one bucket under its row lock; `change` sees undefined for a bucket never taken from. */
  async function mutate<R>(
    key: string,
    change: (
      state: TokenBucketState | undefined,
      pendingRate: number | null,
    ) => {
      state?: TokenBucketState;
      pendingRate?: number;
      result: R;
    },
  ): Promise<R> {
    return db.transaction().execute(async (trx) => {
      // A row to lock, so two processes meeting a new bucket at once queue on it.
      await trx
        .insertInto('rate_limit_buckets')
        .values({ key, state: null, pending_rate: null })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      const row = await trx
        .selectFrom('rate_limit_buckets')
        .select(['state', 'pending_rate'])
        .where('key', '=', key)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const out = change((row.state as TokenBucketState | null) ?? undefined, row.pending_rate);
      if (out.state !== undefined || out.pendingRate !== undefined) {
        await trx
          .updateTable('rate_limit_buckets')
          .set({
            ...(out.state === undefined ? {} : { state: JSON.stringify(out.state) }),
            ...(out.pendingRate === undefined ? {} : { pending_rate: out.pendingRate }),
            updated_at: sql<Date>`now()`,
          })
          .where('key', '=', key)
          .execute();
      }
      return out.result;
    });
  }

  return {
    take(key, limits, now, marginMs) {
      return mutate(key, (state, pendingRate) => {
        const bucket = state
          ? withoutAbandoned(state, now)
          : newBucket(pendingRate ?? limits.rate, limits.burst, now);
        const { bucket: next, ticket, waitMs } = reserve(bucket, now, marginMs);
        return { state: next, result: { ticket, waitMs } };
      });
    },
    check(key, ticket, now, marginMs) {
      return mutate(key, (state) => {
        if (!state) return { result: 0 };
        const { bucket, waitMs } = replan(state, ticket, now, marginMs);
        return { state: bucket, result: waitMs };
      });
    },
    sent(key, ticket, at) {
      return mutate(key, (state) =>
        state ? { state: left(state, ticket, at), result: undefined } : { result: undefined },
      );
    },
    answered(key, ticket, latencyMs) {
      return mutate(key, (state) =>
        state ? { state: answered(state, ticket, latencyMs), result: undefined } : { result: undefined },
      );
    },
    cancel(key, ticket) {
      return mutate(key, (state) =>
        state ? { state: cancelled(state, ticket), result: undefined } : { result: undefined },
      );
    },
    async setRate(key, rate) {
      if (!(rate > 0)) return;
      await mutate(key, (state) =>
        state
          ? { state: withRate(state, rate), result: undefined }
          : { pendingRate: rate, result: undefined },
      );
    },
    drain(key, now) {
      return mutate(key, (state) =>
        state ? { state: drained(state, now), result: undefined } : { result: undefined },
      );
    },
  };
}

/** The bucket without the reservations of holders that died before sending (see ABANDONED_AFTER_MS). */
function withoutAbandoned(state: TokenBucketState, now: number): TokenBucketState {
  const abandoned = state.entries.filter((e) => !e.left && e.at < now - ABANDONED_AFTER_MS);
  return abandoned.reduce((bucket, e) => cancelled(bucket, e.ticket), state);
}
