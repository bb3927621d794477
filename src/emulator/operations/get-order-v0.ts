import type { OperationDefinition } from '../operation.js';
import { v0Order } from '../orders/v0-view.js';
import { requireOrder, v0Access } from './order-helpers.js';

/** `GET /orders/v0/orders/{orderId}`; PII only with an RDT for this path and the data elements. */
export const getOrderV0: OperationDefinition = {
  key: 'getOrder@v0',
  handle(ctx) {
    return { body: v0Order(requireOrder(ctx), v0Access(ctx)) };
  },
};
