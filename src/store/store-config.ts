import os from 'node:os';
import path from 'node:path';
import { StoreError } from './store-error.js';

/**
 * Where csm keeps everything, resolved once from the environment. The data directory exists in both cases:
 * it holds the embedded database, and the master key file whichever database is used.
 */
export type StoreConfig =
  | {
      /** Embedded PGlite in `<dataDir>/pglite`, owned by one process at a time. */
      readonly backend: 'pglite';
      readonly dataDir: string;
    }
  | {
      /** A PostgreSQL server (`CSM_DATABASE_URL`). */
      readonly backend: 'postgres';
      /** `postgres://USER:PASSWORD@HOST:PORT/DATABASE`; never printed as is (it may hold a password). */
      readonly url: string;
      readonly dataDir: string;
    };

/** What `resolveStoreConfig` reads besides the environment; tests pass their own. */
export interface PlatformInfo {
  readonly platform: NodeJS.Platform;
  readonly homedir: string;
}

const hostPlatform: PlatformInfo = { platform: process.platform, homedir: os.homedir() };

/**
 * Resolves the store from `CSM_DATABASE_URL` (PostgreSQL when set) and `CSM_DATA_DIR` (default: the
 * per-user data directory, see `defaultDataDir`). A malformed value fails here with the fix.
 */
export function resolveStoreConfig(
  env: Readonly<Record<string, string | undefined>>,
  platform: PlatformInfo = hostPlatform,
): StoreConfig {
  const dataDir = env.CSM_DATA_DIR?.trim() ? path.resolve(env.CSM_DATA_DIR) : defaultDataDir(env, platform);
  const url = env.CSM_DATABASE_URL?.trim();
  if (!url) return { backend: 'pglite', dataDir };
  checkDatabaseUrl(url);
  return { backend: 'postgres', url, dataDir };
}

/**
 * The per-user data directory: `$XDG_DATA_HOME/csm` or `~/.local/share/csm` on Linux and other Unixes,
 * `~/Library/Application Support/csm` on macOS, `%LOCALAPPDATA%\csm` on Windows.
 */
export function defaultDataDir(
  env: Readonly<Record<string, string | undefined>>,
  { platform, homedir }: PlatformInfo,
): string {
  if (platform === 'win32') {
    return path.win32.join(env.LOCALAPPDATA || path.win32.join(homedir, 'AppData', 'Local'), 'csm');
  }
  if (platform === 'darwin') return path.posix.join(homedir, 'Library', 'Application Support', 'csm');
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  return path.posix.join(
    xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(homedir, '.local', 'share'),
    'csm',
  );
}

/** A PostgreSQL URL as it may be shown: the password replaced by `***`. Unparseable input shows nothing. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function checkDatabaseUrl(url: string): void {
  const fix = 'set it to postgres://USER:PASSWORD@HOST:PORT/DATABASE, or unset it to use the embedded store';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreError('STORE_CONFIG', `CSM_DATABASE_URL does not parse as a URL: ${fix}`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new StoreError(
      'STORE_CONFIG',
      `CSM_DATABASE_URL must start with postgres:// (got ${parsed.protocol}//…): ${fix}`,
    );
  }
  if (!parsed.hostname && !parsed.searchParams.has('host')) {
    throw new StoreError(
      'STORE_CONFIG',
      `CSM_DATABASE_URL names no host (${redactDatabaseUrl(url)}): ${fix}`,
    );
  }
}
