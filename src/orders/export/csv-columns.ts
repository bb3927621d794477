import type { AmazonOrder, AmazonOrderItem } from '../amazon-order.js';
import type { OrderRecord } from '../repository/read-orders.js';

/** One CSV column: its header and how a row (an order and one of its items) fills it. */
interface Column {
  readonly name: string;
  readonly value: (
    record: OrderRecord,
    item: AmazonOrderItem | undefined,
  ) => string | number | boolean | null | undefined;
}

const iso = (d: Date | null): string => (d ? d.toISOString().replace(/\.000Z$/, 'Z') : '');
const address = (o: AmazonOrder) => o.recipient?.deliveryAddress;

/**
 * The CSV export's columns, one row per order item (an order without items gets one row with the item
 * columns empty). docs/sync.md lists them; the order of columns is part of the format.
 */
export const CSV_COLUMNS: readonly Column[] = [
  { name: 'account', value: (r) => r.accountName },
  { name: 'seller_id', value: (r) => r.sellerId },
  { name: 'order_id', value: (r) => r.row.order_id },
  { name: 'seller_order_id', value: (r) => r.row.seller_order_id },
  { name: 'marketplace_id', value: (r) => r.row.marketplace_id },
  { name: 'created_time', value: (r) => iso(r.row.created_time) },
  { name: 'last_updated_time', value: (r) => iso(r.row.last_updated_time) },
  { name: 'status', value: (r) => r.row.status },
  { name: 'fulfilled_by', value: (r) => r.row.fulfilled_by },
  { name: 'service_level', value: (r) => r.row.service_level },
  { name: 'ship_by', value: (r) => iso(r.row.ship_by) },
  { name: 'deliver_by', value: (r) => iso(r.row.deliver_by) },
  { name: 'order_total', value: (r) => r.row.order_total },
  { name: 'currency', value: (r) => r.row.currency },
  { name: 'is_prime', value: (r) => r.row.is_prime },
  { name: 'is_business', value: (r) => r.row.is_business },
  { name: 'ship_country', value: (r) => r.row.ship_country },
  { name: 'holding', value: (r) => r.row.holding },
  { name: 'order_item_id', value: (_, i) => i?.orderItemId },
  { name: 'asin', value: (_, i) => i?.product.asin },
  { name: 'seller_sku', value: (_, i) => i?.product.sellerSku },
  { name: 'title', value: (_, i) => i?.product.title },
  { name: 'quantity_ordered', value: (_, i) => i?.quantityOrdered },
  { name: 'quantity_shipped', value: (_, i) => i?.fulfillment?.quantityFulfilled },
  { name: 'unit_price', value: (_, i) => i?.product.price?.unitPrice?.amount },
  { name: 'item_currency', value: (_, i) => i?.product.price?.unitPrice?.currencyCode },
];

/** Buyer and recipient columns, added after the others with `--include-pii` only. */
export const CSV_PII_COLUMNS: readonly Column[] = [
  { name: 'buyer_name', value: (r) => r.order.buyer?.buyerName },
  { name: 'buyer_email', value: (r) => r.order.buyer?.buyerEmail },
  { name: 'buyer_company', value: (r) => r.order.buyer?.buyerCompanyName },
  { name: 'buyer_po_number', value: (r) => r.order.buyer?.buyerPurchaseOrderNumber },
  { name: 'recipient_name', value: (r) => address(r.order)?.name },
  { name: 'recipient_company', value: (r) => address(r.order)?.companyName },
  { name: 'address_line1', value: (r) => address(r.order)?.addressLine1 },
  { name: 'address_line2', value: (r) => address(r.order)?.addressLine2 },
  { name: 'address_line3', value: (r) => address(r.order)?.addressLine3 },
  { name: 'city', value: (r) => address(r.order)?.city },
  { name: 'district_or_county', value: (r) => address(r.order)?.districtOrCounty },
  { name: 'state_or_region', value: (r) => address(r.order)?.stateOrRegion },
  { name: 'municipality', value: (r) => address(r.order)?.municipality },
  { name: 'postal_code', value: (r) => address(r.order)?.postalCode },
  { name: 'country_code', value: (r) => address(r.order)?.countryCode },
  { name: 'phone', value: (r) => address(r.order)?.phone },
  { name: 'address_type', value: (r) => address(r.order)?.addressType },
  { name: 'gift_message', value: (_, i) => i?.fulfillment?.packing?.giftOption?.giftMessage },
];

/** RFC 4180 quoting: a field with a comma, a quote, a line break or outer spaces is quoted. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV lines (`\n`-terminated) of one order: one per item. */
export function csvLines(record: OrderRecord, columns: readonly Column[]): string {
  const items: (AmazonOrderItem | undefined)[] =
    record.order.orderItems.length > 0 ? record.order.orderItems : [undefined];
  return items.map((item) => `${columns.map((c) => csvField(c.value(record, item))).join(',')}\n`).join('');
}

export function csvHeader(columns: readonly Column[]): string {
  return `${columns.map((c) => c.name).join(',')}\n`;
}
