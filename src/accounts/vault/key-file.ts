import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { formatMasterKey, type MasterKey, parseMasterKey } from './master-key.js';
import { VaultError } from './vault-error.js';

/** The master key file in the data directory, used when `CSM_MASTER_KEY` is not set. */
export const KEY_FILE = 'master.key';
/**
 * A rotation's new key, written before the values are re-encrypted and renamed over `master.key` after
 * they are committed: whichever moment a rotation is killed at, one of the two files opens the store.
 */
export const NEXT_KEY_FILE = 'master.key.next';

/** Reads a key file; undefined when it does not exist. Refuses a file that others may read. */
export function readKeyFile(file: string): MasterKey | undefined {
  let text: string;
  try {
    const mode = statSync(file).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw new VaultError(
        'VAULT_KEY_FILE',
        `the master key file ${file} may be read by other users (mode ${mode.toString(8).padStart(4, '0')}): ` +
          `run chmod 600 ${file}`,
      );
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof VaultError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw keyFileError(file, 'read', error);
  }
  return parseMasterKey(text, `the master key file ${file}`);
}

/**
 * Writes a key file with mode 0600 and flushes it to disk (the file, then its directory) before returning:
 * a key that could be lost in a crash must not encrypt anything. `replace` removes an existing file first;
 * without it an existing file fails with `EEXIST` (another process created the key first).
 */
export function writeKeyFile(file: string, key: MasterKey, { replace }: { replace: boolean }): void {
  try {
    if (replace) {
      try {
        unlinkSync(file);
      } catch {
        // none yet
      }
    }
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, `${formatMasterKey(key)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    syncDirectory(path.dirname(file));
  } catch (error) {
    if (!replace && (error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
    throw keyFileError(file, 'write', error);
  }
}

/** Makes the staged key (`master.key.next`) the key file, atomically. */
export function promoteNextKeyFile(dataDir: string): void {
  const next = path.join(dataDir, NEXT_KEY_FILE);
  try {
    renameSync(next, path.join(dataDir, KEY_FILE));
    syncDirectory(dataDir);
  } catch (error) {
    throw keyFileError(next, 'rename', error);
  }
}

/** Removes a staged key left by a rotation that did not commit. */
export function discardNextKeyFile(dataDir: string): void {
  try {
    unlinkSync(path.join(dataDir, NEXT_KEY_FILE));
  } catch {
    // already gone
  }
}

function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync there
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function keyFileError(file: string, action: string, error: unknown): VaultError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return new VaultError(
    'VAULT_KEY_FILE',
    `cannot ${action} the master key file ${file} (${code}): check the data directory's permissions, ` +
      'or set CSM_MASTER_KEY',
  );
}
