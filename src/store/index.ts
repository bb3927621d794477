export { migrate } from './migrate.js';
export { MIGRATIONS, type Migration } from './migrations/index.js';
export { commandLine, type OpenStoreOptions, openStore, type Store } from './open-store.js';
export type { Database } from './schema.js';
export { defaultDataDir, redactDatabaseUrl, resolveStoreConfig, type StoreConfig } from './store-config.js';
export { isStoreError, StoreError, type StoreErrorCode } from './store-error.js';
export { type LockOwner, readStoreLock, StoreLockedError } from './store-lock.js';
