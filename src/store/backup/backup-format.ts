/**
 * A csm backup file: gzip of UTF-8 lines, each a JSON value.
 *
 *   {"format":"csm-backup","version":1,...}     the header (BackupHeader)
 *   {"csm-backup-table":"accounts","columns":[...]}   a table follows: its columns as they were
 *   {"id":"…","name":"…",...}                   one line per row: the row as PostgreSQL's to_jsonb wrote it
 *   ...                                         more tables, parents before the tables that reference them
 *   {"csm-backup-end":{"rows":{...},"sha256":"…"}}   the trailer: rows per table, and the SHA-256 of every
 *                                               line above it (newlines included)
 *
 * The keys of the table and end lines cannot be column names of a row (csm's columns are plain
 * identifiers), so a row is never mistaken for them.
 *
 * Rows are never parsed by csm on the way through (a numeric keeps every digit); the database writes them
 * and reads them back. Secrets stay as the vault sealed them.
 */

/** What the first line says. */
export interface BackupHeader {
  readonly format: typeof BACKUP_FORMAT;
  readonly version: typeof BACKUP_VERSION;
  /** When the snapshot was taken (ISO). */
  readonly createdAt: string;
  /** The csm that wrote it (`csm/0.1.0`). */
  readonly producer: string;
  /** The store it came from. */
  readonly backend: 'pglite' | 'postgres';
  /** The migrations the store had: a csm that lacks one of them cannot restore it. */
  readonly migrations: readonly string[];
  /** The tables, in the order they follow. */
  readonly tables: readonly string[];
}

/** The line that starts a table. */
export interface TableLine {
  readonly 'csm-backup-table': string;
  readonly columns: readonly string[];
}

/** The last line. */
export interface EndLine {
  readonly 'csm-backup-end': { readonly rows: Readonly<Record<string, number>>; readonly sha256: string };
}

export const BACKUP_FORMAT = 'csm-backup';
export const BACKUP_VERSION = 1;

/**
 * Tables a backup leaves out: the migrations are the header's list, and the rate-limit buckets tell what
 * was spent at Amazon around the backup's time: restored later, they would claim tokens Amazon no longer
 * has, so a restored store keeps its own.
 */
export const NOT_BACKED_UP: ReadonlySet<string> = new Set(['schema_migrations', 'rate_limit_buckets']);
