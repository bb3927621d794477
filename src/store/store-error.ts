/** Stable codes of the store's errors: callers branch on `code`, never on the message. */
export type StoreErrorCode =
  /** `CSM_DATABASE_URL` or `CSM_DATA_DIR` is malformed. */
  | 'STORE_CONFIG'
  /** Another live process owns the embedded data directory. */
  | 'STORE_LOCKED'
  /** The database was migrated by a newer csm than this one. */
  | 'STORE_TOO_NEW'
  /** The database could not be opened or reached. */
  | 'STORE_UNAVAILABLE';

/** A store failure with a message that names the problem and the fix. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** Matches a `StoreError` by name too, so two copies of the package in one tree still agree. */
export function isStoreError(error: unknown): error is StoreError {
  return error instanceof StoreError || (error instanceof Error && error.name === 'StoreError');
}
