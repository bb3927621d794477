import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { seal } from '../../accounts/vault/seal.js';
import type { Vault } from '../../accounts/vault/vault.js';
import type { Database } from '../../store/schema.js';

/** The vault field holding an account's order-data key. */
export const ORDER_DATA_KEY_FIELD = 'order_data_key';

/**
 * The account's order-data key: 256 random bits that encrypt its orders' buyer and recipient data,
 * stored as a vault secret of the account (sealed by the master key). Envelope encryption: a master-key
 * rotation re-seals this one value, not every order, and deleting the account deletes the key with it.
 * Created on first use; two processes racing keep the first one written.
 */
export async function orderDataKey(db: Kysely<Database>, vault: Vault, accountId: string): Promise<Buffer> {
  const stored = await vault.get(db, accountId, ORDER_DATA_KEY_FIELD);
  if (stored !== undefined) return Buffer.from(stored, 'base64');
  const sealed = seal(vault.key, accountId, ORDER_DATA_KEY_FIELD, randomBytes(32).toString('base64'));
  await db
    .insertInto('account_secrets')
    .values({
      account_id: accountId,
      field: ORDER_DATA_KEY_FIELD,
      key_id: sealed.keyId,
      nonce: sealed.nonce,
      ciphertext: sealed.ciphertext,
      tag: sealed.tag,
    })
    // Never replace a key: orders may already be sealed under it.
    .onConflict((oc) => oc.columns(['account_id', 'field']).doNothing())
    .execute();
  const created = await vault.get(db, accountId, ORDER_DATA_KEY_FIELD);
  if (created === undefined) throw new Error(`the order-data key of account ${accountId} was not stored`);
  return Buffer.from(created, 'base64');
}
