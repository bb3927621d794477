import { invalidInput } from '../amazon-error-response.js';
import type { EmulatorState } from '../emulator-state.js';
import type { ConfirmationSource } from '../orders/confirmation-ledger.js';
import type { StoredOrder } from '../orders/order-types.js';
import { itemLines } from './body-fields.js';

/** A package to confirm, from confirmShipment's `packageDetail` or an `OrderFulfillment` feed message. */
export interface PackageConfirmation {
  packageReferenceId: string;
  /** The carrier as shown on the order: the code, or the name when the code is `Other` or absent. */
  carrier: string;
  trackingNumber: string;
  shipMs: number;
  shippingMethod?: string;
  /** `[{ orderItemId, quantity }]` as sent; `undefined` ships every unit left (a feed message without Item). */
  items: unknown;
  /** Where the items were in the request, for messages (`packageDetail.orderItems`, `Item`). */
  itemsPath: string;
}

/**
 * Confirms one package of a seller-fulfilled order, as confirmShipment and POST_ORDER_FULFILLMENT_DATA do:
 * the package, shipped quantities and PartiallyShipped/Shipped land on the canonical order, and the ledger
 * counts the confirmation. A package already confirmed with the same tracking number is accepted again
 * without change ('repeated'); anything Amazon refuses throws 400 InvalidInput with the reason.
 */
export function confirmPackage(
  state: EmulatorState,
  stored: StoredOrder,
  pkg: PackageConfirmation,
  atMs: number,
  source: ConfirmationSource,
): 'recorded' | 'repeated' {
  const order = stored.order;
  const existing = order.packages?.find((p) => p.packageReferenceId === pkg.packageReferenceId);
  if (existing) {
    if ((existing.trackingNumber ?? '') !== pkg.trackingNumber) {
      throw invalidInput(
        `Invalid field 'packageDetail.packageReferenceId': package ${pkg.packageReferenceId} was already confirmed with another tracking number.`,
      );
    }
    state.confirmations.record(order.orderId, pkg.packageReferenceId, source);
    return 'repeated';
  }
  if (order.fulfillment?.fulfilledBy === 'AMAZON') {
    throw invalidInput(
      `Order ${order.orderId} is fulfilled by Amazon (AFN); only seller-fulfilled orders can be confirmed.`,
    );
  }
  const status = order.fulfillment?.fulfillmentStatus;
  if (status !== 'UNSHIPPED' && status !== 'PARTIALLY_SHIPPED') {
    throw invalidInput(
      `Order ${order.orderId} is ${status ?? 'in an unknown status'}; only Unshipped or PartiallyShipped orders can be confirmed.`,
    );
  }
  const remaining = new Map(
    order.orderItems.map((it) => [it.orderItemId, it.fulfillment?.quantityUnfulfilled ?? 0]),
  );
  const items =
    pkg.items === undefined
      ? [...remaining].filter(([, q]) => q > 0).map(([orderItemId, quantity]) => ({ orderItemId, quantity }))
      : itemLines(pkg.items, pkg.itemsPath, remaining, true);
  state.orders.ship(
    stored,
    {
      packageReferenceId: pkg.packageReferenceId,
      carrier: pkg.carrier,
      trackingNumber: pkg.trackingNumber,
      shipMs: pkg.shipMs,
      items,
      ...(pkg.shippingMethod === undefined ? {} : { shippingService: pkg.shippingMethod }),
    },
    atMs,
  );
  state.confirmations.record(order.orderId, pkg.packageReferenceId, source);
  return 'recorded';
}
