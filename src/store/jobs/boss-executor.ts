import { CompiledQuery, type Kysely } from 'kysely';
import type PgBoss from 'pg-boss';

const ROLLBACK = CompiledQuery.raw('rollback');

/**
 * pg-boss's view of a Kysely instance or transaction: `boss.send(…, { db: bossExecutor(trx) })` inserts the
 * job in the caller's transaction, so it exists exactly when the transaction's other writes do. A
 * statement list without parameters (pg-boss's migrations, its `BEGIN; … COMMIT;` maintenance) goes as one
 * simple query.
 *
 * Such a list that fails half way leaves its connection inside an aborted transaction (its COMMIT never
 * ran), and the pool would hand that connection to the next query; so a failure is followed by a ROLLBACK
 * on the same connection (outside a transaction it does nothing). Not inside a caller's transaction: that
 * one is the caller's to end.
 */
// biome-ignore lint/suspicious/noExplicitAny: any database's Kysely or transaction will do
export function bossExecutor(db: Kysely<any>): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const query = CompiledQuery.raw(text, values ?? []);
      if (db.isTransaction) return { rows: (await db.executeQuery(query)).rows as unknown[] };
      return db.connection().execute(async (connection) => {
        try {
          return { rows: (await connection.executeQuery(query)).rows as unknown[] };
        } catch (error) {
          await connection.executeQuery(ROLLBACK).catch(() => {});
          throw error;
        }
      });
    },
  };
}
