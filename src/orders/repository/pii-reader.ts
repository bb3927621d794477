import type { Kysely } from 'kysely';
import type { Vault } from '../../accounts/vault/vault.js';
import type { Database } from '../../store/schema.js';
import { ORDER_DATA_KEY_FIELD } from '../pii/order-data-key.js';
import type { OrderPii } from '../pii/order-pii.js';
import { openPii } from '../pii/pii-cipher.js';

/** Opens stored buyer and recipient data; one per command, so each account's key is opened once. */
export interface PiiReader {
  /** The PII of these orders of one account, by order id (orders without any are absent). */
  read(accountId: string, orderIds: readonly string[]): Promise<Map<string, OrderPii>>;
}

/** A reader over the vault: each account's order-data key is unsealed once, on first use. */
export function piiReader(db: Kysely<Database>, vault: Vault): PiiReader {
  const keys = new Map<string, Promise<Buffer | undefined>>();
  const keyOf = (accountId: string): Promise<Buffer | undefined> => {
    let key = keys.get(accountId);
    if (!key) {
      key = vault
        .get(db, accountId, ORDER_DATA_KEY_FIELD)
        .then((text) => (text === undefined ? undefined : Buffer.from(text, 'base64')));
      keys.set(accountId, key);
    }
    return key;
  };
  return {
    async read(accountId, orderIds) {
      const out = new Map<string, OrderPii>();
      if (orderIds.length === 0) return out;
      const rows = await db
        .selectFrom('order_pii')
        .select(['order_id', 'nonce', 'ciphertext', 'tag'])
        .where('account_id', '=', accountId)
        .where('order_id', 'in', orderIds)
        .execute();
      if (rows.length === 0) return out;
      const key = await keyOf(accountId);
      if (!key) return out;
      for (const row of rows) out.set(row.order_id, openPii(key, accountId, row.order_id, row));
      return out;
    },
  };
}
