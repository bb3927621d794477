import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';

/** `--account NAME` names no stored account. */
export class UnknownAccountError extends Error {
  override name = 'UnknownAccountError';
  constructor(
    readonly accountName: string,
    readonly known: readonly string[],
  ) {
    super(
      `--account ${accountName}: no stored account has that name; ` +
        (known.length > 0
          ? `the stored ones are ${known.join(', ')} (csm accounts list)`
          : 'none is stored yet: connect one with csm connect'),
    );
  }
}

/** The id of the stored account of this name; `UnknownAccountError` naming the stored ones otherwise. */
export async function accountIdByName(db: Kysely<Database>, name: string): Promise<string> {
  const row = await db.selectFrom('accounts').select('id').where('name', '=', name).executeTakeFirst();
  if (row) return row.id;
  const known = await db.selectFrom('accounts').select('name').orderBy('name').execute();
  throw new UnknownAccountError(
    name,
    known.map((k) => k.name),
  );
}
