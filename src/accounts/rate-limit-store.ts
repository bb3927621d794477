import { type Kysely, sql } from 'kysely';
import type { RateLimitStore } from '../sp-api/rate-limit/rate-limit-store.js';
import { type TokenBucketState, waitForTicket } from '../sp-api/rate-limit/token-bucket.js';
import type { Database } from '../store/schema.js';

interface BucketRow {
  tokens: number;
  rate: number;
  burst: number | null;
  issued: string | number;
  updated_ms: number;
}

/**
 * The client's token buckets in the store (`rate_limit_buckets`), so that every process using the store
 * draws on the same buckets: two processes syncing one seller, or many sellers of one application, stay
 * within Amazon's limits together, and a process started after a crash knows what its predecessor spent.
 *
 * Each call is one statement, atomic under the row's lock, with the same arithmetic as the in-memory store
 * (src/sp-api/rate-limit/token-bucket.ts): a negative token count is a queue of reservations, so callers
 * of every process are served first come, first served. Times are the callers' clocks (milliseconds since
 * the epoch); keep the machines' clocks in sync (NTP): a skew of a second is worth a second of refill.
 */
export function createStoreRateLimitStore(db: Kysely<Database>): RateLimitStore {
  return {
    async take(key, limits, now) {
      // A bucket seen for the first time starts full; one whose rate was learnt first (burst still null)
      // starts full at that rate.
      const { rows } = await sql<BucketRow>`
        insert into rate_limit_buckets as b (key, tokens, rate, burst, issued, updated_ms)
        values (${key}, ${limits.burst - 1}, ${limits.rate}, ${limits.burst}, 1, ${now})
        on conflict (key) do update set
          tokens = case
            when b.burst is null then excluded.burst - 1
            else least(b.burst, b.tokens + greatest(0, excluded.updated_ms - b.updated_ms) / 1000 * b.rate) - 1
          end,
          burst = coalesce(b.burst, excluded.burst),
          issued = b.issued + 1,
          updated_ms = greatest(b.updated_ms, excluded.updated_ms)
        returning tokens, rate, burst, issued, updated_ms`.execute(db);
      const row = rows[0]!;
      const ticket = Number(row.issued);
      return { ticket, waitMs: waitForTicket(stateOf(row), ticket, now) };
    },

    async check(key, ticket, now) {
      const row = await db
        .selectFrom('rate_limit_buckets')
        .select(['tokens', 'rate', 'burst', 'issued', 'updated_ms'])
        .where('key', '=', key)
        .executeTakeFirst();
      return row && row.burst !== null ? waitForTicket(stateOf(row), ticket, now) : 0;
    },

    async setRate(key, rate, now) {
      if (!(rate > 0)) return;
      await sql`
        insert into rate_limit_buckets as b (key, tokens, rate, burst, issued, updated_ms)
        values (${key}, 0, ${rate}, null, 0, ${now})
        on conflict (key) do update set
          tokens = case
            when b.burst is null then b.tokens
            else least(b.burst, b.tokens + greatest(0, excluded.updated_ms - b.updated_ms) / 1000 * b.rate)
          end,
          rate = excluded.rate,
          updated_ms = greatest(b.updated_ms, excluded.updated_ms)`.execute(db);
    },

    async drain(key, now) {
      await sql`
        update rate_limit_buckets as b set
          tokens = least(0, least(b.burst, b.tokens + greatest(0, ${now} - b.updated_ms) / 1000 * b.rate)),
          updated_ms = greatest(b.updated_ms, ${now})
        where b.key = ${key} and b.burst is not null`.execute(db);
    },
  };
}

function stateOf(row: BucketRow): TokenBucketState {
  return {
    tokens: row.tokens,
    rate: row.rate,
    burst: row.burst ?? 0,
    issued: Number(row.issued),
    updatedAt: row.updated_ms,
  };
}
