import { invalidInput } from '../amazon-error-response.js';
import type { OperationDefinition } from '../operation.js';
import { parseIsoTime } from '../orders/iso-time.js';
import { bodyObject, itemLines, optionalString, requiredString } from './body-fields.js';
import { requireOrder } from './order-helpers.js';

/**
 * `POST /orders/v0/orders/{orderId}/shipmentConfirmation` → 204. Records the package on the canonical
 * order (packages, shipped quantities, PartiallyShipped/Shipped, lastUpdatedTime). Repeating a confirmation
 * with the same packageReferenceId and tracking number is accepted without change, so a client may retry
 * after a lost response.
 */
export const confirmShipment: OperationDefinition = {
  key: 'confirmShipment',
  handle(ctx) {
    const stored = requireOrder(ctx);
    const order = stored.order;
    const body = bodyObject(ctx.body, 'payload');
    const marketplaceId = requiredString(body, 'marketplaceId', '');
    if (marketplaceId !== order.salesChannel.marketplaceId) {
      throw invalidInput(
        `Invalid field 'marketplaceId': order ${order.orderId} belongs to marketplace ${order.salesChannel.marketplaceId}.`,
      );
    }
    const cod = body.codCollectionMethod;
    if (cod !== undefined && cod !== 'DirectPayment') {
      throw invalidInput("Invalid field 'codCollectionMethod': the only valid value is DirectPayment.");
    }
    const pkg = bodyObject(body.packageDetail, 'packageDetail');
    const packageReferenceId = requiredString(pkg, 'packageReferenceId', 'packageDetail.');
    const carrierCode = requiredString(pkg, 'carrierCode', 'packageDetail.');
    const carrierName = optionalString(pkg, 'carrierName', 'packageDetail.');
    if (carrierCode === 'Other' && (carrierName === undefined || carrierName.trim() === '')) {
      throw invalidInput(
        "Missing required field 'packageDetail.carrierName': it is required when carrierCode is 'Other'.",
      );
    }
    const trackingNumber = requiredString(pkg, 'trackingNumber', 'packageDetail.');
    const shipDate = requiredString(pkg, 'shipDate', 'packageDetail.');
    const shipMs = parseIsoTime(shipDate);
    if (shipMs === undefined) {
      throw invalidInput(
        `Invalid value '${shipDate}' for field 'packageDetail.shipDate': expected an ISO 8601 date-time.`,
      );
    }
    const shippingMethod = optionalString(pkg, 'shippingMethod', 'packageDetail.');
    optionalString(pkg, 'shipFromSupplySourceId', 'packageDetail.');

    const existing = order.packages?.find((p) => p.packageReferenceId === packageReferenceId);
    if (existing) {
      if (existing.trackingNumber === trackingNumber) return {};
      throw invalidInput(
        `Invalid field 'packageDetail.packageReferenceId': package ${packageReferenceId} was already confirmed with another tracking number.`,
      );
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
    const items = itemLines(pkg.orderItems, 'packageDetail.orderItems', remaining, true);
    const shipment = {
      packageReferenceId,
      carrier: carrierCode === 'Other' ? (carrierName ?? carrierCode) : carrierCode,
      trackingNumber,
      shipMs,
      items,
      ...(shippingMethod === undefined ? {} : { shippingService: shippingMethod }),
    };
    ctx.state.orders.ship(stored, shipment, ctx.now);
    return {};
  },
};
