/** Stable codes of the vault's errors: callers branch on `code`, never on the message. */
export type VaultErrorCode =
  /** `CSM_MASTER_KEY`, `CSM_NEW_MASTER_KEY` or the key file does not hold 32 bytes in base64 or hex. */
  | 'VAULT_KEY_MALFORMED'
  /** The key file cannot be read or written, or others may read it. */
  | 'VAULT_KEY_FILE'
  /** No master key is set and the store already holds values under one. */
  | 'VAULT_KEY_MISSING'
  /** The master key is not the one that encrypted this store. */
  | 'VAULT_WRONG_KEY'
  /** The master key was retired by a rotation; the store is under a newer one. */
  | 'VAULT_KEY_RETIRED'
  /** A rotation needs a new key the vault cannot store itself (`CSM_MASTER_KEY` is set). */
  | 'VAULT_NEW_KEY_REQUIRED'
  /** A stored value does not open: altered, or copied from another account or field. */
  | 'VAULT_VALUE_INVALID';

/** A vault failure whose message names the problem and the fix, and never holds a secret or a key. */
export class VaultError extends Error {
  constructor(
    readonly code: VaultErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VaultError';
  }
}

/** Matches a `VaultError` by name too, so two copies of the package in one tree still agree. */
export function isVaultError(error: unknown): error is VaultError {
  return error instanceof VaultError || (error instanceof Error && error.name === 'VaultError');
}
