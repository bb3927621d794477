/** Stable codes of `BackupError`. */
export type BackupErrorCode =
  /** The file is not a csm backup at all (not gzip, or no csm header). */
  | 'BACKUP_NOT_CSM'
  /** A csm backup of a format version this csm does not read. */
  | 'BACKUP_VERSION'
  /** Made by a newer csm: it has migrations this one does not know. */
  | 'BACKUP_TOO_NEW'
  /** Truncated or altered: the checksum or the row counts do not match, or a line does not parse. */
  | 'BACKUP_DAMAGED'
  /** Its secrets are sealed under a master key this store cannot use. */
  | 'BACKUP_KEY'
  /** The file cannot be read or written. */
  | 'BACKUP_IO';

/** A backup or restore that failed; a failed restore leaves the store as it was. */
export class BackupError extends Error {
  override name = 'BackupError';
  constructor(
    readonly code: BackupErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Matches by name too, so two copies of the package in one tree still agree. */
export function isBackupError(error: unknown): error is BackupError {
  return error instanceof BackupError || (error instanceof Error && error.name === 'BackupError');
}
