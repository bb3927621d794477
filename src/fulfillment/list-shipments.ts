import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { PackageView, ShipmentStatus, ShipmentView } from './shipment-types.js';

/** Which shipments `listShipments` returns. */
export interface ShipmentFilter {
  /** Shipments of this stored account (its name). */
  readonly account?: string;
  readonly orderId?: string;
  readonly status?: ShipmentStatus;
  /** These shipment ids (or package ids: their shipments). */
  readonly ids?: readonly string[];
  /** @default 100 */
  readonly limit?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Stored shipments with their packages, the newest change first. */
export async function listShipments(
  store: { readonly db: Kysely<Database> },
  filter: ShipmentFilter = {},
): Promise<ShipmentView[]> {
  const db = store.db;
  let query = db
    .selectFrom('shipments')
    .innerJoin('accounts', 'accounts.id', 'shipments.account_id')
    .selectAll('shipments')
    .select('accounts.name as account');
  if (filter.account !== undefined) query = query.where('accounts.name', '=', filter.account);
  if (filter.orderId !== undefined) query = query.where('shipments.order_id', '=', filter.orderId);
  if (filter.status !== undefined) query = query.where('shipments.status', '=', filter.status);
  if (filter.ids !== undefined) {
    const ids = filter.ids.filter((id) => UUID.test(id));
    if (ids.length === 0) return [];
    const viaPackages = db.selectFrom('shipment_packages').select('shipment_id').where('id', 'in', ids);
    query = query.where((eb) =>
      eb.or([eb('shipments.id', 'in', ids), eb('shipments.id', 'in', viaPackages)]),
    );
  }
  const shipments = await query
    .orderBy('shipments.updated_at', 'desc')
    .orderBy('shipments.id')
    .limit(filter.limit ?? 100)
    .execute();
  if (shipments.length === 0) return [];
  const packages = await db
    .selectFrom('shipment_packages')
    .selectAll()
    .where(
      'shipment_id',
      'in',
      shipments.map((s) => s.id),
    )
    .execute();
  return shipments.map((s) => ({
    id: s.id,
    account: s.account,
    orderId: s.order_id,
    marketplaceId: s.marketplace_id,
    status: s.status,
    failureReason: s.failure_reason,
    source: s.source,
    createdAt: s.created_at.toISOString(),
    updatedAt: s.updated_at.toISOString(),
    packages: packages
      .filter((p) => p.shipment_id === s.id)
      .sort((a, b) => Number(a.package_reference_id) - Number(b.package_reference_id))
      .map(
        (p): PackageView => ({
          id: p.id,
          packageReferenceId: p.package_reference_id,
          carrierCode: p.carrier_code,
          carrierName: p.carrier_name,
          trackingNumber: p.tracking_number,
          shipDate: p.ship_date.toISOString(),
          shippingMethod: p.shipping_method,
          items: p.items,
          status: p.status,
          failureReason: p.status === 'failed' || p.status === 'pending' ? p.failure_reason : null,
          attempts: p.attempts,
          via: p.via,
          confirmedAt: p.confirmed_at?.toISOString() ?? null,
          reconciled: p.reconciled,
        }),
      ),
  }));
}
