import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Kysely, UpdateObject } from 'kysely';
import type { Database } from '../../store/schema.js';
import { isAlive } from '../../store/store-lock.js';
import type { Clock, Timer } from '../../time/clock.js';
import { SyncError } from './sync-error.js';

/** This sync's claim on its account, renewed in the background until released. */
export interface SyncLease {
  readonly owner: string;
  /** Ends the renewal and gives the account up (if this sync still holds it). */
  release(): Promise<void>;
}

/**
 * Claims an account for one sync, across every process sharing the store: a row lock decides, the claim
 * lasts `leaseMs` and is renewed every third of it, and each page commit checks it is still held (see
 * `assertLease`), so a sync that lost its claim never commits. A claim whose process died is taken over at
 * once on the same host, and after `leaseMs` from any host.
 */
export async function acquireLease(
  db: Kysely<Database>,
  clock: Clock,
  accountId: string,
  leaseMs: number,
): Promise<SyncLease> {
  const owner = `${os.hostname()}/${process.pid}/${randomBytes(6).toString('hex')}`;
  const host = os.hostname();
  await db
    .insertInto('order_sync_state')
    .values({ account_id: accountId })
    .onConflict((oc) => oc.column('account_id').doNothing())
    .execute();
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('order_sync_state')
      .select(['lease_owner', 'lease_pid', 'lease_host', 'lease_until'])
      .where('account_id', '=', accountId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const now = clock.now();
    const held =
      row.lease_owner !== null &&
      row.lease_until !== null &&
      row.lease_until.getTime() > now &&
      !(row.lease_host === host && row.lease_pid !== null && !pidAlive(row.lease_pid));
    if (held) {
      const where =
        row.lease_host === host
          ? `process ${row.lease_pid}`
          : `process ${row.lease_pid} on ${row.lease_host}`;
      throw new SyncError(
        'SYNC_BUSY',
        `account ${accountId} is being synced by ${where} (its claim holds until ` +
          `${row.lease_until?.toISOString()} unless renewed): wait for it to finish, or stop it`,
      );
    }
    await trx
      .updateTable('order_sync_state')
      .set({
        lease_owner: owner,
        lease_pid: process.pid,
        lease_host: host,
        lease_until: new Date(now + leaseMs),
        last_started_at: new Date(now),
      })
      .where('account_id', '=', accountId)
      .execute();
  });

  let timer: Timer | undefined;
  let renewing: Promise<unknown> = Promise.resolve();
  let released = false;
  const schedule = (): void => {
    timer = clock.setTimer(leaseMs / 3, () => {
      renewing = db
        .updateTable('order_sync_state')
        .set({ lease_until: new Date(clock.now() + leaseMs) })
        .where('account_id', '=', accountId)
        .where('lease_owner', '=', owner)
        .execute()
        // A failed renewal is seen by the next page commit (assertLease); nothing to do here.
        .catch(() => {})
        .finally(() => {
          if (!released) schedule();
        });
    });
  };
  schedule();
  return {
    owner,
    async release() {
      released = true;
      timer?.cancel();
      await renewing;
      await db
        .updateTable('order_sync_state')
        .set({ lease_owner: null, lease_pid: null, lease_host: null, lease_until: null })
        .where('account_id', '=', accountId)
        .where('lease_owner', '=', owner)
        .execute();
    },
  };
}

/**
 * In the page's transaction, first: renews the claim and writes `state` (the next page token, or the moved
 * watermark) in one statement, and fails if another sync holds the account now, so the transaction rolls
 * back and nothing of the page is committed. The row lock it takes also orders this page's commit before
 * any other sync's.
 */
export async function assertLease(
  trx: Kysely<Database>,
  accountId: string,
  owner: string,
  until: Date,
  state: UpdateObject<Database, 'order_sync_state'> = {},
): Promise<void> {
  const result = await trx
    .updateTable('order_sync_state')
    .set({ ...state, lease_until: until })
    .where('account_id', '=', accountId)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) {
    throw new SyncError(
      'SYNC_LEASE_LOST',
      `this sync's claim on account ${accountId} was taken by another sync (it was paused longer than its ` +
        'lease): its page was not committed; the other sync goes on',
    );
  }
}

function pidAlive(pid: number): boolean {
  return pid === process.pid || isAlive({ pid, command: '', since: '', socketDir: '' });
}
