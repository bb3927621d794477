// The order sync engine: the interface the jobs (`csm serve`) and `csm sync` call (docs/sync.md).

export { type DeleteExpiredPiiDeps, deleteExpiredPii } from './delete-expired-pii.js';
export { type PreparedSync, prepareSync } from './prepare-sync.js';
export { includedDataFor } from './search-orders-source.js';
export { syncAccount, VISIBILITY_DELAY_MS } from './sync-account.js';
export { syncClientOptions } from './sync-client-options.js';
export { isSyncError, SyncError, type SyncErrorCode } from './sync-error.js';
export { loadSyncSettings, type SyncSettings, saveSyncSettings } from './sync-settings.js';
export type { SyncDeps, SyncOptions, SyncProgress, SyncSummary, SyncTarget } from './sync-types.js';
