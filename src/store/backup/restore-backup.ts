import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../schema.js';
import { BackupError } from './backup-error.js';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupHeader,
  type EndLine,
  type TableLine,
} from './backup-format.js';
import { backupTables, type CatalogTable } from './table-catalog.js';

/** What `restoreBackup` needs besides the store and the file. */
export interface RestoreOptions {
  /** The migrations this csm knows: a backup with another one was made by a newer csm. */
  readonly knownMigrations: readonly string[];
  /** Where the file came from, for messages (`backup.csm`, `stdin`). */
  readonly source: string;
  /**
   * Runs in the restore's transaction after every row is in and checked, before the commit: throwing
   * rolls everything back (the CLI checks here that the master key opens the restored secrets).
   */
  readonly beforeCommit?: (trx: Transaction<Database>, header: BackupHeader) => Promise<void>;
  /** Things worth saying that do not stop the restore. */
  readonly onWarning?: (message: string) => void;
  readonly onTable?: (table: string, rows: number) => void;
}

/** What was restored. */
export interface RestoreSummary {
  readonly header: BackupHeader;
  readonly rows: number;
  readonly rowsByTable: Readonly<Record<string, number>>;
}

/** Rows per INSERT, and the most bytes of JSON per INSERT. */
const BATCH_ROWS = 500;
const BATCH_BYTES = 1 << 20;

/**
 * Replaces csm's tables with a backup's, in one transaction: the store ends up exactly as the backup was
 * taken, or, whatever goes wrong (not a backup, a newer csm's, truncated, altered, a key that does not open
 * its secrets), exactly as it was. The header is read and checked before the store is touched; the checksum
 * and row counts are checked at the end, before the commit.
 *
 * After the rows, what described the moment of the backup is reset: runs in progress are forgotten (their
 * processes are not coming back), and sequences continue after the restored rows. The rate-limit buckets
 * are not in a backup and stay as they are.
 */
export async function restoreBackup(
  db: Kysely<Database>,
  input: Readable,
  options: RestoreOptions,
): Promise<RestoreSummary> {
  const lines = readLines(input, options.source);
  const first = await lines.next();
  const header = parseHeader(first.done ? undefined : first.value.text, options.source);
  const known = new Set(options.knownMigrations);
  const unknown = header.migrations.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new BackupError(
      'BACKUP_TOO_NEW',
      `${options.source} was made by a newer csm (${header.producer}; migration ${unknown.join(', ')} is unknown ` +
        'to this one): restore it with that csm version or a later one',
    );
  }
  const missing = options.knownMigrations.filter((id) => !header.migrations.includes(id));
  if (missing.length > 0) {
    options.onWarning?.(
      `${options.source} was made by an older csm (${header.producer}, before migration ${missing.join(', ')}): ` +
        'columns added since take their defaults',
    );
  }
  const hash = createHash('sha256');
  hash.update(first.done ? '' : first.value.bytes);

  return db.transaction().execute(async (trx) => {
    const tables = new Map((await backupTables(trx)).map((t) => [t.name, t]));
    if (tables.size > 0) {
      await sql`truncate ${sql.join([...tables.keys()].map((name) => sql.table(name)))}`.execute(trx);
    }
    const rowsByTable: Record<string, number> = {};
    let current: { table: CatalogTable; columns: string[] } | undefined;
    let batch: string[] = [];
    let batchBytes = 0;
    let end: EndLine['csm-backup-end'] | undefined;

    const flush = async (): Promise<void> => {
      if (!current || batch.length === 0) return;
      const cols = sql.join(current.columns.map((c) => sql.id(c)));
      await sql`
        insert into ${sql.table(current.table.name)} (${cols}) overriding system value
        select ${cols} from jsonb_populate_recordset(null::${sql.table(current.table.name)}, ${`[${batch.join(',')}]`}::jsonb)`.execute(
        trx,
      );
      rowsByTable[current.table.name] = (rowsByTable[current.table.name] ?? 0) + batch.length;
      batch = [];
      batchBytes = 0;
    };

    for (;;) {
      const next = await lines.next();
      if (next.done) break;
      const { text, bytes } = next.value;
      if (end) throw damaged(options.source, 'there are lines after its end');
      if (text.startsWith('{"csm-backup-end":')) {
        end = (parseLine(text, options.source) as EndLine)['csm-backup-end'];
        continue;
      }
      hash.update(bytes);
      if (text.startsWith('{"csm-backup-table":')) {
        await flush();
        if (current) options.onTable?.(current.table.name, rowsByTable[current.table.name] ?? 0);
        const line = parseLine(text, options.source) as TableLine;
        const name = line['csm-backup-table'];
        const table = tables.get(name);
        if (!table) throw damaged(options.source, `it holds table ${name}, which this store does not have`);
        const columns = line.columns.filter((c) => table.columns.includes(c));
        const dropped = line.columns.filter((c) => !table.columns.includes(c));
        if (dropped.length > 0) {
          options.onWarning?.(
            `${name}: columns ${dropped.join(', ')} are no longer in use and were left out`,
          );
        }
        current = { table, columns };
        rowsByTable[table.name] ??= 0;
        continue;
      }
      if (!current) throw damaged(options.source, 'a row comes before any table');
      batch.push(text);
      batchBytes += text.length;
      if (batch.length >= BATCH_ROWS || batchBytes >= BATCH_BYTES) await flush();
    }
    await flush();
    if (current) options.onTable?.(current.table.name, rowsByTable[current.table.name] ?? 0);
    if (!end) throw damaged(options.source, 'it ends before its trailer (truncated)');
    if (hash.digest('hex') !== end.sha256) throw damaged(options.source, 'its checksum does not match');
    for (const [table, count] of Object.entries(end.rows)) {
      if ((rowsByTable[table] ?? 0) !== count) {
        throw damaged(
          options.source,
          `table ${table} should have ${count} rows, it has ${rowsByTable[table] ?? 0}`,
        );
      }
    }
    await resetMomentState(trx, tables);
    await options.beforeCommit?.(trx, header);
    const rows = Object.values(rowsByTable).reduce((a, b) => a + b, 0);
    return { header, rows, rowsByTable };
  });
}

