import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../store/schema.js';
import { discardNextKeyFile, NEXT_KEY_FILE, promoteNextKeyFile, writeKeyFile } from './key-file.js';
import { generateMasterKey, keyCheckValue, type MasterKey, parseMasterKey } from './master-key.js';
import { seal, unseal } from './seal.js';
import { currentKey, type OpenVaultOptions, openVault } from './vault.js';
import { isVaultError, VaultError } from './vault-error.js';

/** What a rotation did. */
export interface RotationResult {
  readonly previousKeyId: string;
  readonly keyId: string;
  /** Values re-encrypted (0 when an earlier run had already finished this rotation). */
  readonly values: number;
  /** Where the new key is: the key file, or the caller's `CSM_NEW_MASTER_KEY`. */
  readonly keySource: 'env' | 'file';
}

/** Options of `rotateVaultKey`: those of `openVault`, and progress. */
export interface RotateOptions extends OpenVaultOptions {
  /** Called inside the transaction after each batch, with values done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

// Progress is reported every this many values.
const PROGRESS_EVERY = 100;

/**
 * Re-encrypts every stored value under a new master key, in one transaction.
 *
 * With the key file, the new key is generated and written to `master.key.next` (flushed to disk) first,
 * the values re-encrypted and the transaction committed, and only then is the file renamed over
 * `master.key`. Killed before the commit, nothing changed and the staged key is discarded on the next
 * start; killed after it, the next start finds the store under the staged key and finishes the rename.
 *
 * With `CSM_MASTER_KEY`, csm cannot keep the new key itself: the caller supplies it in
 * `CSM_NEW_MASTER_KEY` and sets `CSM_MASTER_KEY` to it afterwards. Run again with the same two variables
 * after a rotation that committed, it reports the rotation as done.
 */
export async function rotateVaultKey(options: RotateOptions): Promise<RotationResult> {
  const { db, env, dataDir } = options;
  const given = env.CSM_NEW_MASTER_KEY?.trim();
  const newFromEnv = given ? parseMasterKey(given, 'CSM_NEW_MASTER_KEY') : undefined;
  let vault: Awaited<ReturnType<typeof openVault>>;
  try {
    vault = await openVault(options);
  } catch (error) {
    const current =
      newFromEnv && isVaultError(error) && error.code === 'VAULT_KEY_RETIRED' && (await currentKey(db));
    if (current && current.key_id === newFromEnv.id && env.CSM_MASTER_KEY) {
      const previous = parseMasterKey(env.CSM_MASTER_KEY, 'CSM_MASTER_KEY');
      return { previousKeyId: previous.id, keyId: newFromEnv.id, values: 0, keySource: 'env' };
    }
    throw error;
  }
  if (vault.keySource === 'env') {
    if (!newFromEnv) {
      throw new VaultError(
        'VAULT_NEW_KEY_REQUIRED',
        'CSM_MASTER_KEY is set, so csm cannot keep the new key for you: set CSM_NEW_MASTER_KEY to a new key ' +
          '(`openssl rand -base64 32`) and run again; afterwards set CSM_MASTER_KEY to that new key',
      );
    }
    const values = await reencryptAll(db, vault.key, newFromEnv, options.onProgress);
    return { previousKeyId: vault.key.id, keyId: newFromEnv.id, values, keySource: 'env' };
  }
  const next = newFromEnv ?? generateMasterKey();
  writeKeyFile(path.join(dataDir, NEXT_KEY_FILE), next, { replace: true });
  let values: number;
  try {
    values = await reencryptAll(db, vault.key, next, options.onProgress);
  } catch (error) {
    discardNextKeyFile(dataDir);
    throw error;
  }
  promoteNextKeyFile(dataDir);
  return { previousKeyId: vault.key.id, keyId: next.id, values, keySource: 'file' };
}

/**
 * The transactional part of a rotation: retires `from`, records `to` as the current key and re-seals every
 * value under it, all or nothing. Fails if `from` is no longer the current key (a concurrent rotation).
 * Returns the number of values re-encrypted.
 */
export async function reencryptAll(
  db: Kysely<Database>,
  from: MasterKey,
  to: MasterKey,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  if (from.id === to.id) {
    throw new VaultError(
      'VAULT_KEY_MALFORMED',
      `the new master key is the current one (key ${to.id}): use a new key`,
    );
  }
  return db.transaction().execute(async (trx) => {
    // The row lock makes a concurrent rotation wait, then fail the check below.
    const current = await trx
      .selectFrom('vault_keys')
      .select('key_id')
      .where('retired_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (current?.key_id !== from.id) {
      throw new VaultError(
        'VAULT_KEY_RETIRED',
        `the store's key changed to ${current?.key_id} while this rotation started: another rotation ran; ` +
          'run csm vault rotate-key again with the current key',
      );
    }
    const known = await trx
      .selectFrom('vault_keys')
      .select('key_id')
      .where('key_id', '=', to.id)
      .executeTakeFirst();
    if (known) {
      throw new VaultError(
        'VAULT_KEY_MALFORMED',
        `the new master key (key ${to.id}) was used by this store before: use a key never used here`,
      );
    }
    await trx
      .updateTable('vault_keys')
      .set({ retired_at: sql<Date>`now()` })
      .where('key_id', '=', from.id)
      .execute();
    await trx
      .insertInto('vault_keys')
      .values({ key_id: to.id, check_value: keyCheckValue(to) })
      .execute();
    const rows = await trx
      .selectFrom('account_secrets')
      .select(['account_id', 'field', 'key_id', 'nonce', 'ciphertext', 'tag'])
      .orderBy('account_id')
      .orderBy('field')
      .execute();
    let done = 0;
    for (const row of rows) {
      const plaintext = unseal(from, row.account_id, row.field, {
        keyId: row.key_id,
        nonce: row.nonce,
        ciphertext: row.ciphertext,
        tag: row.tag,
      });
      const sealed = seal(to, row.account_id, row.field, plaintext);
      await trx
        .updateTable('account_secrets')
        .set({ key_id: sealed.keyId, nonce: sealed.nonce, ciphertext: sealed.ciphertext, tag: sealed.tag })
        .where('account_id', '=', row.account_id)
        .where('field', '=', row.field)
        .execute();
      done++;
      if (done % PROGRESS_EVERY === 0 || done === rows.length) onProgress?.(done, rows.length);
    }
    // Webhook subscriptions' signing secrets (src/webhooks), sealed to the subscription's id.
    const hooks = await trx
      .selectFrom('webhook_subscriptions')
      .select(['id', 'key_id', 'nonce', 'ciphertext', 'tag'])
      .orderBy('id')
      .execute();
    for (const row of hooks) {
      const plaintext = unseal(from, row.id, 'webhook_secret', {
        keyId: row.key_id,
        nonce: row.nonce,
        ciphertext: row.ciphertext,
        tag: row.tag,
      });
      const sealed = seal(to, row.id, 'webhook_secret', plaintext);
      await trx
        .updateTable('webhook_subscriptions')
        .set({ key_id: sealed.keyId, nonce: sealed.nonce, ciphertext: sealed.ciphertext, tag: sealed.tag })
        .where('id', '=', row.id)
        .execute();
      done++;
    }
    return done;
  });
}
