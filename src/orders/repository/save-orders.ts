import { type Kysely, sql } from 'kysely';
import type { Database } from '../../store/schema.js';
import { sealPii } from '../pii/pii-cipher.js';
import { DAY_MS, MAX_PII_RETENTION_DAYS } from '../pii/retention.js';
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

/** The columns an upsert sets from the incoming version (not holding, first seen, PII deletion). */
const VERSION_COLUMNS = [
  'api',
  'marketplace_id',
  'status',
  'fulfilled_by',
  'service_level',
  'seller_order_id',
  'created_time',
  'last_updated_time',
  'ship_by',
  'deliver_by',
  'order_total',
  'currency',
  'is_prime',
  'is_business',
  'item_lines',
  'units',
  'ship_country',
  'raw',
  'content_hash',
  'synced_at',
  'checked_at',
] as const;
const ORDER_COLUMNS = ['account_id', 'order_id', ...VERSION_COLUMNS, 'retention_from', 'first_seen_at'];
const ITEM_COLUMNS = [
  'account_id',
  'order_id',
  'order_item_id',
  'position',
  'asin',
  'seller_sku',
  'title',
  'quantity_ordered',
  'quantity_shipped',
  'unit_price',
  'currency',
  'raw',
];
const PII_COLUMNS = ['account_id', 'order_id', 'nonce', 'ciphertext', 'tag', 'updated_at'];

const columns = (names: readonly string[], prefix = '') =>
  sql.raw(names.map((c) => `${prefix}${c}`).join(', '));
const excluded = (names: readonly string[]) => sql.raw(names.map((c) => `${c} = excluded.${c}`).join(', '));

/**
 * Stores a batch of orders of one account atomically: an order is written only when it is new, or its
 * `lastUpdatedTime` is later than the stored one's (or equal with other content), so an older version never
 * replaces a newer one, whatever the order in which pages and re-checks arrive. A written order's items are
 * replaced, and its buyer and recipient data, encrypted under `piiKey`, replaced or removed: none is kept
 * once the order's retention (30 days) is over or after it was deleted for retention. Orders seen but not
 * written get their `checked_at` moved.
 *
 * One statement does it all, each table's rows travelling as one JSON parameter (`json_populate_recordset`):
 * through PGlite's socket every statement costs a round trip into the database, and a page is one.
 */
