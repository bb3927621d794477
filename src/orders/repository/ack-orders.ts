import type { Kysely } from 'kysely';
import type { Database, HoldingStatus } from '../../store/schema.js';

/** Some order ids given to `ackOrders` are not stored: nothing was changed. */
export class UnknownOrdersError extends Error {
  override name = 'UnknownOrdersError';
  constructor(readonly orderIds: readonly string[]) {
    super(
      `no stored order has the id ${orderIds.join(', ')}: nothing was changed; check the ids ` +
        '(csm orders list), or sync first (csm sync)',
    );
  }
}

/**
 * Sets the holding status (and note) of the given orders, all or none: an id that is not stored fails the
 * whole call with `UnknownOrdersError` before anything changes. `accountIds` narrows the orders to those
 * accounts. Returns the ids changed, in the order given.
 */
export async function ackOrders(
  db: Kysely<Database>,
  orderIds: readonly string[],
  status: HoldingStatus,
  options: {
    readonly note?: string | undefined;
    readonly now: number;
    readonly accountIds?: readonly string[];
  },
): Promise<string[]> {
  const ids = [...new Set(orderIds)];
  if (ids.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const accountIds = options.accountIds;
    if (accountIds?.length === 0) throw new UnknownOrdersError(ids);
    let query = trx.selectFrom('orders').select('order_id').where('order_id', 'in', ids);
    if (accountIds) query = query.where('account_id', 'in', accountIds);
    const found = new Set((await query.forUpdate().execute()).map((r) => r.order_id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) throw new UnknownOrdersError(missing);
    let update = trx
      .updateTable('orders')
      .set({ holding: status, holding_note: options.note ?? null, holding_changed_at: new Date(options.now) })
      .where('order_id', 'in', ids);
    if (accountIds) update = update.where('account_id', 'in', accountIds);
    await update.execute();
    return ids;
  });
}
