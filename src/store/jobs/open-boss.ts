import { type Kysely, sql } from 'kysely';
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
  /**
   * Runs once pg-boss has started, still under the start-up lock: creating queues and schedules, which
   * deadlock when several processes do it at once on PostgreSQL.
   * @default nothing
   */
  readonly setup?: (boss: PgBoss) => Promise<void>;
}

// Serializes pg-boss's start and set-up across the processes of one PostgreSQL database (csm's migrations
// use 7_315_009_001).
const START_LOCK = 7_315_009_002;

/** Starts of pg-boss on a fresh database that may meet another process creating its schema. */
const START_ATTEMPTS = 3;

/**
 * Starts pg-boss 10 on the store's own connection pool: the same `pg` path for PostgreSQL and for the
 * embedded PGlite behind its socket server. pg-boss polls for jobs (it never relies on LISTEN/NOTIFY, which
 * PGlite's single shared session cannot deliver) and keeps no session state, so it runs unchanged on both.
 * Its queries go through Kysely's connection pool (`bossExecutor`).
 */
export async function openBoss(db: Kysely<Database>, options: OpenBossOptions): Promise<PgBoss> {
  // A session-level lock on a connection of its own, not a transaction: pg-boss runs its statements on the
  // pool's other connections meanwhile. On PGlite every connection shares one session, so the lock never
  // blocks there; nor need it, as PGlite runs one statement at a time.
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${sql.lit(START_LOCK)})`.execute(connection);
    try {
      const boss = await startBoss(db, options);
      try {
        await options.setup?.(boss);
      } catch (error) {
        await boss.stop({ graceful: false, close: false }).catch(() => {});
        throw error;
      }
      return boss;
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(START_LOCK)})`.execute(connection).catch(() => {});
    }
  });
}

async function startBoss(db: Kysely<Database>, options: OpenBossOptions): Promise<PgBoss> {
  const maintain = options.maintain ?? true;
  for (let attempt = 1; ; attempt++) {
    const boss = new PgBoss({
      db: bossExecutor(db),
      schema: BOSS_SCHEMA,
      supervise: maintain,
      schedule: maintain,
      migrate: true,
    });
    boss.on('error', options.onError);
    try {
      await boss.start();
      return boss;
    } catch (error) {
      // pg-boss 10 creates its schema under an advisory lock, yet two processes starting on a fresh
      // PostgreSQL database at once can still collide on CREATE SCHEMA (a unique violation in the catalog).
      // The winner's schema is there by the next attempt; an instance that failed to start cannot start
      // again, so each attempt is a new one.
      if (attempt >= START_ATTEMPTS || !isCreateRace(error)) throw error;
      await boss.stop({ graceful: false, close: false }).catch(() => {});
    }
  }
}

function isCreateRace(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /duplicate key value violates unique constraint "pg_|already exists/.test(message);
}
