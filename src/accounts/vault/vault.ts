import { timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../store/schema.js';
import {
  discardNextKeyFile,
  KEY_FILE,
  NEXT_KEY_FILE,
  promoteNextKeyFile,
  readKeyFile,
  writeKeyFile,
} from './key-file.js';
import { generateMasterKey, keyCheckValue, type MasterKey, parseMasterKey } from './master-key.js';
import { seal, unseal } from './seal.js';
import { isVaultError, VaultError } from './vault-error.js';

/** Where the master key came from. */
export type KeySource = 'env' | 'file';

/** What `openVault` needs. */
export interface OpenVaultOptions {
  readonly db: Kysely<Database>;
  /** Read for `CSM_MASTER_KEY`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Holds `master.key` when `CSM_MASTER_KEY` is not set. */
  readonly dataDir: string;
  /** Where one-off notices go (a key file created, an interrupted rotation finished). @default stderr */
  readonly notify?: (line: string) => void;
}

/**
 * Seals and opens account secrets with the master key. Each value is AES-256-GCM with its own random
 * nonce, bound to its account id and field name, and stored with the id of the key that sealed it.
 * Every method takes the executor to use, so values are written in the caller's transaction.
 */
export class Vault {
  constructor(
    readonly key: MasterKey,
    readonly keySource: KeySource,
  ) {}

  /** Stores (or replaces) the value of one field of one account. */
  async put(db: Kysely<Database>, accountId: string, field: string, secret: string): Promise<void> {
    // A process started before a rotation must not write under the retired key. The share lock makes a
    // rotation that starts meanwhile wait for the caller's transaction.
    const key = await db
      .selectFrom('vault_keys')
      .select('retired_at')
      .where('key_id', '=', this.key.id)
      .forShare()
      .executeTakeFirst();
    if (!key || key.retired_at) {
      throw new VaultError(
        'VAULT_KEY_RETIRED',
        `this process's master key (key ${this.key.id}) was retired by a key rotation since it started: ` +
          'restart it with the current key',
      );
    }
    const sealed = seal(this.key, accountId, field, secret);
    const row = {
      key_id: sealed.keyId,
      nonce: sealed.nonce,
      ciphertext: sealed.ciphertext,
      tag: sealed.tag,
    };
    await db
      .insertInto('account_secrets')
      .values({ account_id: accountId, field, ...row })
      .onConflict((oc) =>
        oc.columns(['account_id', 'field']).doUpdateSet({ ...row, updated_at: sql<Date>`now()` }),
      )
      .execute();
  }

  /** The value of one field of one account; undefined when none is stored. */
  async get(db: Kysely<Database>, accountId: string, field: string): Promise<string | undefined> {
    const row = await db
      .selectFrom('account_secrets')
      .select(['key_id', 'nonce', 'ciphertext', 'tag'])
      .where('account_id', '=', accountId)
      .where('field', '=', field)
      .executeTakeFirst();
    if (!row) return undefined;
    return unseal(this.key, accountId, field, {
      keyId: row.key_id,
      nonce: row.nonce,
      ciphertext: row.ciphertext,
      tag: row.tag,
    });
  }

  /** The names of the fields stored for an account (no values). */
  async fields(db: Kysely<Database>, accountId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('account_secrets')
      .select('field')
      .where('account_id', '=', accountId)
      .orderBy('field')
      .execute();
    return rows.map((r) => r.field);
  }

  /** Removes one field's value; true when there was one. */
  async remove(db: Kysely<Database>, accountId: string, field: string): Promise<boolean> {
    const result = await db
      .deleteFrom('account_secrets')
      .where('account_id', '=', accountId)
      .where('field', '=', field)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

/**
 * Opens the vault with the master key from `CSM_MASTER_KEY` (base64 or hex of 32 bytes), or else from
 * `<dataDir>/master.key`, created (mode 0600) on first use. The key is checked against the store before
 * anything is opened: a wrong key fails with `VAULT_WRONG_KEY`, a key retired by rotation with
 * `VAULT_KEY_RETIRED`. A rotation killed between its commit and the renaming of the key file is finished
 * here; one killed before its commit leaves a staged key that is discarded.
 */
export async function openVault({ db, env, dataDir, notify = stderrLine }: OpenVaultOptions): Promise<Vault> {
  const fromEnv = env.CSM_MASTER_KEY?.trim();
  if (fromEnv) {
    const key = parseMasterKey(fromEnv, 'CSM_MASTER_KEY');
    await adopt(db, key, 'env', dataDir);
    return new Vault(key, 'env');
  }
  const keyPath = path.join(dataDir, KEY_FILE);
  const current = await currentKey(db);
  let key = readKeyFile(keyPath);
  const staged = readStagedKey(dataDir);
  if (staged && current?.key_id === staged.id && checks(staged, current.check_value)) {
    promoteNextKeyFile(dataDir);
    notify(
      `csm: finished a key rotation that was interrupted after its commit: the key file now holds key ${staged.id}`,
    );
    key = staged;
  } else if (staged) {
    discardNextKeyFile(dataDir);
    notify(
      'csm: discarded the new key of a key rotation that did not complete; the values stay under the old key',
    );
  }
  if (!key) {
    if (current) {
      throw new VaultError(
        'VAULT_KEY_MISSING',
        `the store's secrets are encrypted under key ${current.key_id}, and neither CSM_MASTER_KEY nor ` +
          `${keyPath} holds a key: set CSM_MASTER_KEY to that key, or restore ${keyPath} from a backup`,
      );
    }
    key = createKeyFile(keyPath, notify);
  }
  await adopt(db, key, 'file', dataDir);
  return new Vault(key, 'file');
}

/** The store's current key row, if it has one. */
export async function currentKey(
  db: Kysely<Database>,
): Promise<{ key_id: string; check_value: Buffer; created_at: Date } | undefined> {
  return db
    .selectFrom('vault_keys')
    .select(['key_id', 'check_value', 'created_at'])
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

/** Whether `key` produced `checkValue`. */
export function checks(key: MasterKey, checkValue: Buffer): boolean {
  const expected = keyCheckValue(key);
  return checkValue.length === expected.length && timingSafeEqual(checkValue, expected);
}

/**
 * Makes `key` the store's key if it has none yet, else checks it is the current one. Two processes
 * racing on an empty store both insert; the unique index keeps one, and the loser is told its key is wrong.
 */
async function adopt(
  db: Kysely<Database>,
  key: MasterKey,
  source: KeySource,
  dataDir: string,
): Promise<void> {
  let current = await currentKey(db);
  if (!current) {
    await db
      .insertInto('vault_keys')
      .values({ key_id: key.id, check_value: keyCheckValue(key) })
      .onConflict((oc) => oc.doNothing())
      .execute();
    current = await currentKey(db);
  }
  if (current && current.key_id === key.id && checks(key, current.check_value)) return;
  const where = source === 'env' ? 'CSM_MASTER_KEY' : `the key file ${path.join(dataDir, KEY_FILE)}`;
  const retired = await db
    .selectFrom('vault_keys')
    .select(['check_value', 'retired_at'])
    .where('key_id', '=', key.id)
    .executeTakeFirst();
  if (retired?.retired_at && checks(key, retired.check_value)) {
    throw new VaultError(
      'VAULT_KEY_RETIRED',
      `the master key in ${where} (key ${key.id}) was retired by a key rotation on ` +
        `${retired.retired_at.toISOString()}; the store is now under key ${current?.key_id}. ` +
        (source === 'env'
          ? 'Set CSM_MASTER_KEY to the new key (the CSM_NEW_MASTER_KEY of that rotation).'
          : 'Restore the key file that rotation wrote, or set CSM_MASTER_KEY to the new key.'),
    );
  }
  throw new VaultError(
    'VAULT_WRONG_KEY',
    `the master key does not match the one that encrypted this store: ${where} holds key ${key.id}, the ` +
      `store's secrets are under key ${current?.key_id}. Set CSM_MASTER_KEY to the key this store was ` +
      `created with, or restore ${path.join(dataDir, KEY_FILE)} from a backup.`,
  );
}

/** The staged key of an interrupted rotation; a half-written one (killed while writing) counts as none. */
function readStagedKey(dataDir: string): MasterKey | undefined {
  try {
    return readKeyFile(path.join(dataDir, NEXT_KEY_FILE));
  } catch (error) {
    if (isVaultError(error) && error.code === 'VAULT_KEY_MALFORMED') {
      discardNextKeyFile(dataDir);
      return undefined;
    }
    throw error;
  }
}

function createKeyFile(keyPath: string, notify: (line: string) => void): MasterKey {
  const key = generateMasterKey();
  try {
    writeKeyFile(keyPath, key, { replace: false });
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const theirs = readKeyFile(keyPath);
      if (theirs) return theirs;
    }
    throw error;
  }
  notify(
    `csm: created the master key file ${keyPath} (mode 0600); back it up: without it the stored secrets cannot be opened`,
  );
  return key;
}

function stderrLine(line: string): void {
  process.stderr.write(`${line}\n`);
}
