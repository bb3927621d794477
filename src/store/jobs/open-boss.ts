import type { Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import type { Database } from '../schema.js';
import { bossExecutor } from './boss-executor.js';

/** The schema pg-boss keeps its tables in (created by pg-boss itself when it starts). */
export const BOSS_SCHEMA = 'pgboss';

/** Options of `openBoss`; each has a default. */
export interface OpenBossOptions {
  /**
   * Run pg-boss's maintenance (expiring, archiving and deleting old jobs) and its cron timekeeper in this
   * process. Every long-running process may: pg-boss takes a lock so one does it at a time. A process that
   * only sends a job (a CLI command) turns it off.
   * @default true
   */
  readonly maintain?: boolean;
  /** Where pg-boss's own errors go (a failed poll, a lost connection); it keeps running after them. */
  readonly onError: (error: Error) => void;
}

/**
 * Starts pg-boss 10 on the store's own connection pool: the same `pg` path for PostgreSQL and for the
 * embedded PGlite behind its socket server. pg-boss polls for jobs (it never relies on LISTEN/NOTIFY, which
 * PGlite's single shared session cannot deliver) and keeps no session state, so it runs unchanged on both.
 * Its queries go through Kysely's connection pool (`bossExecutor`).
 */
export async function openBoss(db: Kysely<Database>, options: OpenBossOptions): Promise<PgBoss> {
  const maintain = options.maintain ?? true;
  const boss = new PgBoss({
    db: bossExecutor(db),
    schema: BOSS_SCHEMA,
    supervise: maintain,
    schedule: maintain,
    migrate: true,
  });
  boss.on('error', options.onError);
  await boss.start();
  return boss;
}
