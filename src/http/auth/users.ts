import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { accountIdsByName, accountNames } from './account-limits.js';
import { AuthInputError } from './auth-error.js';
import { hashPassword, passwordProblem } from './password.js';

/** A user as listed (never the hash). */
export interface UserView {
  readonly name: string;
  readonly admin: boolean;
  readonly pii: boolean;
  /** Account names the user is limited to; null: every account. */
  readonly accounts: readonly string[] | null;
  readonly createdAt: string;
}

export interface NewUser {
  readonly name: string;
  readonly password: string;
  /** @default false */
  readonly admin?: boolean;
  /** @default false */
  readonly pii?: boolean;
  /** Account names; empty or absent: every account. */
  readonly accounts?: readonly string[];
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** Adds a user with a scrypt hash of the password; refuses a taken name, a short password, an unknown account. */
export async function addUser(db: Kysely<Database>, user: NewUser): Promise<UserView> {
  const problem = newUserProblem(user.name, user.password);
  if (problem) throw problem;
  const accountIds = await accountIdsByName(db, user.accounts ?? []);
  const hash = await hashPassword(user.password);
  return db.transaction().execute(async (tx) => {
    const taken = await tx.selectFrom('users').select('id').where('name', '=', user.name).executeTakeFirst();
    if (taken) throw new AuthInputError(`a user named '${user.name}' exists already`, 'name');
    const row = await tx
      .insertInto('users')
      .values({
        name: user.name,
        password_hash: hash,
        admin: user.admin ?? false,
        pii: user.pii ?? false,
      })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    if (accountIds.length > 0) {
      await tx
        .insertInto('user_accounts')
        .values(accountIds.map((account_id) => ({ user_id: row.id, account_id })))
        .execute();
    }
    return {
      name: user.name,
      admin: user.admin ?? false,
      pii: user.pii ?? false,
      accounts: accountIds.length > 0 ? await accountNames(tx, accountIds) : null,
      createdAt: row.created_at.toISOString(),
    };
  });
}

/** What is wrong with a new user's name or password, or null. */
export function newUserProblem(name: string, password: string): AuthInputError | null {
  if (!NAME_PATTERN.test(name)) {
    return new AuthInputError(
      `the user name '${name}' must be 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit`,
      'name',
    );
  }
  const problem = passwordProblem(password);
  return problem ? new AuthInputError(problem, 'password') : null;
}

/** Every user, by name. */
export async function listUsers(db: Kysely<Database>): Promise<UserView[]> {
  const users = await db
    .selectFrom('users')
    .select(['id', 'name', 'admin', 'pii', 'created_at'])
    .orderBy('name')
    .execute();
  const limits = await db
    .selectFrom('user_accounts')
    .innerJoin('accounts', 'accounts.id', 'user_accounts.account_id')
    .select(['user_accounts.user_id', 'accounts.name'])
    .orderBy('accounts.name')
    .execute();
  return users.map((user) => {
    const accounts = limits.filter((l) => l.user_id === user.id).map((l) => l.name);
    return {
      name: user.name,
      admin: user.admin,
      pii: user.pii,
      accounts: accounts.length > 0 ? accounts : null,
      createdAt: user.created_at.toISOString(),
    };
  });
}

/** Whether the store has any user yet (a store without one prints the setup link). */
export async function hasUsers(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}
