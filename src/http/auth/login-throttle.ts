import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';

/** Failures allowed before each further one blocks for a while. */
export const FREE_FAILURES = 5;
/** The first block; each further failure doubles it, up to `MAX_BLOCK_MS`. */
const FIRST_BLOCK_MS = 1000;
const MAX_BLOCK_MS = 15 * 60 * 1000;
/** Failures older than this are forgotten. */
const FORGET_AFTER_MS = 60 * 60 * 1000;

/** The throttling keys of a sign-in: the user name and the client address, each counted alone. */
export function throttleKeys(name: string, address: string): string[] {
  return [`user:${name.toLowerCase()}`, `ip:${address}`];
}

/** Milliseconds until these keys may try again; 0 when they may now. */
export async function blockedFor(db: Kysely<Database>, keys: readonly string[], now: Date): Promise<number> {
  const rows = await db
    .selectFrom('login_attempts')
    .select('blocked_until')
    .where('key', 'in', keys)
    .execute();
  return Math.max(0, ...rows.map((r) => (r.blocked_until ? r.blocked_until.getTime() - now.getTime() : 0)));
}

/**
 * Counts a failed sign-in on each key. Past `FREE_FAILURES`, a key is blocked for 1 s, then 2, 4, ... up
 * to 15 minutes: slow for a guesser, short for a person who mistyped.
 */
export async function recordFailure(db: Kysely<Database>, keys: readonly string[], now: Date): Promise<void> {
  for (const key of keys) {
    const row = await db
      .selectFrom('login_attempts')
      .select(['failures', 'last_failure_at'])
      .where('key', '=', key)
      .executeTakeFirst();
    const fresh = row && now.getTime() - row.last_failure_at.getTime() < FORGET_AFTER_MS;
    const failures = (fresh ? row.failures : 0) + 1;
    const over = failures - FREE_FAILURES;
    const blocked_until =
      over > 0 ? new Date(now.getTime() + Math.min(MAX_BLOCK_MS, FIRST_BLOCK_MS * 2 ** (over - 1))) : null;
    await db
      .insertInto('login_attempts')
      .values({ key, failures, last_failure_at: now, blocked_until })
      .onConflict((oc) => oc.column('key').doUpdateSet({ failures, last_failure_at: now, blocked_until }))
      .execute();
  }
}

/** A successful sign-in clears the user's count (the address's stays: one address guessing many names). */
export async function recordSuccess(db: Kysely<Database>, userKey: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', userKey).execute();
}
