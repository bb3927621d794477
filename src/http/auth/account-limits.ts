import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { AuthInputError } from './auth-error.js';

/** The ids of accounts named by the user (`--accounts a,b`); every name must exist. */
export async function accountIdsByName(db: Kysely<Database>, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = await db.selectFrom('accounts').select(['id', 'name']).where('name', 'in', names).execute();
  const unknown = names.filter((name) => !rows.some((row) => row.name === name));
  if (unknown.length > 0) {
    const known = (await db.selectFrom('accounts').select('name').orderBy('name').execute()).map(
      (r) => r.name,
    );
    throw new AuthInputError(
      `no stored account is named ${unknown.join(', ')}; known: ${known.join(', ') || 'none yet (csm connect)'}`,
      'accounts',
    );
  }
  return names.map((name) => rows.find((row) => row.name === name)?.id ?? '');
}

/** Names of the accounts a limit lists, in name order. */
export async function accountNames(db: Kysely<Database>, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('accounts')
    .select('name')
    .where('id', 'in', ids)
    .orderBy('name')
    .execute();
  return rows.map((row) => row.name);
}
