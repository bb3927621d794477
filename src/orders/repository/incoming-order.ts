import { createHash } from 'node:crypto';
import type { OrdersApi } from '../../store/schema.js';
import type { AmazonOrder, V0Order, V0OrderItem } from '../amazon-order.js';
import { type OrderPii, splitPii } from '../pii/order-pii.js';
import { retentionFrom } from '../pii/retention.js';
import { orderFromV0 } from '../v0-order.js';

/** One order as an API returned it, ready to be stored. */
export type IncomingOrder =
  | { readonly api: '2026-01-01'; readonly order: AmazonOrder }
  | { readonly api: 'v0'; readonly order: V0Order; readonly items: readonly V0OrderItem[] };

/**
 * An `orders` row as JSON for `json_populate_recordset` (times as ISO strings, `raw` as JSON): a page of
 * orders goes to the database as one parameter, not thousands.
 */
export interface OrderRowJson {
  order_id: string;
  api: OrdersApi;
  marketplace_id: string | null;
  status: string | null;
  fulfilled_by: string | null;
  service_level: string | null;
  seller_order_id: string | null;
  created_time: string;
  last_updated_time: string;
  ship_by: string | null;
  deliver_by: string | null;
  order_total: string | null;
  currency: string | null;
  is_prime: boolean;
  is_business: boolean;
  item_lines: number;
  units: number;
  ship_country: string | null;
  raw: Record<string, unknown>;
  content_hash: string;
  retention_from: string | null;
}

/** An `order_items` row as JSON, without its account. */
export interface ItemRowJson {
  order_id: string;
  order_item_id: string;
  position: number;
  asin: string | null;
  seller_sku: string | null;
  title: string | null;
  quantity_ordered: number;
  quantity_shipped: number | null;
  unit_price: string | null;
  currency: string | null;
  raw: Record<string, unknown>;
}

/** What the store keeps of one incoming order: its rows, and its PII to encrypt. */
export interface OrderRows {
  readonly orderId: string;
  readonly lastUpdatedMs: number;
  readonly order: OrderRowJson;
  readonly items: ItemRowJson[];
  readonly pii: OrderPii | undefined;
}

/**
 * The rows of one order: typed columns from its 2026-01-01 shape (v0 orders are converted), `raw` as
 * Amazon sent it without items and without buyer or recipient data, and those apart for encryption.
 */
export function orderRows(incoming: IncomingOrder): OrderRows {
  const order = incoming.api === 'v0' ? orderFromV0(incoming.order, incoming.items) : incoming.order;
  const { order: clean, pii } = splitPii(order);
  let raw: Record<string, unknown>;
  let rawItems: Record<string, unknown>[];
  if (incoming.api === 'v0') {
    raw = stripV0Order(incoming.order);
    rawItems = incoming.items.map(stripV0Item);
  } else {
    const { orderItems, ...rest } = clean;
    raw = rest;
    rawItems = orderItems as unknown as Record<string, unknown>[];
  }
  const lastUpdatedMs = Date.parse(order.lastUpdatedTime);
  const createdMs = Date.parse(order.createdTime);
  if (!Number.isFinite(lastUpdatedMs) || !Number.isFinite(createdMs)) {
    throw new Error(`order ${order.orderId} has no valid createdTime or lastUpdatedTime`);
  }
  const f = order.fulfillment;
  const total = order.proceeds?.grandTotal;
  const programs = order.programs ?? [];
  const retention = retentionFrom(order);
  return {
    orderId: order.orderId,
    lastUpdatedMs,
    order: {
      order_id: order.orderId,
      api: incoming.api,
      marketplace_id: order.salesChannel.marketplaceId ?? null,
      status: f?.fulfillmentStatus ?? null,
      fulfilled_by: f?.fulfilledBy ?? null,
      service_level: f?.fulfillmentServiceLevel ?? null,
      seller_order_id: order.orderAliases?.find((a) => a.aliasType === 'SELLER_ORDER_ID')?.aliasId ?? null,
      created_time: new Date(createdMs).toISOString(),
      last_updated_time: new Date(lastUpdatedMs).toISOString(),
      ship_by: date(f?.shipByWindow?.latestDateTime),
      deliver_by: date(f?.deliverByWindow?.latestDateTime),
      order_total: total?.amount ?? null,
      currency: total?.currencyCode ?? null,
      is_prime: programs.includes('PRIME'),
      is_business: programs.includes('AMAZON_BUSINESS'),
      item_lines: order.orderItems.length,
      units: order.orderItems.reduce((sum, item) => sum + item.quantityOrdered, 0),
      ship_country: order.recipient?.deliveryAddress?.countryCode ?? null,
      raw,
      content_hash: createHash('sha256')
        .update(JSON.stringify(incoming.api === 'v0' ? [incoming.order, incoming.items] : incoming.order))
        .digest('base64url'),
      retention_from: retention?.toISOString() ?? null,
    },
    items: clean.orderItems.map((item, position) => ({
      order_id: order.orderId,
      order_item_id: item.orderItemId,
      position,
      asin: item.product.asin ?? null,
      seller_sku: item.product.sellerSku ?? null,
      title: item.product.title ?? null,
      quantity_ordered: item.quantityOrdered,
      quantity_shipped: item.fulfillment?.quantityFulfilled ?? null,
      unit_price: item.product.price?.unitPrice?.amount ?? null,
      currency: item.product.price?.unitPrice?.currencyCode ?? null,
      raw: rawItems[position] ?? {},
    })),
    pii,
  };
}

/** A v0 order without the buyer's data (kept apart, encrypted). */
function stripV0Order(order: V0Order): Record<string, unknown> {
  const { ShippingAddress: _address, BuyerInfo: _buyer, BuyerTaxInformation: _tax, ...rest } = order;
  return rest;
}

/** A v0 item without the gift message and customization (kept apart, encrypted). */
function stripV0Item(item: V0OrderItem): Record<string, unknown> {
  if (!item.BuyerInfo) return { ...item };
  const { GiftMessageText: _message, BuyerCustomizedInfo: _custom, ...info } = item.BuyerInfo;
  const { BuyerInfo: _info, ...rest } = item;
  return Object.keys(info).length > 0 ? { ...rest, BuyerInfo: info } : rest;
}

function date(text: string | undefined): string | null {
  if (text === undefined) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
