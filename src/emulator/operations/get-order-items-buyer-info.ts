import { invalidInput } from '../amazon-error-response.js';
import type { OperationDefinition } from '../operation.js';
import { requireOrder, requireRdt, str } from './order-helpers.js';

/** `GET /orders/v0/orders/{orderId}/orderItems/buyerInfo`: RDT only, role taxInvoicing. */
export const getOrderItemsBuyerInfo: OperationDefinition = {
  key: 'getOrderItemsBuyerInfo',
  handle(ctx) {
    requireRdt(ctx, 'taxInvoicing');
    const o = requireOrder(ctx).order;
    if (str(ctx, 'NextToken') !== undefined) {
      throw invalidInput("Invalid value for parameter 'NextToken': not a token this API issued.");
    }
    const items = o.orderItems.map((item) => {
      const out: Record<string, unknown> = { OrderItemId: item.orderItemId };
      const gift = item.fulfillment?.packing?.giftOption;
      if (gift?.giftMessage !== undefined) out.GiftMessageText = gift.giftMessage;
      if (gift?.giftWrapLevel !== undefined) out.GiftWrapLevel = gift.giftWrapLevel;
      return out;
    });
    return { body: { AmazonOrderId: o.orderId, OrderItems: items } };
  },
};
