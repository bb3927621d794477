import { invalidInput } from '../amazon-error-response.js';
import type { OperationDefinition } from '../operation.js';
import { parseIsoTime } from '../orders/iso-time.js';
import { bodyObject, optionalString, requiredString } from './body-fields.js';
import { confirmPackage } from './confirm-package.js';
import { requireOrder } from './order-helpers.js';

/**
 * `POST /orders/v0/orders/{orderId}/shipmentConfirmation` → 204. Records the package on the canonical
 * order (packages, shipped quantities, PartiallyShipped/Shipped, lastUpdatedTime) and counts it in the
 * confirmation ledger (`GET /_emulator/stats`). Repeating a confirmation with the same packageReferenceId
 * and tracking number is accepted without change (and counted again), so a client may retry after a lost
 * response.
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

    confirmPackage(
      ctx.state,
      stored,
      {
        packageReferenceId,
        carrier: carrierCode === 'Other' ? (carrierName ?? carrierCode) : carrierCode,
        trackingNumber,
        shipMs,
        items: pkg.orderItems,
        itemsPath: 'packageDetail.orderItems',
        ...(shippingMethod === undefined ? {} : { shippingMethod }),
      },
      ctx.now,
      'confirmShipment',
    );
    return {};
  },
};
