import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Principal } from '../auth/principal.js';
import { HttpError } from '../http-error.js';

/**
 * The account ids a request covers: the principal's limit, narrowed to the `account` asked for. An account
 * the principal may not see answers as an unknown one (its existence is not told).
 */
export async function visibleAccountIds(
  db: Kysely<Database>,
  principal: Principal,
  accountName: string | undefined,
  field = 'account',
): Promise<readonly string[] | null> {
  if (accountName === undefined) return principal.accountIds;
  const row = await db.selectFrom('accounts').select('id').where('name', '=', accountName).executeTakeFirst();
  if (!row || (principal.accountIds !== null && !principal.accountIds.includes(row.id))) {
    throw new HttpError('VALIDATION_FAILED', `${field}: no account named '${accountName}'`, { field });
  }
  return [row.id];
}

/** The principal of a request that passed the auth hook. */
export function principalOf(request: { principal: Principal | null }): Principal {
  if (!request.principal) throw new HttpError('UNAUTHENTICATED', 'sign in or send a bearer token');
  return request.principal;
}