/**
 * Forgets what was true only at the moment of the backup: runs in progress (their processes are gone, and
 * the accounts are due at once), sync leases, and sequences that must continue after the restored rows.
 */
async function resetMomentState(
  trx: Kysely<Database>,
  tables: ReadonlyMap<string, CatalogTable>,
): Promise<void> {
  if (tables.has('sync_schedules')) {
    await sql`update sync_schedules set pending_since = null, run_owner = null, heartbeat_at = null,
      next_run_at = least(next_run_at, now())`.execute(trx);
  }
  const syncState = tables.get('order_sync_state');
  if (syncState?.columns.includes('lease_owner')) {
    const leaseColumns = ['lease_owner', 'lease_pid', 'lease_host', 'lease_until'].filter((c) =>
      syncState.columns.includes(c),
    );
    await sql`update order_sync_state set ${sql.join(leaseColumns.map((c) => sql`${sql.id(c)} = null`))}`.execute(
      trx,
    );
  }
  for (const table of tables.values()) {
    for (const column of table.columns) {
      const { rows } = await sql<{
        seq: string | null;
      }>`select pg_get_serial_sequence(${table.name}, ${column}) as seq`.execute(trx);
      const seq = rows[0]?.seq;
      if (!seq) continue;
      await sql`select setval(${seq}::regclass, coalesce(max(${sql.id(column)}), 1), max(${sql.id(column)}) is not null)
        from ${sql.table(table.name)}`.execute(trx);
    }
  }
}

function parseHeader(text: string | undefined, source: string): BackupHeader {
  const notCsm = (why: string) =>
    new BackupError(
      'BACKUP_NOT_CSM',
      `${source} is not a csm backup (${why}): give a file written by csm backup; the store was not changed`,
    );
  if (text === undefined) throw notCsm('it is empty');
  let header: Partial<BackupHeader>;
  try {
    header = JSON.parse(text) as Partial<BackupHeader>;
  } catch {
    throw notCsm('its first line is not a csm backup header');
  }
  if (header?.format !== BACKUP_FORMAT) throw notCsm('its first line is not a csm backup header');
  if (header.version !== BACKUP_VERSION) {
    throw new BackupError(
      'BACKUP_VERSION',
      `${source} is a csm backup of format ${String(header.version)}, which this csm does not read ` +
        `(it reads format ${BACKUP_VERSION}): restore it with the csm that made it (${String(header.producer)})`,
    );
  }
  if (!Array.isArray(header.migrations) || !Array.isArray(header.tables))
    throw notCsm('its header is incomplete');
  return header as BackupHeader;
}

function parseLine(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw damaged(source, 'a line does not parse');
  }
}

function damaged(source: string, why: string): BackupError {
  return new BackupError(
    'BACKUP_DAMAGED',
    `${source} is damaged (${why}): the store was not changed; restore from another backup`,
  );
}

/** The file's lines (gunzipped), each with its exact bytes and newline for the checksum. */
async function* readLines(input: Readable, source: string): AsyncGenerator<{ text: string; bytes: Buffer }> {
  const gunzip = createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  let rest = Buffer.alloc(0);
  let yielded = false;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let buffer = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
      let newline = buffer.indexOf(0x0a);
      while (newline >= 0) {
        const bytes = buffer.subarray(0, newline + 1);
        yielded = true;
        yield { text: bytes.toString('utf8', 0, newline), bytes };
        buffer = buffer.subarray(newline + 1);
        newline = buffer.indexOf(0x0a);
      }
      rest = Buffer.from(buffer);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (yielded && (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR')) {
      throw damaged(source, 'its compressed data is cut short or altered');
    }
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
      throw new BackupError(
        'BACKUP_NOT_CSM',
        `${source} is not a csm backup (it is not gzip data, or it is cut short): give a file written by ` +
          'csm backup; the store was not changed',
        { cause: error },
      );
    }
    throw new BackupError('BACKUP_IO', `cannot read ${source}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (rest.length > 0) yield { text: rest.toString('utf8'), bytes: rest };
}
