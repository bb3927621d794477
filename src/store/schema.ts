import type { ColumnType, Generated } from 'kysely';

/**
 * The tables as Kysely sees them (snake_case, as in the SQL of ./migrations). The same types serve both
 * stores: PGlite and PostgreSQL answer with the same wire types.
 */
export interface Database {
  schema_migrations: SchemaMigrationsTable;
  accounts: AccountsTable;
  account_secrets: AccountSecretsTable;
  vault_keys: VaultKeysTable;
}

/** One row per migration applied, forward only. */
export interface SchemaMigrationsTable {
  id: string;
  applied_at: Generated<Date>;
}

/** A seller or vendor account; its secrets live in `account_secrets`, encrypted. */
export interface AccountsTable {
  /** A UUID; with the field name, the associated data of the account's encrypted values. */
  id: Generated<string>;
  name: string;
  kind: 'seller' | 'vendor';
  region: 'na' | 'eu' | 'fe';
  /** The LWA client identifier (`amzn1.application-oa2-client.…`): not a secret, shown by `accounts show`. */
  client_id: string;
  /** The Merchant Token; null until known. */
  seller_id: string | null;
  /** One base URL for LWA and SP-API (the emulator's) instead of Amazon's hosts; null for Amazon. */
  endpoint: string | null;
  /** Marketplace participations as discovered; written as a JSON string, read back parsed. */
  marketplaces: ColumnType<unknown[], string, string>;
  /** The day the LWA client secret was created (`YYYY-MM-DD`, Amazon rotates it every 180 days). */
  secret_created: string | null;
  /** Legacy AWS fields (optional since 2023-10-02); the secret access key is in `account_secrets`. */
  aws_access_key_id: string | null;
  role_arn: string | null;
  /** The app's id (`amzn1.sellerapps.app.…` or `amzn1.sp.solution.…`), for OAuth; null when not given. */
  application_id: string | null;
  /** Calls go to Amazon's sandbox (static answers) instead of production. */
  sandbox: Generated<boolean>;
  /**
   * One base URL per region (`{"na","eu","fe"}`, from `CSM_REGION_ENDPOINTS`) instead of Amazon's hosts;
   * null otherwise. Never set together with `endpoint`.
   */
  region_endpoints: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** An encrypted value (AES-256-GCM) of one field of one account: see src/accounts/vault. */
export interface AccountSecretsTable {
  account_id: string;
  /** `client_secret`, `refresh_token`, `aws_secret_access_key`, ... */
  field: string;
  /** The vault key that sealed it (`vault_keys.key_id`). */
  key_id: string;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
  updated_at: Generated<Date>;
}

/** The master keys the vault has known: one current, the others retired by rotation. */
export interface VaultKeysTable {
  /** A fingerprint of the key, not the key. */
  key_id: string;
  /** A value only the key can produce: tells a wrong master key from a right one. */
  check_value: Buffer;
  created_at: Generated<Date>;
  retired_at: Date | null;
}