export async function saveOrders(
  db: Kysely<Database>,
  incoming: readonly IncomingOrder[],
  { accountId, now, piiKey }: SaveOptions,
): Promise<SaveResult> {
  const byId = new Map<string, OrderRows>();
  // One statement cannot touch a row twice: of repeats in a batch, keep the newest (the last on a tie).
  for (const rows of incoming.map(orderRows)) {
    const seen = byId.get(rows.orderId);
    if (!seen || rows.lastUpdatedMs >= seen.lastUpdatedMs) byId.set(rows.orderId, rows);
  }
  if (byId.size === 0) return { created: 0, updated: 0, unchanged: 0 };
  const at = new Date(now).toISOString();
  const orders: unknown[] = [];
  const items: unknown[] = [];
  const pii: unknown[] = [];
  for (const r of byId.values()) {
    orders.push({ ...r.order, account_id: accountId, first_seen_at: at, synced_at: at, checked_at: at });
    for (const item of r.items) items.push({ ...item, account_id: accountId });
    // Sealed for every order that has any; the statement keeps only those of orders it writes.
    if (piiKey && r.pii) {
      const sealed = sealPii(piiKey, accountId, r.orderId, r.pii);
      pii.push({
        account_id: accountId,
        order_id: r.orderId,
        nonce: hex(sealed.nonce),
        ciphertext: hex(sealed.ciphertext),
        tag: hex(sealed.tag),
        updated_at: at,
      });
    }
  }
  // Every condition on a table is keyed by these ids (its primary key), so no step scans a whole account.
  const ids = [...byId.keys()];
  const retentionCutoff = new Date(now - MAX_PII_RETENTION_DAYS * DAY_MS).toISOString();
  const { rows } = await sql<{ order_id: string; inserted: boolean }>`
    with upserted as (
      insert into orders as o (${columns(ORDER_COLUMNS)})
      select ${columns(ORDER_COLUMNS)} from json_populate_recordset(null::orders, ${JSON.stringify(orders)}::json)
      on conflict (order_id, account_id) do update set
        ${excluded(VERSION_COLUMNS)},
        version = o.version + case when excluded.last_updated_time > o.last_updated_time then 1 else 0 end,
        -- The earliest evidence of delivery ever seen: a later version never moves it back.
        retention_from = least(o.retention_from, excluded.retention_from)
      where excluded.last_updated_time > o.last_updated_time
         or (excluded.last_updated_time = o.last_updated_time and excluded.content_hash <> o.content_hash)
      returning o.order_id, o.retention_from, o.pii_deleted_at, (o.xmax = 0) as inserted,
        o.marketplace_id, o.status, o.fulfilled_by, o.last_updated_time, o.version
    ),
    -- The state before this statement (its CTEs all see the same snapshot): an update's previous status.
    prior as (
      select order_id, status from orders
      where account_id = ${accountId}::uuid and order_id = any(${ids}::text[])
    ),
    -- The webhooks' outbox (src/webhooks/record-event.ts): one event per order created or changed, in the
    -- page's transaction, so an event exists exactly when its change does.
    recorded_events as (
      insert into events (type, account_id, subject, data, created_at)
      select case when u.inserted then 'order.created' else 'order.updated' end, ${accountId}::uuid, u.order_id,
        jsonb_build_object('orderId', u.order_id, 'marketplaceId', u.marketplace_id, 'status', u.status,
          'previousStatus', p.status, 'fulfilledBy', u.fulfilled_by, 'lastUpdatedTime', u.last_updated_time,
          'version', u.version),
        ${at}::timestamptz
      from upserted u left join prior p on p.order_id = u.order_id
    ),
    touched as (
      update orders set checked_at = ${at}::timestamptz
      where account_id = ${accountId}::uuid
        and order_id = any(${ids}::text[])
        and order_id not in (select order_id from upserted)
    ),
    new_items as (
      select i.* from json_populate_recordset(null::order_items, ${JSON.stringify(items)}::json) i
      where i.order_id in (select order_id from upserted)
    ),
    removed_items as (
      delete from order_items d
      where d.account_id = ${accountId}::uuid
        and d.order_id = any(${ids}::text[])
        and d.order_id in (select order_id from upserted)
        and not exists (select 1 from new_items n where n.order_id = d.order_id and n.order_item_id = d.order_item_id)
    ),
    saved_items as (
      insert into order_items (${columns(ITEM_COLUMNS)})
      select ${columns(ITEM_COLUMNS)} from new_items
      on conflict (account_id, order_id, order_item_id) do update set ${excluded(ITEM_COLUMNS.slice(3))}
    ),
    kept_pii as (
      select p.* from json_populate_recordset(null::order_pii, ${JSON.stringify(pii)}::json) p
      join upserted u on u.order_id = p.order_id
      where u.pii_deleted_at is null and (u.retention_from is null or u.retention_from > ${retentionCutoff}::timestamptz)
    ),
    removed_pii as (
      delete from order_pii d
      where d.account_id = ${accountId}::uuid
        and d.order_id = any(${ids}::text[])
        and d.order_id in (select order_id from upserted)
        and d.order_id not in (select order_id from kept_pii)
    ),
    saved_pii as (
      insert into order_pii (${columns(PII_COLUMNS)})
      select ${columns(PII_COLUMNS)} from kept_pii
      on conflict (account_id, order_id) do update set ${excluded(PII_COLUMNS.slice(2))}
    )
    select order_id, inserted from upserted`.execute(db);
  const created = rows.filter((r) => r.inserted).length;
  return { created, updated: rows.length - created, unchanged: byId.size - rows.length };
}

/** bytea's text form, as `json_populate_recordset` reads it. */
function hex(bytes: Buffer): string {
  return `\\x${bytes.toString('hex')}`;
}
