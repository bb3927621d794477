import type { AmazonOrder, AmazonOrderItem, V0Order, V0OrderItem } from '../amazon-order.js';
import { mergePii, type OrderPii } from '../pii/order-pii.js';
import { orderFromV0 } from '../v0-order.js';

// The models' property order, so exported JSON reads like Amazon's (jsonb keeps no key order).
const ORDER_KEYS = [
  'orderId',
  'orderAliases',
  'createdTime',
  'lastUpdatedTime',
  'programs',
  'associatedOrders',
  'salesChannel',
  'buyer',
  'recipient',
  'proceeds',
  'payment',
  'tax',
  'fulfillment',
  'orderItems',
  'packages',
  'fulfillmentOrders',
];
const ITEM_KEYS = [
  'orderItemId',
  'quantityOrdered',
  'measurement',
  'associatedOrderItems',
  'programs',
  'product',
  'proceeds',
  'expense',
  'promotion',
  'cancellation',
  'fulfillment',
  'tax',
];

/**
 * A stored order back in the Orders 2026-01-01 `Order` shape: its `raw` and its items' `raw` (v0 ones
 * converted), with buyer and recipient data only when `pii` is given.
 */
export function assembleOrder(
  api: string,
  raw: Record<string, unknown>,
  items: readonly Record<string, unknown>[],
  pii: OrderPii | undefined,
): AmazonOrder {
  const order =
    api === 'v0'
      ? orderFromV0(raw as unknown as V0Order, items as unknown as V0OrderItem[])
      : ({ ...raw, orderItems: items } as unknown as AmazonOrder);
  const merged = mergePii(order, pii);
  const out = ordered(merged as unknown as Record<string, unknown>, ORDER_KEYS) as unknown as AmazonOrder;
  out.orderItems = merged.orderItems.map(
    (item) => ordered(item as unknown as Record<string, unknown>, ITEM_KEYS) as unknown as AmazonOrderItem,
  );
  return out;
}

function ordered(value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  for (const key of Object.keys(value)) if (!(key in out) && value[key] !== undefined) out[key] = value[key];
  return out;
}
