import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import type { Database } from '../store/schema.js';
import { type Clock, realClock } from '../time/clock.js';
import { listShipments } from './list-shipments.js';
import { refreshShipment } from './record-outcome.js';
import { enqueuePackages } from './shipment-queue.js';
import type { ShipmentView } from './shipment-types.js';

/**
 * Sends the failed packages of a shipment again (`id`: the shipment's, or one package's): they become
 * pending, due now, and keep what is known about their last attempt, so one whose answer was lost is
 * still looked up at Amazon before it is sent. Confirmed packages are left alone. With `boss`, jobs are
 * queued in the same transaction. Resolves with the shipment, or `undefined` for an unknown id.
 */
export async function retryShipment(
  store: { readonly db: Kysely<Database> },
  id: string,
  options: { readonly clock?: Clock; readonly boss?: PgBoss } = {},
): Promise<{ shipment: ShipmentView; retried: string[] } | undefined> {
  const [found] = await listShipments(store, { ids: [id], limit: 1 });
  if (!found) return undefined;
  const now = new Date((options.clock ?? realClock).now());
  const retried = await store.db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('shipment_packages')
      .set({ status: 'pending', next_attempt_at: now, attempts: 0, updated_at: now })
      .where('shipment_id', '=', found.id)
      .where('status', '=', 'failed')
      .returning('id')
      .execute();
    const ids = rows.map((r) => r.id);
    if (ids.length > 0) {
      await refreshShipment(trx, found.id, now);
      if (options.boss) await enqueuePackages(options.boss, trx, ids);
    }
    return ids;
  });
  const [shipment] = await listShipments(store, { ids: [found.id], limit: 1 });
  return { shipment: shipment ?? found, retried };
}
