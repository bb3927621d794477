import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { hashToken, newSecretToken } from './secret-token.js';

/** A session ends after this long without a request. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** `last_seen_at` is written at most this often (not on every request). */
const TOUCH_EVERY_MS = 60 * 1000;

/** Opens a session for a user; returns the cookie's value (the store keeps only its hash) and the CSRF token. */
export async function createSession(
  db: Kysely<Database>,
  userId: string,
  now: Date,
): Promise<{ cookie: string; csrfToken: string }> {
  const cookie = newSecretToken();
  const csrfToken = newSecretToken();
  await db
    .insertInto('sessions')
    .values({
      id: hashToken(cookie),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + SESSION_IDLE_MS),
    })
    .execute();
  // Expired sessions of anyone go with each sign-in: no separate job needed.
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  return { cookie, csrfToken };
}

/** The live session of a cookie, renewed (sliding expiry); undefined when unknown or expired. */
export async function findSession(
  db: Kysely<Database>,
  cookie: string,
  now: Date,
): Promise<{ id: string; userId: string; csrfToken: string } | undefined> {
  const id = hashToken(cookie);
  const row = await db
    .selectFrom('sessions')
    .select(['user_id', 'csrf_token', 'last_seen_at', 'expires_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || row.expires_at.getTime() <= now.getTime()) return undefined;
  if (now.getTime() - row.last_seen_at.getTime() >= TOUCH_EVERY_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now, expires_at: new Date(now.getTime() + SESSION_IDLE_MS) })
      .where('id', '=', id)
      .execute();
  }
  return { id, userId: row.user_id, csrfToken: row.csrf_token };
}

/** Ends a session (sign-out). */
export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}
