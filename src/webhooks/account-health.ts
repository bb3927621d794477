import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { type Clock, realClock } from '../time/clock.js';
import { recordEvent } from './record-event.js';

const DAY_MS = 86_400_000;
/** Amazon expires an LWA client secret this long after its creation. */
export const SECRET_LIFETIME_DAYS = 180;

/** Why an account needs attention. */
export type HealthReasonCode = 'refresh_token_revoked' | 'secret_expiring' | 'syncs_failing';

export interface HealthReason {
  readonly code: HealthReasonCode;
  /** What happened and what to do, for the dashboard's banner and the event. No secret. */
  readonly message: string;
}

/** An account's health as the dashboard's banner and `account.unhealthy` show it. */
export interface AccountHealth {
  readonly accountId: string;
  readonly accountName: string;
  readonly healthy: boolean;
  readonly reasons: readonly HealthReason[];
  /** The day the client secret expires (`YYYY-MM-DD`); null when its creation day is unknown. */
  readonly secretExpiresOn: string | null;
}

/** Options of the health checks. */
export interface HealthOptions {
  /** @default realClock */
  readonly clock?: Clock;
  /** Warn when the client secret expires within this many days. @default 14 */
  readonly secretWarningDays?: number;
  /** Failed syncs in a row that make an account unhealthy. @default 3 */
  readonly failedSyncs?: number;
}

/**
 * An account's health, derived from what the store already knows: the refresh token revoked (LWA's
 * `invalid_grant` as the last sync's error), the client secret expiring within 14 days (its creation day
 * plus 180), or several failed syncs in a row (`sync_schedules.failures`). Undefined for an unknown account.
 */
export async function accountHealth(
  db: Kysely<Database>,
  accountId: string,
  options: HealthOptions = {},
): Promise<AccountHealth | undefined> {
  return (await healthOf(db, options, accountId))[0];
}

/** Every account's health, by name. */
export async function accountsHealth(
  db: Kysely<Database>,
  options: HealthOptions = {},
): Promise<AccountHealth[]> {
  return healthOf(db, options);
}

/**
 * Checks every account and records `account.unhealthy` (in the same transaction as the health it
 * remembers) for each account that shows a reason it did not have at the last check: the transition to
 * unhealthy, and a further reason while unhealthy. Returns the accounts it fired for.
 */
export async function checkAccountsHealth(
  db: Kysely<Database>,
  options: HealthOptions = {},
): Promise<string[]> {
  const clock = options.clock ?? realClock;
  const fired: string[] = [];
  for (const health of await accountsHealth(db, options)) {
    const now = new Date(clock.now());
    const codes = health.reasons.map((r) => r.code);
    const emitted = await db.transaction().execute(async (trx) => {
      const known = await trx
        .selectFrom('account_health')
        .select('reasons')
        .where('account_id', '=', health.accountId)
        .forUpdate()
        .executeTakeFirst();
      const before = known?.reasons ?? [];
      const added = codes.filter((c) => !before.includes(c));
      const changed = added.length > 0 || before.some((c) => !codes.includes(c as HealthReasonCode));
      await trx
        .insertInto('account_health')
        .values({
          account_id: health.accountId,
          reasons: JSON.stringify(codes),
          checked_at: now,
          changed_at: now,
        })
        .onConflict((oc) =>
          oc.column('account_id').doUpdateSet({
            reasons: JSON.stringify(codes),
            checked_at: now,
            ...(changed ? { changed_at: now } : {}),
          }),
        )
        .execute();
      if (added.length === 0) return false;
      await recordEvent(trx, {
        type: 'account.unhealthy',
        accountId: health.accountId,
        subject: health.accountId,
        data: {
          accountName: health.accountName,
          reasons: health.reasons,
          newReasons: added,
          secretExpiresOn: health.secretExpiresOn,
        },
        at: now,
      });
      return true;
    });
    if (emitted) fired.push(health.accountId);
  }
  return fired;
}

async function healthOf(
  db: Kysely<Database>,
  options: HealthOptions,
  accountId?: string,
): Promise<AccountHealth[]> {
  const clock = options.clock ?? realClock;
  const warningDays = options.secretWarningDays ?? 14;
  const failedSyncs = options.failedSyncs ?? 3;
  let query = db
    .selectFrom('accounts as a')
    .leftJoin('sync_schedules as s', 's.account_id', 'a.id')
    .leftJoin('order_sync_state as o', 'o.account_id', 'a.id')
    .select([
      'a.id',
      'a.name',
      'a.secret_created',
      's.failures',
      's.last_outcome',
      's.last_error as schedule_error',
      'o.last_error as sync_error',
      'o.last_error_at',
      'o.last_completed_at',
    ])
    .orderBy('a.name');
  if (accountId !== undefined) query = query.where('a.id', '=', accountId);
  const now = clock.now();
  return (await query.execute()).map((r) => {
    const reasons: HealthReason[] = [];
    const syncError =
      r.sync_error && r.last_error_at && (!r.last_completed_at || r.last_error_at > r.last_completed_at)
        ? r.sync_error
        : null;
    const scheduleError = r.last_outcome === 'failed' ? r.schedule_error : null;
    if ([syncError, scheduleError].some((e) => e !== null && /invalid_grant/.test(e))) {
      reasons.push({
        code: 'refresh_token_revoked',
        message:
          'LWA refused the refresh token (invalid_grant): the seller removed the authorization. ' +
          'Have the seller authorize the app again and store the new token (csm connect).',
      });
    }
    let secretExpiresOn: string | null = null;
    if (r.secret_created) {
      const expires = Date.parse(`${r.secret_created}T00:00:00Z`) + SECRET_LIFETIME_DAYS * DAY_MS;
      secretExpiresOn = new Date(expires).toISOString().slice(0, 10);
      const daysLeft = Math.floor((expires - now) / DAY_MS);
      if (daysLeft <= warningDays) {
        reasons.push({
          code: 'secret_expiring',
          message:
            `${daysLeft < 0 ? 'the LWA client secret expired on' : 'the LWA client secret expires on'} ${secretExpiresOn}: ` +
            'rotate it in Developer Central and store the new one (csm accounts set-secret).',
        });
      }
    }
    if ((r.failures ?? 0) >= failedSyncs) {
      reasons.push({
        code: 'syncs_failing',
        message: `the last ${r.failures} syncs failed: see csm schedule and csm doctor for why.`,
      });
    }
    return { accountId: r.id, accountName: r.name, healthy: reasons.length === 0, reasons, secretExpiresOn };
  });
}
