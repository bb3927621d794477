import type { Role } from '../roles.js';
import type { CustomerAddress, Order, OrderItem, StoredOrder } from './order-types.js';

/** The address fields a caller without `directToConsumerShipping` still sees: no name, street, phone. */
const NON_PII_ADDRESS_FIELDS = [
  'city',
  'districtOrCounty',
  'stateOrRegion',
  'municipality',
  'postalCode',
  'countryCode',
  'addressType',
] as const;

/**
 * The Orders 2026-01-01 view of a stored order: the base fields and items, plus each `includedData` section
 * asked for. PII is governed by the app's roles only (no RDT in this API):
 * - `buyer.buyerName`, `buyerCompanyName`, `buyerPurchaseOrderNumber` need `taxInvoicing`;
 *   `buyer.buyerEmail` needs `taxInvoicing` or `directToConsumerShipping`;
 * - `recipient.deliveryAddress` keeps only city, districtOrCounty, stateOrRegion, municipality, postalCode,
 *   countryCode and addressType without `directToConsumerShipping`;
 * - an item's gift message needs `taxInvoicing`; buyer tax registrations need `taxRemittance`.
 */
export function orderView(
  stored: StoredOrder,
  included: ReadonlySet<string>,
  roles: ReadonlySet<Role>,
): Order {
  const o = stored.order;
  const out: Order = {
    orderId: o.orderId,
    createdTime: o.createdTime,
    lastUpdatedTime: o.lastUpdatedTime,
    salesChannel: o.salesChannel,
    orderItems: o.orderItems.map((item) => itemView(item, included, roles)),
  };
  if (o.orderAliases) out.orderAliases = o.orderAliases;
  if (o.programs) out.programs = o.programs;
  if (o.associatedOrders) out.associatedOrders = o.associatedOrders;
  if (included.has('BUYER') && o.buyer) {
    const b = o.buyer;
    const buyer: NonNullable<Order['buyer']> = {};
    const invoicing = roles.has('taxInvoicing');
    if (invoicing && b.buyerName !== undefined) buyer.buyerName = b.buyerName;
    if ((invoicing || roles.has('directToConsumerShipping')) && b.buyerEmail !== undefined) {
      buyer.buyerEmail = b.buyerEmail;
    }
    if (invoicing && b.buyerCompanyName !== undefined) buyer.buyerCompanyName = b.buyerCompanyName;
    if (invoicing && b.buyerPurchaseOrderNumber !== undefined) {
      buyer.buyerPurchaseOrderNumber = b.buyerPurchaseOrderNumber;
    }
    if (Object.keys(buyer).length > 0) out.buyer = buyer;
  }
  if (included.has('RECIPIENT') && o.recipient) {
    if (roles.has('directToConsumerShipping')) out.recipient = o.recipient;
    else {
      const recipient: NonNullable<Order['recipient']> = {};
      if (o.recipient.deliveryAddress)
        recipient.deliveryAddress = reducedAddress(o.recipient.deliveryAddress);
      if (o.recipient.deliveryPreference) recipient.deliveryPreference = o.recipient.deliveryPreference;
      out.recipient = recipient;
    }
  }
  if (included.has('PROCEEDS') && o.proceeds) out.proceeds = o.proceeds;
  if (included.has('PAYMENT') && o.payment) out.payment = o.payment;
  if (included.has('TAX') && o.tax) {
    out.tax = roles.has('taxRemittance')
      ? o.tax
      : {
          ...o.tax,
          taxRegistrations: (o.tax.taxRegistrations ?? []).filter((r) => r.entityType !== 'BUYER'),
        };
  }
  if (included.has('FULFILLMENT') && o.fulfillment) out.fulfillment = o.fulfillment;
  if (included.has('PACKAGES') && o.packages) out.packages = o.packages;
  if (included.has('FULFILLMENT_ORDERS') && o.fulfillmentOrders) out.fulfillmentOrders = o.fulfillmentOrders;
  return out;
}

function itemView(item: OrderItem, included: ReadonlySet<string>, roles: ReadonlySet<Role>): OrderItem {
  const out: OrderItem = {
    orderItemId: item.orderItemId,
    quantityOrdered: item.quantityOrdered,
    product: item.product,
  };
  if (item.measurement) out.measurement = item.measurement;
  if (item.associatedOrderItems) out.associatedOrderItems = item.associatedOrderItems;
  if (item.programs) out.programs = item.programs;
  if (item.product.customization && !roles.has('taxInvoicing')) {
    const { customization: _pii, ...product } = item.product;
    out.product = product;
  }
  if (included.has('PROCEEDS') && item.proceeds) out.proceeds = item.proceeds;
  if (included.has('EXPENSE') && item.expense) out.expense = item.expense;
  if (included.has('PROMOTION') && item.promotion) out.promotion = item.promotion;
  if (included.has('CANCELLATION') && item.cancellation) out.cancellation = item.cancellation;
  if (included.has('TAX') && item.tax) out.tax = item.tax;
  if (included.has('FULFILLMENT') && item.fulfillment) {
    const gift = item.fulfillment.packing?.giftOption;
    if (gift?.giftMessage !== undefined && !roles.has('taxInvoicing')) {
      const { giftMessage: _pii, ...giftOption } = gift;
      out.fulfillment = { ...item.fulfillment, packing: { ...item.fulfillment.packing, giftOption } };
    } else out.fulfillment = item.fulfillment;
  }
  return out;
}

function reducedAddress(address: CustomerAddress): CustomerAddress {
  const out: CustomerAddress = {};
  for (const field of NON_PII_ADDRESS_FIELDS) {
    const value = address[field];
    if (value !== undefined) out[field] = value;
  }
  return out;
}
