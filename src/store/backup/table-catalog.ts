import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';
import { NOT_BACKED_UP } from './backup-format.js';

/** A table of csm's schema as a backup sees it. */
export interface CatalogTable {
  readonly name: string;
  /** Columns that take values (stored generated columns are left out: the database computes them). */
  readonly columns: readonly string[];
}

/**
 * csm's tables (schema `public`, pg-boss's own schema left out) in an order where a table comes after
 * every table it references, so rows can be inserted in that order. Works on both stores: only the
 * catalogs both PostgreSQL 15 and PGlite's PostgreSQL 18 have.
 */
export async function backupTables(db: Kysely<Database>): Promise<CatalogTable[]> {
  const { rows: columns } = await sql<{ table: string; column: string }>`
    select c.relname as table, a.attname as column
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid
    where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
      and a.attgenerated = ''
    order by c.relname, a.attnum`.execute(db);
  const { rows: references } = await sql<{ child: string; parent: string }>`
    select child.relname as child, parent.relname as parent
    from pg_constraint k
    join pg_class child on child.oid = k.conrelid
    join pg_class parent on parent.oid = k.confrelid
    join pg_namespace n on n.oid = child.relnamespace
    where k.contype = 'f' and n.nspname = 'public'`.execute(db);
  const byTable = new Map<string, string[]>();
  for (const { table, column } of columns) {
    if (NOT_BACKED_UP.has(table)) continue;
    byTable.set(table, [...(byTable.get(table) ?? []), column]);
  }
  const parents = new Map<string, Set<string>>();
  for (const { child, parent } of references) {
    if (child !== parent && byTable.has(child) && byTable.has(parent)) {
      parents.set(child, (parents.get(child) ?? new Set()).add(parent));
    }
  }
  const ordered: CatalogTable[] = [];
  const placed = new Set<string>();
  const visit = (name: string, path: Set<string>): void => {
    if (placed.has(name)) return;
    if (path.has(name)) throw new Error(`tables reference each other in a cycle through ${name}`);
    path.add(name);
    for (const parent of [...(parents.get(name) ?? [])].sort()) visit(parent, path);
    path.delete(name);
    placed.add(name);
    ordered.push({ name, columns: byTable.get(name)! });
  };
  for (const name of [...byTable.keys()].sort()) visit(name, new Set());
  return ordered;
}
