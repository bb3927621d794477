import type { SpApiClient } from '../sp-api/client.js';
import type { PackageItem } from './shipment-types.js';

/** What Amazon's order says about a package whose last send has no recorded answer. */
export type Reconciled =
  | { readonly kind: 'confirmed'; readonly how: string }
  | { readonly kind: 'conflict'; readonly reason: string }
  | { readonly kind: 'absent'; readonly fulfillmentStatus: string | undefined };

/** The package as csm stored it. */
export interface PackageToReconcile {
  readonly orderId: string;
  readonly packageReferenceId: string;
  readonly trackingNumber: string;
  readonly items: readonly PackageItem[];
}

/**
 * Looks the package up in Amazon's order (Orders 2026-01-01 getOrder with its packages), so a send whose
 * answer was lost (a crash, a dropped connection, a 5xx) is recorded instead of sent again: Amazon has it
 * when a package has its reference number and tracking number, or its tracking number and the same items
 * (confirmed by another path). The same reference with another tracking number is a conflict.
 */
export async function reconcilePackage(client: SpApiClient, pkg: PackageToReconcile): Promise<Reconciled> {
  const { body } = await client.call('getOrder@2026-01-01', {
    path: { orderId: pkg.orderId },
    query: { includedData: ['PACKAGES', 'FULFILLMENT'] },
  });
  const order = body.order;
  for (const p of order.packages ?? []) {
    if (p.packageReferenceId === pkg.packageReferenceId) {
      if ((p.trackingNumber ?? '') === pkg.trackingNumber) {
        return {
          kind: 'confirmed',
          how: `Amazon has package ${p.packageReferenceId} with this tracking number`,
        };
      }
      return {
        kind: 'conflict',
        reason:
          `Amazon has package ${p.packageReferenceId} of order ${pkg.orderId} with another tracking number. ` +
          'Cause: it was confirmed elsewhere (Seller Central, another tool). Fix: check the order (csm sync, ' +
          `csm orders show ${pkg.orderId}); if units are still unshipped, ship them again with csm ship`,
      };
    }
  }
  const wanted = itemKey(pkg.items);
  const same = (order.packages ?? []).find(
    (p) => (p.trackingNumber ?? '') === pkg.trackingNumber && itemKey(p.packageItems ?? []) === wanted,
  );
  if (same) {
    return {
      kind: 'confirmed',
      how: `Amazon has package ${same.packageReferenceId} with this tracking number and these items`,
    };
  }
  return { kind: 'absent', fulfillmentStatus: order.fulfillment?.fulfillmentStatus };
}

function itemKey(items: readonly { orderItemId: string; quantity: number }[]): string {
  return items
    .map((i) => `${i.orderItemId}:${i.quantity}`)
    .sort()
    .join(',');
}
