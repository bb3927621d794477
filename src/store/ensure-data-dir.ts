import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { StoreError } from './store-error.js';

/**
 * Creates the data directory (and its parents) readable by the user alone, mode 0700. An existing one
 * that others could read is tightened: it holds the master key and the database.
 */
export function ensureDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const stat = statSync(dataDir);
    if (!stat.isDirectory()) {
      throw new StoreError(
        'STORE_CONFIG',
        `the data directory ${dataDir} is not a directory: set CSM_DATA_DIR to a directory`,
      );
    }
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) chmodSync(dataDir, 0o700);
  } catch (error) {
    if (error instanceof StoreError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new StoreError(
      'STORE_CONFIG',
      `cannot create the data directory ${dataDir} (${code}): set CSM_DATA_DIR to a directory you can write`,
      { cause: error },
    );
  }
}
