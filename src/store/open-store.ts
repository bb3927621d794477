import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type Clock, realClock } from '../time/clock.js';
import { ensureDataDir } from './ensure-data-dir.js';
import { migrate } from './migrate.js';
import { type PgliteSocketServer, SOCKET_FILE, servePglite } from './pglite-socket-server.js';
import type { Database } from './schema.js';
import { redactDatabaseUrl, type StoreConfig } from './store-config.js';
import { StoreError } from './store-error.js';
import { acquireStoreLock, type LockOwner, type StoreLock, StoreLockedError } from './store-lock.js';

/** An open store: one Kysely instance over a `pg` pool, whichever database is behind it. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly backend: 'pglite' | 'postgres';
  /**
   * `owner`: this process opened the embedded database and serves it on its socket; `client`: it reached
   * another process's embedded database through that socket; `server`: PostgreSQL.
   */
  readonly role: 'owner' | 'client' | 'server';
  readonly dataDir: string;
  /** Where the embedded database is served (`pg`'s `host`); undefined for PostgreSQL. */
  readonly socketDir: string | undefined;
  /** Closes the pool; an owner also rolls back open transactions, closes PGlite and removes its lock. */
  close(): Promise<void>;
}

/** Options of `openStore`; each has a default. */
export interface OpenStoreOptions {
  /**
   * When another live process owns the embedded data directory: `refuse` throws `StoreLockedError` naming
   * its PID and command; `connect` reaches its database through its socket (for commands that may run
   * while `csm serve` does). Has no effect on PostgreSQL.
   * @default 'refuse'
   */
  readonly whenOwned?: 'refuse' | 'connect';
  /**
   * How this process is named in the lock file.
   * @default the command line up to its first flag (`csm serve`): flag values may be secrets
   */
  readonly command?: string;
  /** Connections in the pool. @default 10 for PostgreSQL, 4 for PGlite (it runs one statement at a time) */
  readonly maxConnections?: number;
  /** Where waits of more than a moment are announced. @default process.stderr */
  readonly notify?: (line: string) => void;
  /** @default realClock */
  readonly clock?: Clock;
}

/** How long a client waits for an owner that took the lock but does not serve yet (initdb takes seconds). */
const OWNER_START_WAIT_MS = 30_000;
/** Linux's limit for a unix socket path is 108 bytes with the terminating NUL; macOS's is 104. */
const MAX_SOCKET_PATH = 103;

/**
 * Opens the store `config` names and applies pending migrations.
 *
 * PostgreSQL (`CSM_DATABASE_URL`): a `pg` pool on the URL. Embedded (the default): this process takes the
 * data directory's lock, opens PGlite in `<dataDir>/pglite` and serves it on a unix socket, and its own
 * pool connects through that socket too, so both stores run the very same `pg` code path. Another process
 * then gets `StoreLockedError`, or with `whenOwned: 'connect'` becomes a client of the owner's socket.
 */
