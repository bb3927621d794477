import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { MasterKey } from './master-key.js';
import { VaultError } from './vault-error.js';

/** An encrypted value as stored in `account_secrets`. */
export interface SealedValue {
  readonly keyId: string;
  /** 96 bits, random for every value: GCM must never see one nonce twice under one key. */
  readonly nonce: Buffer;
  readonly ciphertext: Buffer;
  /** GCM's 128-bit authentication tag. */
  readonly tag: Buffer;
}

/**
 * The associated data binds a value to its row: opened with another account id or field name, the tag does
 * not verify. Neither part can hold a NUL, so the encoding is unambiguous.
 */
function associatedData(accountId: string, field: string): Buffer {
  return Buffer.from(`csm-vault-v1\0${accountId}\0${field}`, 'utf8');
}

/** Encrypts `plaintext` with AES-256-GCM for one field of one account. */
export function seal(key: MasterKey, accountId: string, field: string, plaintext: string): SealedValue {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.bytes, nonce, { authTagLength: 16 });
  cipher.setAAD(associatedData(accountId, field));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { keyId: key.id, nonce, ciphertext, tag: cipher.getAuthTag() };
}

/** Decrypts a value sealed for this account and field; anything else fails with `VAULT_VALUE_INVALID`. */
export function unseal(key: MasterKey, accountId: string, field: string, sealed: SealedValue): string {
  if (sealed.keyId !== key.id) {
    throw new VaultError(
      'VAULT_KEY_RETIRED',
      `the stored ${field} of account ${accountId} is encrypted under key ${sealed.keyId}, not under this ` +
        `process's key ${key.id}: the vault key was rotated since this process started; restart it`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, sealed.nonce, { authTagLength: 16 });
    decipher.setAAD(associatedData(accountId, field));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new VaultError(
      'VAULT_VALUE_INVALID',
      `the stored ${field} of account ${accountId} does not open: it was altered, or copied from another ` +
        'account or field. Set it again (csm accounts set-secret).',
    );
  }
}
