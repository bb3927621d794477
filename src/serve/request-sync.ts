import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import { bossExecutor } from '../store/jobs/index.js';
import type { Database } from '../store/schema.js';
import { SYNC_QUEUE } from './queues.js';
import { claimDue, requestSync } from './sync-schedules.js';

/**
 * 'Sync now' for one account, from any process: records the request and, unless a job for the account is
 * already queued or running, queues one at once (in one transaction). Repeated requests coalesce: while a
 * job waits they add nothing; while one runs they make exactly one more run follow it.
 * Resolves with `queued` (a job was queued now) or `pending` (the queued or running one serves it).
 */
export async function queueSyncNow(
  db: Kysely<Database>,
  boss: PgBoss,
  accountId: string,
  now: Date,
): Promise<'queued' | 'pending'> {
  return db.transaction().execute(async (trx) => {
    await requestSync(trx, accountId, now);
    const claimed = await claimDue(trx, now, { accountId });
    for (const sync of claimed) {
      await boss.send(SYNC_QUEUE, { ...sync }, { singletonKey: sync.accountId, db: bossExecutor(trx) });
    }
    return claimed.length > 0 ? 'queued' : 'pending';
  });
}
