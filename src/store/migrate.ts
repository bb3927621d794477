import { type Kysely, sql } from 'kysely';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import type { Database } from './schema.js';
import { StoreError } from './store-error.js';

// Serializes migrating processes on PostgreSQL (one PGlite runs one transaction at a time anyway).
const MIGRATION_LOCK = 7_315_009_001;

/**
 * Applies the migrations the database lacks, in order, all in one transaction, and records each in
 * `schema_migrations`. Running it again does nothing. A database that records a migration this csm does
 * not know was migrated by a newer csm: it is refused rather than used with a schema it does not expect.
 * Returns the ids applied now.
 */
export async function migrate(
  db: Kysely<Database>,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${sql.lit(MIGRATION_LOCK)})`.execute(trx);
    await sql`create table if not exists schema_migrations (
      id text primary key,
      applied_at timestamptz not null default now()
    )`.execute(trx);
    const applied = new Set(
      (await trx.selectFrom('schema_migrations').select('id').execute()).map((r) => r.id),
    );
    const known = new Set(migrations.map((m) => m.id));
    const unknown = [...applied].filter((id) => !known.has(id)).sort();
    if (unknown.length > 0) {
      throw new StoreError(
        'STORE_TOO_NEW',
        `the database was migrated by a newer csm (migration ${unknown.join(', ')} is unknown to this one): ` +
          'upgrade csm; migrations are forward only',
      );
    }
    const pending = migrations.filter((m) => !applied.has(m.id));
    for (const migration of pending) {
      for (const statement of migration.statements) await sql.raw(statement).execute(trx);
      await trx.insertInto('schema_migrations').values({ id: migration.id }).execute();
    }
    return pending.map((m) => m.id);
  });
}
