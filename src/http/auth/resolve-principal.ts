import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Principal } from './principal.js';
import { hashToken } from './secret-token.js';
import { findSession } from './sessions.js';

/** `last_used_at` of a token is written at most this often. */
const TOKEN_TOUCH_MS = 60 * 1000;

/** The principal of a bearer token; undefined for an unknown or revoked one. */
export async function tokenPrincipal(
  db: Kysely<Database>,
  token: string,
  now: Date,
): Promise<Principal | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'scope', 'pii', 'last_used_at'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= TOKEN_TOUCH_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  const limits = await db
    .selectFrom('token_accounts')
    .innerJoin('accounts', 'accounts.id', 'token_accounts.account_id')
    .select(['accounts.id', 'accounts.name'])
    .where('token_accounts.token_id', '=', row.id)
    .orderBy('accounts.name')
    .execute();
  return {
    kind: 'token',
    name: row.name,
    userId: null,
    admin: false,
    pii: row.pii,
    accountIds: limits.length > 0 ? limits.map((l) => l.id) : null,
    accountNames: limits.length > 0 ? limits.map((l) => l.name) : null,
    scope: row.scope,
    csrfToken: null,
    credentialId: row.id,
  };
}

/** The principal of a session cookie; undefined for an unknown or expired session. */
export async function sessionPrincipal(
  db: Kysely<Database>,
  cookie: string,
  now: Date,
): Promise<Principal | undefined> {
  const session = await findSession(db, cookie, now);
  if (!session) return undefined;
  return userPrincipal(db, session.userId, { id: session.id, csrfToken: session.csrfToken });
}

/** A user's principal within a session. */
export async function userPrincipal(
  db: Kysely<Database>,
  userId: string,
  session: { id: string; csrfToken: string },
): Promise<Principal | undefined> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'name', 'admin', 'pii'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) return undefined;
  const limits = await db
    .selectFrom('user_accounts')
    .innerJoin('accounts', 'accounts.id', 'user_accounts.account_id')
    .select(['accounts.id', 'accounts.name'])
    .where('user_accounts.user_id', '=', user.id)
    .orderBy('accounts.name')
    .execute();
  // A limit applies to admins as well: an agency's admin may still be one seller's.
  const limited = limits.length > 0;
  return {
    kind: 'session',
    name: user.name,
    userId: user.id,
    admin: user.admin,
    pii: user.pii,
    accountIds: limited ? limits.map((l) => l.id) : null,
    accountNames: limited ? limits.map((l) => l.name) : null,
    scope: 'write',
    csrfToken: session.csrfToken,
    credentialId: session.id,
  };
}
