/** Stable codes of `SyncError`. */
export type SyncErrorCode =
  /** Another sync holds this account (another process, or another call in this one). */
  | 'SYNC_BUSY'
  /** This sync's claim on the account ran out and another sync took it: its page was not committed. */
  | 'SYNC_LEASE_LOST'
  /** Pagination tokens kept expiring: the window was restarted `maxTokenRestarts` times. */
  | 'SYNC_TOKEN_RESTARTS'
  /** A bad argument (`since` in the future, an empty marketplace list, ...). */
  | 'SYNC_INVALID';

/** A sync that could not run or finish; the stored state stays consistent and the next call resumes. */
export class SyncError extends Error {
  override name = 'SyncError';
  constructor(
    readonly code: SyncErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Whether `error` is a `SyncError` (by class or by name, so two copies of the package still agree). */
export function isSyncError(error: unknown): error is SyncError {
  return error instanceof SyncError || (error instanceof Error && error.name === 'SyncError');
}
