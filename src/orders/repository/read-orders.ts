import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, HoldingStatus, OrderItemsTable, OrdersTable } from '../../store/schema.js';
import type { AmazonOrder } from '../amazon-order.js';
import { assembleOrder } from './assemble-order.js';
import type { OrderFilter } from './order-filter.js';
import type { PiiReader } from './pii-reader.js';

/** A stored order with what csm knows about it, and the order in Amazon's 2026-01-01 shape. */
export interface OrderRecord {
  readonly accountId: string;
  readonly accountName: string;
  readonly sellerId: string | null;
  readonly row: Selectable<OrdersTable>;
  readonly items: readonly Selectable<OrderItemsTable>[];
  /** Buyer and recipient data included only when a `PiiReader` was given. */
  readonly order: AmazonOrder;
}

/** How `readOrderPages` reads. */
export interface ReadOptions {
  /** Orders per page: memory use is bounded by one page. @default 500 */
  readonly pageSize?: number;
  /** Opens buyer and recipient data; without it they are left out. */
  readonly pii?: PiiReader;
}

type Cursor = { readonly updated: Date; readonly accountId: string; readonly orderId: string };

/**
 * Every order the filter selects, oldest update first, in pages of `pageSize` read by keyset
 * (last-updated time, account, order id): memory stays bounded by one page however many orders there are,
 * and orders updated while the export runs are not skipped or repeated within it.
 */
export async function* readOrderPages(
  db: Kysely<Database>,
  filter: OrderFilter,
  options: ReadOptions = {},
): AsyncGenerator<OrderRecord[]> {
  const pageSize = options.pageSize ?? 500;
  let cursor: Cursor | undefined;
  for (;;) {
    let query = filtered(db, filter)
      .orderBy('orders.last_updated_time')
      .orderBy('orders.account_id')
      .orderBy('orders.order_id')
      .limit(pageSize);
    if (cursor) {
      const c = cursor;
      query = query.where(
        sql<boolean>`(orders.last_updated_time, orders.account_id, orders.order_id) > (${c.updated}, ${c.accountId}::uuid, ${c.orderId})`,
      );
    }
    const rows = await query.execute();
    if (rows.length === 0) return;
    yield await records(db, rows, options.pii);
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    cursor = { updated: last.last_updated_time, accountId: last.account_id, orderId: last.order_id };
  }
}

/** Stored orders with this Amazon order id (one, unless two stored accounts are one seller). */
export async function readOrder(
  db: Kysely<Database>,
  orderId: string,
  pii?: PiiReader,
): Promise<OrderRecord[]> {
  const rows = await filtered(db, {})
    .where('orders.order_id', '=', orderId)
    .orderBy('accounts.name')
    .execute();
  return records(db, rows, pii);
}

type Row = Selectable<OrdersTable> & { account_name: string; account_seller_id: string | null };

/** The orders of the filter, with their account's name: the one query shape behind list and export. */
export function filtered(db: Kysely<Database>, filter: OrderFilter) {
  let query = db
    .selectFrom('orders')
    .innerJoin('accounts', 'accounts.id', 'orders.account_id')
    .selectAll('orders')
    .select(['accounts.name as account_name', 'accounts.seller_id as account_seller_id']);
  if (filter.accountIds) {
    const ids = filter.accountIds;
    query = ids.length === 0 ? query.where(sql<boolean>`false`) : query.where('orders.account_id', 'in', ids);
  }
  if (filter.status !== undefined) query = query.where('orders.status', '=', filter.status);
  if (filter.since !== undefined) query = query.where('orders.last_updated_time', '>=', filter.since);
  if (filter.holding !== undefined)
    query = query.where('orders.holding', '=', filter.holding as HoldingStatus);
  return query;
}

async function records(
  db: Kysely<Database>,
  rows: readonly Row[],
  pii: PiiReader | undefined,
): Promise<OrderRecord[]> {
  if (rows.length === 0) return [];
  // Keyed by the items' primary key (account, order): a condition on the order id alone would scan them all.
  const items = await db
    .selectFrom('order_items')
    .selectAll()
    .where('account_id', 'in', [...new Set(rows.map((r) => r.account_id))])
    .where(
      'order_id',
      'in',
      rows.map((r) => r.order_id),
    )
    .orderBy('account_id')
    .orderBy('order_id')
    .orderBy('position')
    .execute();
  const itemsOf = new Map<string, Selectable<OrderItemsTable>[]>();
  for (const item of items) {
    const key = `${item.account_id}/${item.order_id}`;
    const list = itemsOf.get(key);
    if (list) list.push(item);
    else itemsOf.set(key, [item]);
  }
  const piiOf = new Map<string, Awaited<ReturnType<PiiReader['read']>>>();
  if (pii) {
    const byAccount = new Map<string, string[]>();
    for (const r of rows) byAccount.set(r.account_id, [...(byAccount.get(r.account_id) ?? []), r.order_id]);
    for (const [accountId, ids] of byAccount) piiOf.set(accountId, await pii.read(accountId, ids));
  }
  return rows.map((r) => {
    const { account_name, account_seller_id, ...row } = r;
    const lines = itemsOf.get(`${r.account_id}/${r.order_id}`) ?? [];
    return {
      accountId: r.account_id,
      accountName: account_name,
      sellerId: account_seller_id,
      row,
      items: lines,
      order: assembleOrder(
        r.api,
        r.raw,
        lines.map((l) => l.raw),
        piiOf.get(r.account_id)?.get(r.order_id),
      ),
    };
  });
}
