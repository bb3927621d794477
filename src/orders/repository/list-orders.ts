import type { Kysely } from 'kysely';
import type { Database, HoldingStatus } from '../../store/schema.js';
import type { OrderFilter } from './order-filter.js';
import { filtered } from './read-orders.js';

/** One line of `csm orders list`. */
export interface OrderSummary {
  readonly account: string;
  readonly orderId: string;
  readonly marketplaceId: string | null;
  readonly status: string | null;
  readonly fulfilledBy: string | null;
  readonly holding: HoldingStatus;
  readonly createdTime: string;
  readonly lastUpdatedTime: string;
  readonly total: string | null;
  readonly currency: string | null;
  readonly units: number;
}

/** The newest `limit` orders the filter selects, last update first. */
export async function listOrders(
  db: Kysely<Database>,
  filter: OrderFilter,
  limit: number,
): Promise<OrderSummary[]> {
  const rows = await filtered(db, filter)
    .orderBy('orders.last_updated_time', 'desc')
    .orderBy('orders.account_id')
    .orderBy('orders.order_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    account: r.account_name,
    orderId: r.order_id,
    marketplaceId: r.marketplace_id,
    status: r.status,
    fulfilledBy: r.fulfilled_by,
    holding: r.holding,
    createdTime: isoSeconds(r.created_time),
    lastUpdatedTime: isoSeconds(r.last_updated_time),
    total: r.order_total,
    currency: r.currency,
    units: r.units,
  }));
}

export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}
