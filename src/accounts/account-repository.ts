import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Region } from '../amazon/index.js';
import type { Database } from '../store/index.js';
import type { AccountsTable } from '../store/schema.js';
import {
  type Account,
  type AccountSecrets,
  type MarketplaceParticipation,
  type NewAccount,
  type RegionEndpoints,
  SECRET_FIELDS,
  type SecretField,
} from './account.js';
import { AccountError, inputError } from './account-error.js';
import { checkAccountName } from './account-fields.js';
import {
  checkApplicationId,
  checkAwsAccessKeyId,
  checkAwsSecretAccessKey,
  checkClientId,
  checkClientSecret,
  checkRefreshToken,
  checkRoleArn,
  checkSellerId,
  type FormatProblem,
} from './credential-format.js';
import type { Vault } from './vault/index.js';

/** What `update` may change without touching a secret. */
export interface AccountPatch {
  readonly sellerId?: string | undefined;
  readonly marketplaces?: readonly MarketplaceParticipation[];
  readonly secretCreated?: string | undefined;
}

/** The format check of each secret field, so nothing malformed is sealed. */
const SECRET_CHECKS: Record<SecretField, (value: string) => FormatProblem | undefined> = {
  client_secret: checkClientSecret,
  refresh_token: checkRefreshToken,
  aws_secret_access_key: checkAwsSecretAccessKey,
};

/**
 * Stored seller and vendor accounts over the store, their secrets sealed by the vault. Every write of an
 * account and its secrets is one transaction: an account is never stored without its secrets. Nothing
 * here calls Amazon; `connect` checks credentials before it adds them.
 */
