/** One sync of one account, as the workers run it (the orders engine's `syncAccount` behind it). */
export interface SyncRun {
  readonly accountId: string;
  /** Aborts on shutdown: the page in flight is abandoned, never half committed. */
  readonly signal: AbortSignal;
  /** The engine's progress events, passed on as they come. */
  readonly onProgress: (progress: SyncRunProgress) => void;
}

/** A progress event of the engine (its `SyncProgress`), opaque to the scheduler. */
export interface SyncRunProgress {
  readonly type: string;
}

/** What a run did, as far as the scheduler cares. */
export interface SyncRunResult {
  /** `aborted`: stopped by the signal before its window's last page. */
  readonly outcome: 'complete' | 'aborted';
  readonly orders: number;
  /** Orders new, newer than stored, and open orders found changed when re-checked. */
  readonly created: number;
  readonly updated: number;
  readonly recheckUpdated: number;
}

/** Runs one sync; rejects with the engine's error (a busy account: `SyncError` `SYNC_BUSY`). */
export type SyncRunner = (run: SyncRun) => Promise<SyncRunResult>;

/**
 * Whether a run failed only because another sync holds the account (another process's `csm sync`), or took
 * it over: not a failure of the account, just try again shortly. Matched by name and code, as the engine's
 * `isSyncError` does.
 */
export function isBusyError(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'SyncError') return false;
  const code = (error as Error & { code?: unknown }).code;
  return code === 'SYNC_BUSY' || code === 'SYNC_LEASE_LOST';
}
