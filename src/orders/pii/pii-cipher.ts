import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { OrderPii } from './order-pii.js';

/** An order's buyer and recipient data as stored in `order_pii`. */
export interface SealedPii {
  /** 96 bits, random for every value: GCM must never see one nonce twice under one key. */
  readonly nonce: Buffer;
  readonly ciphertext: Buffer;
  /** GCM's 128-bit authentication tag. */
  readonly tag: Buffer;
}

/** Binds a value to its row: opened for another account or order, the tag does not verify. */
function associatedData(accountId: string, orderId: string): Buffer {
  return Buffer.from(`csm-order-pii-v1\0${accountId}\0${orderId}`, 'utf8');
}

/** Encrypts one order's PII with AES-256-GCM under the account's order-data key. */
export function sealPii(key: Buffer, accountId: string, orderId: string, pii: OrderPii): SealedPii {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  cipher.setAAD(associatedData(accountId, orderId));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(pii), 'utf8'), cipher.final()]);
  return { nonce, ciphertext, tag: cipher.getAuthTag() };
}

/** Decrypts one order's PII; a value altered or moved to another row throws `PiiUnreadableError`. */
export function openPii(key: Buffer, accountId: string, orderId: string, sealed: SealedPii): OrderPii {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce, { authTagLength: 16 });
    decipher.setAAD(associatedData(accountId, orderId));
    decipher.setAuthTag(sealed.tag);
    const text = Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
    return JSON.parse(text) as OrderPii;
  } catch {
    throw new PiiUnreadableError(orderId);
  }
}

/** The stored buyer data of an order does not open (altered, or copied from another order). */
export class PiiUnreadableError extends Error {
  override name = 'PiiUnreadableError';
  constructor(readonly orderId: string) {
    super(
      `the buyer and recipient data stored for order ${orderId} does not open: it was altered or copied ` +
        'from another order; sync the order again (csm sync --since …) to fetch it anew',
    );
  }
}
