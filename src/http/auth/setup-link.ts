import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { hashToken, newSecretToken } from './secret-token.js';
import { hasUsers } from './users.js';

/** A setup link works for this long after `csm serve` printed it. */
const SETUP_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * For a store without users: a one-time token for `/setup?token=...`, where the first admin is created
 * (every earlier unused one is dropped). Undefined once a user exists.
 */
export async function createSetupToken(db: Kysely<Database>, now: Date): Promise<string | undefined> {
  if (await hasUsers(db)) return undefined;
  const token = newSecretToken();
  await db.deleteFrom('setup_tokens').execute();
  await db
    .insertInto('setup_tokens')
    .values({
      token_hash: hashToken(token),
      created_at: now,
      expires_at: new Date(now.getTime() + SETUP_TTL_MS),
      used_at: null,
    })
    .execute();
  return token;
}

/** Whether a setup token is live (unused, unexpired, and still no user). */
export async function setupTokenValid(db: Kysely<Database>, token: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('setup_tokens')
    .select(['expires_at', 'used_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  return !!row && row.used_at === null && row.expires_at > now && !(await hasUsers(db));
}

/** Marks a setup token used; false if it was not live (two tabs racing: one wins). */
export async function useSetupToken(db: Kysely<Database>, token: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('setup_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
