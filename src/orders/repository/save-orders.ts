import { type Kysely, sql } from 'kysely';
import type { Database } from '../../store/schema.js';
import { sealPii } from '../pii/pii-cipher.js';
import { MAX_PII_RETENTION_DAYS, retentionOver } from '../pii/retention.js';
import { type IncomingOrder, type OrderRows, orderRows } from './incoming-order.js';

/** What storing a batch of orders did. */
export interface SaveResult {
  /** Orders not stored before. */
  readonly created: number;
  /** Stored orders replaced by a newer version (or the same time with other content). */
  readonly updated: number;
  /** Orders already stored in this version, or in a newer one. */
  readonly unchanged: number;
}

/** What `saveOrders` needs besides the orders. */
export interface SaveOptions {
  readonly accountId: string;
  /** The time of the sync (from its Clock). */
  readonly now: number;
  /** The account's order-data key; without it no buyer or recipient data is stored. */
  readonly piiKey: Buffer | undefined;
}

/**
 * Stores a batch of orders of one account, in the caller's transaction: an order is written only when it
 * is new, or its `lastUpdatedTime` is later than the stored one's (or equal with other content), so an
 * older version never replaces a newer one, whatever the order in which pages and re-checks arrive. A
 * written order's items are replaced, and its buyer and recipient data encrypted under `piiKey`, unless
 * its retention is over or it was deleted for retention before.
 */
export async function saveOrders(
  trx: Kysely<Database>,
  incoming: readonly IncomingOrder[],
  options: SaveOptions,
): Promise<SaveResult> {
  const { accountId, now } = options;
  const byId = new Map<string, OrderRows>();
  // One statement cannot touch a row twice: of repeats in a batch, keep the newest (the last on a tie).
  for (const rows of incoming.map(orderRows)) {
    const seen = byId.get(rows.orderId);
    if (!seen || rows.lastUpdatedMs >= seen.lastUpdatedMs) byId.set(rows.orderId, rows);
  }
  if (byId.size === 0) return { created: 0, updated: 0, unchanged: 0 };
  const at = new Date(now);
  const written = await trx
    .insertInto('orders')
    .values(
      [...byId.values()].map((r) => ({
        ...r.order,
        account_id: accountId,
        first_seen_at: at,
        synced_at: at,
        checked_at: at,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['account_id', 'order_id'])
        .doUpdateSet({
          api: sql`excluded.api`,
          marketplace_id: sql`excluded.marketplace_id`,
          status: sql`excluded.status`,
          fulfilled_by: sql`excluded.fulfilled_by`,
          service_level: sql`excluded.service_level`,
          seller_order_id: sql`excluded.seller_order_id`,
          created_time: sql`excluded.created_time`,
          last_updated_time: sql`excluded.last_updated_time`,
          ship_by: sql`excluded.ship_by`,
          deliver_by: sql`excluded.deliver_by`,
          order_total: sql`excluded.order_total`,
          currency: sql`excluded.currency`,
          is_prime: sql`excluded.is_prime`,
          is_business: sql`excluded.is_business`,
          item_lines: sql`excluded.item_lines`,
          units: sql`excluded.units`,
          ship_country: sql`excluded.ship_country`,
          raw: sql`excluded.raw`,
          content_hash: sql`excluded.content_hash`,
          version: sql`orders.version + case when excluded.last_updated_time > orders.last_updated_time then 1 else 0 end`,
          // The earliest evidence of delivery ever seen: a later version never moves it back.
          retention_from: sql`least(orders.retention_from, excluded.retention_from)`,
          synced_at: sql`excluded.synced_at`,
          checked_at: sql`excluded.checked_at`,
        })
        .where(
          sql<boolean>`excluded.last_updated_time > orders.last_updated_time or (excluded.last_updated_time = orders.last_updated_time and excluded.content_hash <> orders.content_hash)`,
        ),
    )
    .returning(['order_id', 'retention_from', 'pii_deleted_at', sql<boolean>`(xmax = 0)`.as('inserted')])
    .execute();

  const writtenIds = written.map((w) => w.order_id);
  const unchangedIds = [...byId.keys()].filter((id) => !writtenIds.includes(id));
  if (unchangedIds.length > 0) {
    await trx
      .updateTable('orders')
      .set({ checked_at: at })
      .where('account_id', '=', accountId)
      .where('order_id', 'in', unchangedIds)
      .execute();
  }
  if (written.length > 0) {
    await trx
      .deleteFrom('order_items')
      .where('account_id', '=', accountId)
      .where('order_id', 'in', writtenIds)
      .execute();
    const items = written.flatMap((w) => byId.get(w.order_id)?.items ?? []);
    if (items.length > 0) {
      await trx
        .insertInto('order_items')
        .values(items.map((item) => ({ ...item, account_id: accountId })))
        .execute();
    }
    await savePii(trx, written, byId, options);
  }
  const created = written.filter((w) => w.inserted).length;
  return { created, updated: written.length - created, unchanged: unchangedIds.length };
}

async function savePii(
  trx: Kysely<Database>,
  written: readonly { order_id: string; retention_from: Date | null; pii_deleted_at: Date | null }[],
  byId: ReadonlyMap<string, OrderRows>,
  { accountId, now, piiKey }: SaveOptions,
): Promise<void> {
  const keep: { order_id: string; nonce: Buffer; ciphertext: Buffer; tag: Buffer }[] = [];
  const drop: string[] = [];
  for (const w of written) {
    const pii = byId.get(w.order_id)?.pii;
    // Stored buyer data mirrors the newest version: none in it, none kept; never past its retention.
    const allowed =
      piiKey !== undefined &&
      pii !== undefined &&
      w.pii_deleted_at === null &&
      !retentionOver(w.retention_from, now, MAX_PII_RETENTION_DAYS);
    if (allowed) keep.push({ order_id: w.order_id, ...sealPii(piiKey, accountId, w.order_id, pii) });
    else drop.push(w.order_id);
  }
  if (drop.length > 0) {
    await trx
      .deleteFrom('order_pii')
      .where('account_id', '=', accountId)
      .where('order_id', 'in', drop)
      .execute();
  }
  if (keep.length > 0) {
    const at = new Date(now);
    await trx
      .insertInto('order_pii')
      .values(keep.map((k) => ({ ...k, account_id: accountId, updated_at: at })))
      .onConflict((oc) =>
        oc.columns(['account_id', 'order_id']).doUpdateSet({
          nonce: sql`excluded.nonce`,
          ciphertext: sql`excluded.ciphertext`,
          tag: sql`excluded.tag`,
          updated_at: sql`excluded.updated_at`,
        }),
      )
      .execute();
  }
}
