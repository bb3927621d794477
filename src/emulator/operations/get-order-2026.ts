import type { OperationDefinition } from '../operation.js';
import { orderView } from '../orders/included-data-view.js';
import { list, requireOrder } from './order-helpers.js';

/** `GET /orders/2026-01-01/orders/{orderId}`: the order with the `includedData` sections asked for. */
export const getOrder2026: OperationDefinition = {
  key: 'getOrder@2026-01-01',
  handle(ctx) {
    const stored = requireOrder(ctx);
    const included = new Set(list(ctx, 'includedData') ?? []);
    return { body: { order: orderView(stored, included, ctx.state.roles) } };
  },
};
