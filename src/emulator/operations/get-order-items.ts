import { invalidInput } from '../amazon-error-response.js';
import type { OperationDefinition } from '../operation.js';
import { v0Items } from '../orders/v0-view.js';
import { requireOrder, str, v0Access } from './order-helpers.js';

/** `GET /orders/v0/orders/{orderId}/orderItems`; every order fits one page, so no NextToken is issued. */
export const getOrderItems: OperationDefinition = {
  key: 'getOrderItems',
  handle(ctx) {
    const stored = requireOrder(ctx);
    if (str(ctx, 'NextToken') !== undefined) {
      throw invalidInput("Invalid value for parameter 'NextToken': not a token this API issued.");
    }
    return {
      body: { AmazonOrderId: stored.order.orderId, OrderItems: v0Items(stored, v0Access(ctx).buyerInfo) },
    };
  },
};