export async function openStore(config: StoreConfig, options: OpenStoreOptions = {}): Promise<Store> {
  ensureDataDir(config.dataDir);
  if (config.backend === 'postgres') return openPostgres(config.url, config.dataDir, options);
  const claim = {
    command: options.command ?? commandLine(process.argv),
    since: new Date((options.clock ?? realClock).now()).toISOString(),
    socketDir: socketDirFor(config.dataDir),
  };
  let lock: StoreLock;
  try {
    lock = acquireStoreLock(config.dataDir, claim);
  } catch (error) {
    if (error instanceof StoreLockedError && options.whenOwned === 'connect') {
      return openClient(config.dataDir, error.owner, options);
    }
    throw error;
  }
  try {
    return await openOwner(config.dataDir, lock, options);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function openPostgres(url: string, dataDir: string, options: OpenStoreOptions): Promise<Store> {
  const pool = newPool({ connectionString: url, max: options.maxConnections ?? 10 });
  const where = `PostgreSQL at ${redactDatabaseUrl(url)}`;
  await checkReachable(pool, where, 'check CSM_DATABASE_URL and that the server runs');
  const db = kyselyOn(pool);
  await migrateOrClose(db);
  return {
    db,
    backend: 'postgres',
    role: 'server',
    dataDir,
    socketDir: undefined,
    close: () => db.destroy(),
  };
}

async function openOwner(dataDir: string, lock: StoreLock, options: OpenStoreOptions): Promise<Store> {
  const pgliteDir = path.join(dataDir, 'pglite');
  const notify = options.notify ?? ((line) => process.stderr.write(`${line}\n`));
  const clock = options.clock ?? realClock;
  if (!existsSync(pgliteDir)) {
    notify(`csm: creating the embedded database in ${pgliteDir} (takes a few seconds, once)`);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(pgliteDir);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(
      'STORE_UNAVAILABLE',
      `cannot open the embedded database in ${pgliteDir}: ${reason}; restore the data directory from a backup, ` +
        'or move it aside to start afresh',
      { cause: error },
    );
  }
  let server: PgliteSocketServer;
  try {
    privateSocketDir(lock.owner.socketDir);
    server = await servePglite(pglite, lock.owner.socketDir, { clock, notify });
  } catch (error) {
    await pglite.close();
    throw error;
  }
  const db = kyselyOn(newPool(socketPoolConfig(server.socketDir, options.maxConnections ?? 4)));
  const close = async () => {
    await db.destroy();
    await server.close();
    await pglite.close();
    if (server.socketDir !== dataDir) rmdirQuietly(server.socketDir);
    lock.release();
  };
  try {
    await migrate(db);
  } catch (error) {
    await close();
    throw error;
  }
  return { db, backend: 'pglite', role: 'owner', dataDir, socketDir: server.socketDir, close };
}

async function openClient(dataDir: string, owner: LockOwner, options: OpenStoreOptions): Promise<Store> {
  const clock = options.clock ?? realClock;
  const notify = options.notify ?? ((line) => process.stderr.write(`${line}\n`));
  const socket = path.join(owner.socketDir, SOCKET_FILE);
  const deadline = clock.now() + OWNER_START_WAIT_MS;
  // The owner takes the lock before it serves (opening PGlite takes a moment, creating it seconds).
  if (!existsSync(socket)) {
    notify(
      `csm: waiting up to ${OWNER_START_WAIT_MS / 1000} s for process ${owner.pid} (${owner.command}) to open the store`,
    );
    while (!existsSync(socket) && clock.now() < deadline) await clock.sleep(100);
  }
  const pool = newPool(socketPoolConfig(owner.socketDir, options.maxConnections ?? 4));
  await checkReachable(
    pool,
    `the store of process ${owner.pid} (${owner.command}) through ${socket}`,
    `check that process ${owner.pid} still runs`,
  );
  const db = kyselyOn(pool);
  await migrateOrClose(db);
  return {
    db,
    backend: 'pglite',
    role: 'client',
    dataDir,
    socketDir: owner.socketDir,
    close: () => db.destroy(),
  };
}

function socketPoolConfig(socketDir: string, max: number): pg.PoolConfig {
  return { host: socketDir, port: 5432, user: 'postgres', database: 'postgres', max };
}

/**
 * The socket lives in the data directory (mode 0700: only the user reaches it). A data directory too deep
 * for a socket path gets a private directory under the system's temporary directory instead, named after it.
 */
function socketDirFor(dataDir: string): string {
  if (Buffer.byteLength(path.join(dataDir, SOCKET_FILE)) <= MAX_SOCKET_PATH) return dataDir;
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  const digest = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `csm-${uid}-${digest}`);
}

function rmdirQuietly(dir: string): void {
  try {
    rmdirSync(dir); // only when empty
  } catch {
    // not empty or gone: leave it
  }
}

/**
 * The socket's directory must be the user's alone: whoever can reach the socket reads the whole database.
 * The data directory is; a fallback directory under the shared temporary directory is checked, since
 * someone else could have made it first.
 */
function privateSocketDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  const stat = statSync(dir);
  if (stat.uid !== process.getuid?.() || (stat.mode & 0o077) !== 0) {
    throw new StoreError(
      'STORE_CONFIG',
      `the socket directory ${dir} belongs to another user or others may enter it: remove it, or choose a ` +
        'shorter CSM_DATA_DIR so the socket can live in the data directory',
    );
  }
}

// DATE columns stay `YYYY-MM-DD` strings: pg's default turns them into Dates at local midnight.
const DATE_OID = 1082;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === DATE_OID && format !== 'binary'
      ? (value: string) => value
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function newPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({ ...config, types });
  // An idle connection dropped by the server (an owner that stopped) must not crash the process; the
  // next query reports the failure.
  pool.on('error', () => {});
  return pool;
}

function kyselyOn(pool: pg.Pool): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

async function checkReachable(pool: pg.Pool, where: string, fix: string): Promise<void> {
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError('STORE_UNAVAILABLE', `cannot reach ${where}: ${reason}; ${fix}`, { cause: error });
  }
}

async function migrateOrClose(db: Kysely<Database>): Promise<void> {
  try {
    await migrate(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/**
 * The command line as the lock file shows it: the program and its subcommands up to the first flag,
 * `node …/bin/csm.js serve --port 80` → `csm serve`. Flag values are left out: they may be secrets.
 */
export function commandLine(argv: readonly string[]): string {
  const [, script = 'node', ...rest] = argv;
  const program = path.basename(script).replace(/\.(c|m)?[jt]s$/, '');
  const words: string[] = [program];
  for (const word of rest) {
    if (word.startsWith('-')) break;
    words.push(word);
  }
  return words.join(' ');
}
