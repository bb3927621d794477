import { createHmac, randomBytes } from 'node:crypto';
import { VaultError } from './vault-error.js';

/** A 256-bit master key with its public fingerprint. */
export interface MasterKey {
  /** A fingerprint (16 hex digits) safe to print and store; it does not reveal the key. */
  readonly id: string;
  readonly bytes: Buffer;
}

export const KEY_BYTES = 32;

/** A key from its 32 bytes. */
export function masterKey(bytes: Buffer): MasterKey {
  if (bytes.length !== KEY_BYTES) throw new Error(`a master key is ${KEY_BYTES} bytes, not ${bytes.length}`);
  return { id: derive(bytes, 'csm vault key id v1').subarray(0, 8).toString('hex'), bytes };
}

/** A new random key. */
export function generateMasterKey(): MasterKey {
  return masterKey(randomBytes(KEY_BYTES));
}

/**
 * A value only this key produces, stored beside its id so a wrong key is told apart from a right one
 * before any value is opened.
 */
export function keyCheckValue(key: MasterKey): Buffer {
  return derive(key.bytes, 'csm vault key check v1');
}

/**
 * Reads a key written as base64 (standard or URL-safe, padded or not) or hex. `origin` names where the text
 * came from in the error (`CSM_MASTER_KEY`, a file path); the text itself is never shown.
 */
export function parseMasterKey(text: string, origin: string): MasterKey {
  const value = text.trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(value)) bytes = Buffer.from(value, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) bytes = Buffer.from(value, 'base64');
  if (bytes?.length !== KEY_BYTES) {
    throw new VaultError(
      'VAULT_KEY_MALFORMED',
      `${origin} is not a master key: it must be ${KEY_BYTES} bytes written as base64 (44 characters) or hex ` +
        `(64 characters), and it has ${value.length} characters that are neither. ` +
        'Make one with `openssl rand -base64 32`, or unset it to use the key file in the data directory.',
    );
  }
  return masterKey(bytes);
}

/** How a key is written to a file or shown to be set in the environment. */
export function formatMasterKey(key: MasterKey): string {
  return key.bytes.toString('base64');
}

function derive(key: Buffer, label: string): Buffer {
  return createHmac('sha256', key).update(label).digest();
}