export class AccountRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly vault: Vault,
  ) {}

  /**
   * Stores a new account and its secrets. Every value is format-checked first. With `replace`, an account
   * of the same name is replaced in the same transaction (its secrets with it); without it, the name must
   * be free.
   */
  async add(input: NewAccount, options: { replace?: boolean } = {}): Promise<Account> {
    checkNewAccount(input);
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('accounts')
        .select('id')
        .where('name', '=', input.name)
        .forUpdate()
        .executeTakeFirst();
      if (existing && !options.replace) {
        throw new AccountError(
          'ACCOUNT_EXISTS',
          `an account named ${input.name} is stored already: choose another name, or replace it ` +
            `(csm connect --replace, or csm accounts remove ${input.name} first)`,
        );
      }
      if (existing) await trx.deleteFrom('accounts').where('id', '=', existing.id).execute();
      const row = await trx
        .insertInto('accounts')
        .values({
          name: input.name,
          kind: input.kind,
          region: input.region,
          client_id: input.clientId,
          application_id: input.applicationId ?? null,
          seller_id: input.sellerId ?? null,
          marketplaces: JSON.stringify(input.marketplaces ?? []),
          endpoint: input.endpoint ?? null,
          region_endpoints: input.regionEndpoints ? JSON.stringify(input.regionEndpoints) : null,
          sandbox: input.sandbox ?? false,
          secret_created: input.secretCreated ?? null,
          aws_access_key_id: input.aws?.accessKeyId ?? null,
          role_arn: input.aws?.roleArn ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.vault.put(trx, row.id, 'client_secret', input.clientSecret);
      await this.vault.put(trx, row.id, 'refresh_token', input.refreshToken);
      if (input.aws) await this.vault.put(trx, row.id, 'aws_secret_access_key', input.aws.secretAccessKey);
      return this.load(trx, input.name) as Promise<Account>;
    });
  }

  /** The account of this name, or undefined. */
  async find(name: string): Promise<Account | undefined> {
    return this.load(this.db, name);
  }

  /** The account of this name; `ACCOUNT_NOT_FOUND` naming the stored ones otherwise. */
  async get(name: string): Promise<Account> {
    const account = await this.find(name);
    if (account) return account;
    const names = (await this.list()).map((a) => a.name);
    throw new AccountError(
      'ACCOUNT_NOT_FOUND',
      `no account named ${name} is stored: ` +
        (names.length > 0
          ? `the stored ones are ${names.join(', ')} (csm accounts list)`
          : 'none is stored yet; connect one with csm connect'),
    );
  }

  /** Every account, by name. */
  async list(): Promise<Account[]> {
    const rows = await this.db.selectFrom('accounts').selectAll().orderBy('name').execute();
    const fields = await this.db
      .selectFrom('account_secrets')
      .select(['account_id', 'field'])
      .orderBy('field')
      .execute();
    return rows.map((row) =>
      toAccount(
        row,
        fields.filter((f) => f.account_id === row.id).map((f) => f.field),
      ),
    );
  }

  /** Removes an account and its secrets; false when there was none of that name. */
  async remove(name: string): Promise<boolean> {
    const result = await this.db.deleteFrom('accounts').where('name', '=', name).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Opens the account's secrets. A missing client secret or refresh token is `ACCOUNT_SECRET_MISSING`. */
  async secrets(account: Pick<Account, 'id' | 'name'>): Promise<AccountSecrets> {
    const get = (field: SecretField) => this.vault.get(this.db, account.id, field);
    const [clientSecret, refreshToken, awsSecretAccessKey] = await Promise.all(SECRET_FIELDS.map(get));
    for (const [field, value] of [
      ['client secret', clientSecret],
      ['refresh token', refreshToken],
    ] as const) {
      if (value === undefined) {
        throw new AccountError(
          'ACCOUNT_SECRET_MISSING',
          `account ${account.name} has no ${field} stored: set it with csm accounts set-secret ${account.name}`,
        );
      }
    }
    return { clientSecret: clientSecret!, refreshToken: refreshToken!, awsSecretAccessKey };
  }

  /**
   * Replaces one secret of an account (after a rotation or a re-authorization), format-checked, with the
   * other changes of `patch` in the same transaction (a rotated client secret's creation day).
   */
  async setSecret(
    name: string,
    field: SecretField,
    value: string,
    patch: AccountPatch = {},
  ): Promise<Account> {
    const problem = inputError([SECRET_CHECKS[field](value)]);
    if (problem) throw problem;
    // Looked up before the transaction: on PGlite a second connection waits for an open transaction.
    const account = await this.get(name);
    return this.db.transaction().execute(async (trx) => {
      await this.vault.put(trx, account.id, field, value);
      await this.patch(trx, account.id, patch);
      return (await this.load(trx, name)) as Account;
    });
  }

  /** Changes an account's non-secret fields. */
  async update(name: string, patch: AccountPatch): Promise<Account> {
    const account = await this.get(name);
    await this.patch(this.db, account.id, patch);
    return this.get(name);
  }

  private async patch(db: Kysely<Database>, id: string, patch: AccountPatch): Promise<void> {
    const problem = inputError([patch.sellerId === undefined ? undefined : checkSellerId(patch.sellerId)]);
    if (problem) throw problem;
    const values: { seller_id?: string | null; marketplaces?: string; secret_created?: string | null } = {};
    if ('sellerId' in patch) values.seller_id = patch.sellerId ?? null;
    if (patch.marketplaces) values.marketplaces = JSON.stringify(patch.marketplaces);
    if ('secretCreated' in patch) values.secret_created = patch.secretCreated ?? null;
    if (Object.keys(values).length === 0) return;
    await db
      .updateTable('accounts')
      .set({ ...values, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  }

  private async load(db: Kysely<Database>, name: string): Promise<Account | undefined> {
    const row = await db.selectFrom('accounts').selectAll().where('name', '=', name).executeTakeFirst();
    if (!row) return undefined;
    return toAccount(row, await this.vault.fields(db, row.id));
  }
}

/** Format checks of everything an account is made of; one error naming every malformed field. */
function checkNewAccount(input: NewAccount): void {
  const problem = inputError([
    checkAccountName(input.name),
    checkClientId(input.clientId),
    checkClientSecret(input.clientSecret),
    checkRefreshToken(input.refreshToken),
    input.applicationId === undefined ? undefined : checkApplicationId(input.applicationId),
    input.sellerId === undefined ? undefined : checkSellerId(input.sellerId),
    input.aws && checkAwsAccessKeyId(input.aws.accessKeyId),
    input.aws && checkAwsSecretAccessKey(input.aws.secretAccessKey),
    input.aws && checkRoleArn(input.aws.roleArn),
    input.endpoint !== undefined && input.regionEndpoints !== undefined
      ? {
          field: 'endpoint',
          problem: 'both one endpoint and per-region endpoints were given',
          fix: 'Give --endpoint (CSM_ENDPOINT) or CSM_REGION_ENDPOINTS, not both.',
        }
      : undefined,
  ]);
  if (problem) throw problem;
}

function toAccount(row: Selectable<AccountsTable>, fields: readonly string[]): Account {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    region: row.region as Region,
    clientId: row.client_id,
    applicationId: row.application_id ?? undefined,
    sellerId: row.seller_id ?? undefined,
    marketplaces: row.marketplaces as MarketplaceParticipation[],
    endpoint: row.endpoint ?? undefined,
    regionEndpoints: (row.region_endpoints as RegionEndpoints | null) ?? undefined,
    sandbox: row.sandbox,
    secretCreated: row.secret_created ?? undefined,
    aws:
      row.aws_access_key_id && row.role_arn
        ? { accessKeyId: row.aws_access_key_id, roleArn: row.role_arn }
        : undefined,
    secrets: SECRET_FIELDS.filter((f) => fields.includes(f)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
