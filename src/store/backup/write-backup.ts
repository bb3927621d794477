import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupHeader } from './backup-format.js';
import { backupTables } from './table-catalog.js';

/** What `writeBackup` wrote. */
export interface BackupSummary {
  readonly createdAt: string;
  readonly tables: number;
  readonly rows: number;
  /** Rows per table. */
  readonly rowsByTable: Readonly<Record<string, number>>;
  /** The checksum in the trailer (of the uncompressed lines). */
  readonly sha256: string;
}

/** Rows fetched from the cursor at a time. */
const FETCH_ROWS = 1000;

/**
 * Writes a consistent copy of csm's tables to `out` (see backup-format.ts): one REPEATABLE READ, read-only
 * transaction, so every table is seen at the same instant, however long the copy takes and whatever syncs
 * commit meanwhile; rows stream through a cursor, in constant memory. `out` is ended when the trailer is
 * written. On the embedded store the transaction holds the database until the copy is done (PGlite runs one
 * transaction at a time): other processes' queries wait meanwhile.
 */
export async function writeBackup(
  db: Kysely<Database>,
  out: Writable,
  options: {
    producer: string;
    backend: 'pglite' | 'postgres';
    now: Date;
    onTable?: (table: string, rows: number) => void;
  },
): Promise<BackupSummary> {
  const gzip = createGzip();
  gzip.pipe(out);
  const hash = createHash('sha256');
  const write = async (lines: string): Promise<void> => {
    const bytes = Buffer.from(lines, 'utf8');
    hash.update(bytes);
    if (!gzip.write(bytes)) await once(gzip, 'drain');
  };
  const rowsByTable: Record<string, number> = {};
  const summary = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const migrations = (await trx.selectFrom('schema_migrations').select('id').orderBy('id').execute()).map(
        (m) => m.id,
      );
      const tables = await backupTables(trx);
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: options.now.toISOString(),
        producer: options.producer,
        backend: options.backend,
        migrations,
        tables: tables.map((t) => t.name),
      };
      await write(`${JSON.stringify(header)}\n`);
      for (const table of tables) {
        await write(`${JSON.stringify({ 'csm-backup-table': table.name, columns: table.columns })}\n`);
        let count = 0;
        await sql`declare csm_backup no scroll cursor for select to_jsonb(t)::text as r from ${sql.table(table.name)} t`.execute(
          trx,
        );
        for (;;) {
          const { rows } = await sql<{ r: string }>`fetch ${sql.lit(FETCH_ROWS)} from csm_backup`.execute(
            trx,
          );
          if (rows.length === 0) break;
          count += rows.length;
          await write(`${rows.map((row) => row.r).join('\n')}\n`);
        }
        await sql`close csm_backup`.execute(trx);
        rowsByTable[table.name] = count;
        options.onTable?.(table.name, count);
      }
      const sha256 = hash.copy().digest('hex');
      // The trailer is outside the checksum it carries.
      const trailer = Buffer.from(
        `${JSON.stringify({ 'csm-backup-end': { rows: rowsByTable, sha256 } })}\n`,
        'utf8',
      );
      if (!gzip.write(trailer)) await once(gzip, 'drain');
      return { createdAt: header.createdAt, tables: tables.length, sha256 };
    });
  gzip.end();
  await finished(out);
  const rows = Object.values(rowsByTable).reduce((a, b) => a + b, 0);
  return { ...summary, rows, rowsByTable };
}
