import type { Kysely, Transaction } from 'kysely';
import type { Database, ShipmentStatus } from '../store/schema.js';

/**
 * Sums a shipment's packages up into its own status: failed when one failed (with that reason), confirmed
 * when all are, sending while one is, else pending.
 */
export async function refreshShipment(
  trx: Transaction<Database>,
  shipmentId: string,
  now: Date,
): Promise<void> {
  const packages = await trx
    .selectFrom('shipment_packages')
    .select(['status', 'failure_reason', 'package_reference_id'])
    .where('shipment_id', '=', shipmentId)
    .orderBy('package_reference_id')
    .execute();
  const failed = packages.find((p) => p.status === 'failed');
  let status: ShipmentStatus = 'pending';
  if (failed) status = 'failed';
  else if (packages.length > 0 && packages.every((p) => p.status === 'confirmed')) status = 'confirmed';
  else if (packages.some((p) => p.status === 'sending' || p.status === 'confirmed')) status = 'sending';
  await trx
    .updateTable('shipments')
    .set({
      status,
      failure_reason: failed
        ? `package ${failed.package_reference_id}: ${failed.failure_reason ?? 'failed'}`
        : null,
      updated_at: now,
    })
    .where('id', '=', shipmentId)
    .execute();
}

/**
 * Moves the order to the holding status `complete` once every unit of every item is confirmed at Amazon
 * (by csm's packages, or shipped as the last sync saw it): the ERP's hand-off for it is done.
 */
export async function completeIfShipped(
  trx: Transaction<Database> | Kysely<Database>,
  accountId: string,
  orderId: string,
  now: Date,
): Promise<boolean> {
  const items = await trx
    .selectFrom('order_items')
    .select(['order_item_id', 'quantity_ordered', 'quantity_shipped'])
    .where('account_id', '=', accountId)
    .where('order_id', '=', orderId)
    .execute();
  if (items.length === 0) return false;
  const packages = await trx
    .selectFrom('shipment_packages')
    .select('items')
    .where('account_id', '=', accountId)
    .where('order_id', '=', orderId)
    .where('status', '=', 'confirmed')
    .execute();
  const confirmed = new Map<string, number>();
  for (const p of packages) {
    for (const item of p.items)
      confirmed.set(item.orderItemId, (confirmed.get(item.orderItemId) ?? 0) + item.quantity);
  }
  const done = items.every(
    (i) => Math.max(i.quantity_shipped ?? 0, confirmed.get(i.order_item_id) ?? 0) >= i.quantity_ordered,
  );
  if (!done) return false;
  await trx
    .updateTable('orders')
    .set({
      holding: 'complete',
      holding_note: 'shipped: confirmed at Amazon (csm ship)',
      holding_changed_at: now,
    })
    .where('account_id', '=', accountId)
    .where('order_id', '=', orderId)
    .where('holding', '<>', 'complete')
    .execute();
  return true;
}
