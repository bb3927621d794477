import type { Kysely } from 'kysely';
import type { Database, OrdersApi } from '../../store/schema.js';

/** An account's order-sync settings, kept with its sync state. */
export interface SyncSettings {
  /** @default '2026-01-01' */
  readonly api: OrdersApi;
  /** @default true */
  readonly piiAllowed: boolean;
}

/** The account's settings (the defaults until changed). */
export async function loadSyncSettings(db: Kysely<Database>, accountId: string): Promise<SyncSettings> {
  const row = await db
    .selectFrom('order_sync_state')
    .select(['api', 'pii_allowed'])
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return { api: row?.api ?? '2026-01-01', piiAllowed: row?.pii_allowed ?? true };
}

/** Changes the account's settings; a change of API starts the next window afresh. */
export async function saveSyncSettings(
  db: Kysely<Database>,
  accountId: string,
  settings: Partial<SyncSettings>,
): Promise<void> {
  const values = {
    ...(settings.api === undefined ? {} : { api: settings.api }),
    ...(settings.piiAllowed === undefined ? {} : { pii_allowed: settings.piiAllowed }),
  };
  if (Object.keys(values).length === 0) return;
  await db
    .insertInto('order_sync_state')
    .values({ account_id: accountId, ...values })
    .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
    .execute();
}
