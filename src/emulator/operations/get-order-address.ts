import type { OperationDefinition } from '../operation.js';
import { v0Address } from '../orders/v0-view.js';
import { requireOrder, requireRdt } from './order-helpers.js';

/** `GET /orders/v0/orders/{orderId}/address`: RDT only (403 with a plain LWA token), role directToConsumerShipping. */
export const getOrderAddress: OperationDefinition = {
  key: 'getOrderAddress',
  handle(ctx) {
    requireRdt(ctx, 'directToConsumerShipping');
    const stored = requireOrder(ctx);
    const o = stored.order;
    const body: Record<string, unknown> = { AmazonOrderId: o.orderId };
    const status = o.fulfillment?.fulfillmentStatus;
    const address = o.recipient?.deliveryAddress;
    if (address && status !== 'PENDING' && status !== 'CANCELLED') {
      body.ShippingAddress = v0Address(address, o.fulfillment?.fulfilledBy === 'AMAZON');
      if (address.companyName) body.BuyerCompanyName = address.companyName;
    }
    const instruction = o.recipient?.deliveryPreference?.addressInstruction;
    if (instruction) body.DeliveryPreferences = { AddressInstructions: instruction };
    return { body };
  },
};
