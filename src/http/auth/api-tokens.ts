import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { accountIdsByName, accountNames } from './account-limits.js';
import { AuthInputError } from './auth-error.js';
import { hashToken, newSecretToken, TOKEN_PREFIX } from './secret-token.js';

export type TokenScope = 'read' | 'write';

/** A token as listed: never the token, which is shown once at creation. */
export interface TokenView {
  readonly id: string;
  readonly name: string;
  readonly scope: TokenScope;
  readonly pii: boolean;
  readonly accounts: readonly string[] | null;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

export interface NewToken {
  readonly name: string;
  readonly scope: TokenScope;
  /** May reveal buyer and recipient data (`?reveal=pii`). @default false */
  readonly pii?: boolean;
  /** Account names the token is limited to; empty or absent: every account. */
  readonly accounts?: readonly string[];
}

/** Creates a token; returns it (the only time it exists in the clear) with its listing. */
export async function createToken(
  db: Kysely<Database>,
  token: NewToken,
): Promise<{ token: string; view: TokenView }> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(token.name)) {
    throw new AuthInputError(
      `the token name '${token.name}' must be 1 to 64 letters, digits, '.', '_' or '-'`,
      'name',
    );
  }
  const accountIds = await accountIdsByName(db, token.accounts ?? []);
  const secret = newSecretToken(TOKEN_PREFIX.api);
  return db.transaction().execute(async (tx) => {
    const taken = await tx
      .selectFrom('api_tokens')
      .select('id')
      .where('name', '=', token.name)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (taken)
      throw new AuthInputError(`a token named '${token.name}' exists already: revoke it first`, 'name');
    const row = await tx
      .insertInto('api_tokens')
      .values({
        name: token.name,
        token_hash: hashToken(secret),
        scope: token.scope,
        pii: token.pii ?? false,
      })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    if (accountIds.length > 0) {
      await tx
        .insertInto('token_accounts')
        .values(accountIds.map((account_id) => ({ token_id: row.id, account_id })))
        .execute();
    }
    return {
      token: secret,
      view: {
        id: row.id,
        name: token.name,
        scope: token.scope,
        pii: token.pii ?? false,
        accounts: accountIds.length > 0 ? await accountNames(tx, accountIds) : null,
        createdAt: row.created_at.toISOString(),
        lastUsedAt: null,
        revokedAt: null,
      },
    };
  });
}

/** Every token, live ones first, then by name. */
export async function listTokens(db: Kysely<Database>): Promise<TokenView[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .orderBy('revoked_at', (ob) => ob.desc().nullsFirst())
    .orderBy('name')
    .execute();
  const limits = await db
    .selectFrom('token_accounts')
    .innerJoin('accounts', 'accounts.id', 'token_accounts.account_id')
    .select(['token_accounts.token_id', 'accounts.name'])
    .orderBy('accounts.name')
    .execute();
  return rows.map((row) => {
    const accounts = limits.filter((l) => l.token_id === row.id).map((l) => l.name);
    return {
      id: row.id,
      name: row.name,
      scope: row.scope,
      pii: row.pii,
      accounts: accounts.length > 0 ? accounts : null,
      createdAt: row.created_at.toISOString(),
      lastUsedAt: row.last_used_at?.toISOString() ?? null,
      revokedAt: row.revoked_at?.toISOString() ?? null,
    };
  });
}

/** Revokes the live token of that name; false when there is none. */
export async function revokeToken(db: Kysely<Database>, name: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('name', '=', name)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
