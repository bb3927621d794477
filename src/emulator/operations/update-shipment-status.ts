import { invalidInput } from '../amazon-error-response.js';
import type { OperationDefinition } from '../operation.js';
import { bodyObject, itemLines, requiredString } from './body-fields.js';
import { requireOrder } from './order-helpers.js';

const STATUSES = ['ReadyForPickup', 'PickedUp', 'RefusedPickup'];

/** `POST /orders/v0/orders/{orderId}/shipment` → 204 (in-store pickup status; validated, no state change). */
export const updateShipmentStatus: OperationDefinition = {
  key: 'updateShipmentStatus',
  handle(ctx) {
    const order = requireOrder(ctx).order;
    const body = bodyObject(ctx.body, 'payload');
    const marketplaceId = requiredString(body, 'marketplaceId', '');
    if (marketplaceId !== order.salesChannel.marketplaceId) {
      throw invalidInput(
        `Invalid field 'marketplaceId': order ${order.orderId} belongs to marketplace ${order.salesChannel.marketplaceId}.`,
      );
    }
    const status = requiredString(body, 'shipmentStatus', '');
    if (!STATUSES.includes(status)) {
      throw invalidInput(
        `Invalid value '${status}' for field 'shipmentStatus'. Valid values: ${STATUSES.join(', ')}.`,
      );
    }
    const ordered = new Map(order.orderItems.map((it) => [it.orderItemId, it.quantityOrdered]));
    itemLines(body.orderItems, 'orderItems', ordered, false);
    return {};
  },
};
