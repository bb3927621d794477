import { CompiledQuery, type Kysely } from 'kysely';
import type PgBoss from 'pg-boss';

/**
 * pg-boss's view of a Kysely instance or transaction: `boss.send(…, { db: bossExecutor(trx) })` inserts the
 * job in the caller's transaction, so it exists exactly when the transaction's other writes do. A
 * statement list without parameters (pg-boss's migrations, its `BEGIN; … COMMIT;` maintenance) goes as one
 * simple query.
 */
// biome-ignore lint/suspicious/noExplicitAny: any database's Kysely or transaction will do
export function bossExecutor(db: Kysely<any>): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows as unknown[] };
    },
  };
}
